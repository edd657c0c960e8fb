"""Strict JSON reading that remembers where every key and value stands in the text.

Values come from the standard library's C parser. Positions come from a small scanner of ours
(maintained "JSON with positions" parsers drop key positions) that runs only when a finding needs
a line and column: most briefs in a CI run have none.

Strictness beyond the standard library: duplicate keys are an error naming both lines; ``NaN`` and
``Infinity`` are errors; the text must be UTF-8 (a BOM is allowed); nesting has a limit that
produces an error rather than a ``RecursionError``.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from briefkit.document.syntax import DELETE_COMMA, diagnose_syntax_error
from briefkit.document.values import walk as walk  # the one walk, where it always was

JsonPath = tuple[str | int, ...]
"""A path into a JSON document: object keys and array indexes from the root."""

_TOKEN = re.compile(
    r"""[ \t\r\n]*(?:
        (?P<punct>[{}\[\],:])
      | (?P<string>")
      | (?P<number>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
      | (?P<literal>true|false|null)
      | (?P<constant>NaN|-?Infinity)
      | (?P<other>[^ \t\r\n])
    )""",
    re.VERBOSE | re.DOTALL,
)


def pointer_of(path: JsonPath) -> str:
    """RFC 6901 JSON Pointer for ``path`` (``""`` is the whole document)."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def dotted(path: JsonPath) -> str:
    """The path as an author reads it: ``key_developments[2].label``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(document)"


@dataclass(frozen=True)
class Duplicate:
    """A key that appears twice in one object."""

    path: JsonPath
    first: int
    second: int


@dataclass
class _Scan:
    values: dict[JsonPath, int] = field(default_factory=dict)
    keys: dict[JsonPath, int] = field(default_factory=dict)
    value_ends: dict[JsonPath, int] = field(default_factory=dict)  # offsets after the last char
    key_ends: dict[JsonPath, int] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)
    constants: list[int] = field(default_factory=list)
    too_deep: int | None = None
    stopped: tuple[str, int] | None = None
    """Why and where the scanner gave up on text that is not JSON; positions before it hold."""


def _scan(text: str, max_depth: int) -> _Scan:
    """Walk the tokens of ``text`` and record where each key and value starts.

    Iterative, so that nesting of any depth cannot exhaust the interpreter's stack.
    """
    scan = _Scan()
    # Each frame: [path of the container, next index or pending key, keys seen -> offset, is_object]
    stack: list[list[Any]] = []
    expecting_key = False
    position = 0
    length = len(text)

    def here() -> JsonPath:
        if not stack:
            return ()
        frame = stack[-1]
        return (*frame[0], frame[1])

    while position < length:
        match = _TOKEN.match(text, position)
        if match is None:  # only trailing whitespace is left
            break
        start = match.start(match.lastindex or 0)
        kind = match.lastgroup
        position = match.end()
        if kind == "punct":
            char = match.group("punct")
            if char in "{[":
                path = here()
                scan.values.setdefault(path, start)
                if len(stack) >= max_depth:
                    scan.too_deep = start
                    return scan
                if char == "{":
                    stack.append([path, None, {}, True])
                    expecting_key = True
                else:
                    stack.append([path, 0, None, False])
            elif char in "}]":
                if not stack:
                    scan.stopped = (f"unexpected '{char}'", start)
                    return scan
                scan.value_ends.setdefault(stack.pop()[0], position)
                expecting_key = False
            elif char == ",":
                if stack and stack[-1][3]:
                    expecting_key = True
                elif stack:
                    stack[-1][1] += 1
            # ':' needs nothing: the key was recorded when it was read.
        elif kind == "string":
            try:
                value, position = scanstring(text, start + 1, True)
            except ValueError:  # an unterminated string or a bad escape
                scan.stopped = ("unterminated string or invalid escape", start)
                return scan
            if expecting_key and stack:
                frame = stack[-1]
                key_path = (*frame[0], value)
                seen: dict[str, int] = frame[2]
                if value in seen:
                    scan.duplicates.append(Duplicate(key_path, seen[value], start))
                else:
                    seen[value] = start
                    scan.keys[key_path] = start
                    scan.key_ends[key_path] = position
                frame[1] = value
                expecting_key = False
            else:
                _record(scan, here(), start, position)
        elif kind in ("number", "literal"):
            _record(scan, here(), start, position)
        elif kind == "constant":
            _record(scan, here(), start, position)
            scan.constants.append(start)
        else:
            scan.stopped = (f"unexpected character {match.group('other')!r}", start)
            return scan
    return scan


def _record(scan: _Scan, path: JsonPath, start: int, end: int) -> None:
    if path not in scan.values:
        scan.values[path], scan.value_ends[path] = start, end


class SourceText:
    """The text of a JSON document, and where each of its values starts (computed on first use)."""

    def __init__(self, text: str | bytes, max_depth: int = 64) -> None:
        self._text = text  # UTF-8 bytes (no BOM) are decoded on first use: most are never read
        self._max_depth = max_depth
        self._line_starts: list[int] | None = None
        self._scan: _Scan | None = None

    @property
    def text(self) -> str:
        if isinstance(self._text, bytes):
            self._text = self._text.decode("utf-8")
        return self._text

    def __getstate__(self) -> dict[str, Any]:
        # Positions are recomputed on demand; a brief sent between processes carries only text.
        return {"text": self.text, "_max_depth": self._max_depth}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["text"], state["_max_depth"])  # type: ignore[misc]

    @property
    def scan(self) -> _Scan:
        if self._scan is None:
            self._scan = _scan(self.text, self._max_depth)
        return self._scan

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        index = bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def locate(self, path: JsonPath, *, key: bool = False) -> tuple[int, int]:
        """Where the value at ``path`` starts (its key, with ``key=True``).

        A path that is not in the document (a missing property) is placed at the nearest
        ancestor that is.
        """
        return self.position(self.span(path, key=key)[0])

    def span(self, path: JsonPath, *, key: bool = False) -> tuple[int, int]:
        """Start and end offsets (code points) of the whole value at ``path`` (a string with
        its quotes, an object from ``{`` to ``}``; its key, with ``key=True``). A path not in the
        document (a missing property) gets the first character of its nearest ancestor."""
        exact = (key and self.exact_span(path, key=True)) or self.exact_span(path)
        if exact:
            return exact
        scan = self.scan
        for end in range(len(path), -1, -1):
            offset = scan.values.get(path[:end])
            if offset is not None:
                return offset, min(offset + 1, len(self.text))
        return 0, min(1, len(self.text))

    def exact_span(self, path: JsonPath, *, key: bool = False) -> tuple[int, int] | None:
        """The span of the value (key) at ``path``, ``None`` when it is not in the text."""
        scan = self.scan
        starts, ends = (scan.keys, scan.key_ends) if key else (scan.values, scan.value_ends)
        return (starts[path], ends[path]) if path in starts and path in ends else None


class _ConstantError(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _ConstantError(name)


@dataclass(frozen=True)
class JsonProblem:
    """Why a text could not be read as a JSON document: a message and where."""

    code: str
    message: str
    line: int
    column: int
    offset: int = -1  # where the fault is, in code points (-1: not known, bytes not UTF-8)
    deletes: bool = False  # deleting the character at offset is the certain fix (a comma)


def parse_json(raw: bytes, *, max_depth: int = 64) -> tuple[Any, SourceText, list[JsonProblem]]:
    """Decode and parse ``raw`` strictly.

    Returns the value (``None`` when it could not be parsed), the source text with its positions,
    and every problem found. The caller decides what a problem costs.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problem = JsonProblem("BK002", "the file is UTF-16 or UTF-32; save it as UTF-8", 1, 1)
        return None, SourceText(""), [problem]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        message = f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        return None, SourceText(""), [JsonProblem("BK002", message, line, column)]

    source = SourceText(text, max_depth)
    pairs_seen = [False]

    def check_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            pairs_seen[0] = True
        return result

    try:
        value = json.loads(text, object_pairs_hook=check_pairs, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        message, fault = diagnose_syntax_error(text, exc.msg, exc.pos)
        deletes = message.endswith(DELETE_COMMA) and text[fault : fault + 1] == ","
        problem = JsonProblem("BK001", message, *source.position(fault), fault, deletes)
        return None, source, [problem]
    except _ConstantError as exc:
        scan = source.scan
        constants = [
            JsonProblem(
                "BK001",
                f"invalid JSON: {text[offset:].split(None, 1)[0].rstrip(',]}')} is not a JSON "
                "number; use null or a string",
                *source.position(offset),
            )
            for offset in scan.constants
        ]
        if scan.stopped is not None:  # more than a constant is wrong: say where the text breaks
            message, offset = scan.stopped
            constants.append(
                JsonProblem("BK001", f"invalid JSON: {message}", *source.position(offset))
            )
        return None, source, constants or [JsonProblem("BK001", f"invalid JSON: {exc}", 1, 1)]
    except RecursionError:
        too_deep = True
    except ValueError:  # Python refuses integers of more than sys.get_int_max_str_digits() digits
        long_number = _LONG_NUMBER.search(text)
        offset = long_number.start() if long_number else 0
        message = "invalid JSON: a number too long to read; write it as a string if it must stay"
        return None, source, [JsonProblem("BK001", message, *source.position(offset))]
    else:
        too_deep = _depth_exceeds(value, max_depth)

    problems: list[JsonProblem] = []
    if not too_deep and _MAY_HAVE_SURROGATE.search(text):
        for path in _surrogate_paths(value):
            line, column = source.locate(path)
            problems.append(
                JsonProblem(
                    "BK001",
                    f"invalid JSON: {dotted(path)} contains a lone surrogate escape (\\ud800 to "
                    "\\udfff), which is not a character; remove it",
                    line,
                    column,
                )
            )
        if problems:
            return None, source, problems
    if too_deep:
        deep_at = source.scan.too_deep
        line, column = source.position(deep_at) if deep_at is not None else (1, 1)
        problems.append(
            JsonProblem("BK006", f"nesting is deeper than {max_depth} levels", line, column)
        )
        return None, source, problems
    if pairs_seen[0]:
        for duplicate in source.scan.duplicates:
            parent = duplicate.path[:-1]
            where = f"in {dotted(parent)}" if parent else "at the top level"
            first_line, _ = source.position(duplicate.first)
            line, column = source.position(duplicate.second)
            problems.append(
                JsonProblem(
                    "BK003",
                    f"duplicate key {duplicate.path[-1]!r} "
                    f"{where}: "
                    f"first on line {first_line}, again on line {line}; keep one",
                    line,
                    column,
                )
            )
    return value, source, problems


_LONG_NUMBER = re.compile(r"\d{1000,}")
_MAY_HAVE_SURROGATE = re.compile(r"\\u[dD][89abcdefABCDEF]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _surrogate_paths(value: Any) -> list[JsonPath]:
    """Paths of the strings (values or keys) that hold a lone surrogate code point."""
    found: list[JsonPath] = []
    for path, current in walk(value):
        if isinstance(current, str) and _SURROGATE.search(current):
            found.append(path)
        elif isinstance(current, dict):
            found.extend((*path, key) for key in current if _SURROGATE.search(key))
    return sorted(found, key=str)


def _depth_exceeds(value: Any, max_depth: int) -> bool:
    """Whether containers nest more than ``max_depth`` levels (a walk by level, without paths)."""
    level = [value] if type(value) is dict or type(value) is list else []
    depth = 0
    while level:
        depth += 1
        if depth > max_depth:
            return True
        below: list[Any] = []
        for container in level:
            items = container.values() if type(container) is dict else container
            below += [item for item in items if type(item) is dict or type(item) is list]
        level = below
    return False
