"""Where each value of a TOML document is written.

``tomllib`` returns values without positions, and comments are dropped, so a finding about a
value of ``briefkit.toml`` (a suppression without a reason) would otherwise sit on the first
line. This scanner reads a document that ``tomllib`` has already accepted and records the span
of every value by its key path (array items by index), in code points of the text, as findings
count them. It does not judge the document: on anything it does not expect it stops, and the
values it did not reach have no place.
"""

from __future__ import annotations

import contextlib
import re

Key = tuple[str | int, ...]
Span = tuple[int, int]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR = re.compile(r"[^,\]}\n#]+")


class _Unexpected(Exception):
    """The text is not what the scanner expects here (it is not TOML ``tomllib`` accepted)."""


def value_places(text: str) -> dict[Key, Span]:
    """The span (offset, end offset) of each value of ``text`` by its key path: ``("ignore",
    0)`` is the first item of ``ignore``; a table's values sit under its header's keys."""
    import tomllib  # here: only a configuration with a finding to place is scanned

    scanner = _Scanner(text)
    # On a surprise, keep what was placed before it.
    with contextlib.suppress(_Unexpected, IndexError, tomllib.TOMLDecodeError):
        scanner.document()
    return scanner.places


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column (code points) of ``offset`` in ``text``."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.places: dict[Key, Span] = {}
        self._array_tables: dict[Key, int] = {}

    def document(self) -> None:
        table: Key = ()
        while True:
            self._skip(newlines=True)
            if self.pos >= len(self.text):
                return
            if self.text.startswith("[[", self.pos):
                self.pos += 2
                key = self._key()
                self._expect("]]")
                index = self._array_tables[key] = self._array_tables.get(key, -1) + 1
                table = (*key, index)
            elif self.text[self.pos] == "[":
                self.pos += 1
                key = self._key()
                self._expect("]")
                table = key
            else:
                key = self._key()
                self._expect("=")
                self._value((*table, *key))

    def _skip(self, *, newlines: bool) -> None:
        """Past spaces and tabs (and line ends and comments, when ``newlines``; a comment runs
        to its line end either way)."""
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in " \t" or (newlines and char in "\r\n"):
                self.pos += 1
            elif char == "#":
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            else:
                return

    def _expect(self, token: str) -> None:
        self._skip(newlines=False)
        if not self.text.startswith(token, self.pos):
            raise _Unexpected(token)
        self.pos += len(token)

    def _key(self) -> tuple[str, ...]:
        """A dotted key; each part bare or quoted."""
        parts: list[str] = []
        while True:
            self._skip(newlines=False)
            if self.text[self.pos] in "\"'":
                import tomllib  # loaded by value_places already

                start = self.pos
                self._string()
                parts.append(tomllib.loads(f"k = {self.text[start : self.pos]}")["k"])
            else:
                match = _BARE_KEY.match(self.text, self.pos)
                if match is None:
                    raise _Unexpected("key")
                parts.append(match.group())
                self.pos = match.end()
            self._skip(newlines=False)
            if not self.text.startswith(".", self.pos):
                return tuple(parts)
            self.pos += 1

    def _string(self) -> None:
        """Past one string of any of the four kinds."""
        text, quote = self.text, self.text[self.pos]
        if text.startswith(quote * 3, self.pos):
            self.pos += 3
            while not text.startswith(quote * 3, self.pos):
                self.pos += 2 if quote == '"' and text[self.pos] == "\\" else 1
                if self.pos >= len(text):
                    raise _Unexpected("end of string")
            self.pos += 3
            while self.pos < len(text) and text[self.pos] == quote:  # """a"""" ends in a quote
                self.pos += 1
            return
        self.pos += 1
        while text[self.pos] != quote:
            if text[self.pos] == "\n":
                raise _Unexpected("end of string")
            self.pos += 2 if quote == '"' and text[self.pos] == "\\" else 1
        self.pos += 1

    def _value(self, key: Key) -> None:
        self._skip(newlines=False)
        start, char = self.pos, self.text[self.pos]
        if char in "\"'":
            self._string()
        elif char == "[":
            self.pos += 1
            self._items(key, closing="]")
        elif char == "{":
            self.pos += 1
            self._inline_table(key)
        else:
            match = _SCALAR.match(self.text, self.pos)
            if match is None:
                raise _Unexpected("value")
            self.pos = start + len(match.group().rstrip())
        self.places[key] = (start, self.pos)

    def _items(self, key: Key, closing: str) -> None:
        index = 0
        while True:
            self._skip(newlines=True)
            if self.text[self.pos] == closing:
                self.pos += 1
                return
            self._value((*key, index))
            index += 1
            self._skip(newlines=True)
            if self.text[self.pos] == ",":
                self.pos += 1

    def _inline_table(self, key: Key) -> None:
        while True:
            self._skip(newlines=True)
            if self.text[self.pos] == "}":
                self.pos += 1
                return
            name = self._key()
            self._expect("=")
            self._value((*key, *name))
            self._skip(newlines=True)
            if self.text[self.pos] == ",":
                self.pos += 1
