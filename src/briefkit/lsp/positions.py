"""Places in an editor's buffer: code-point offsets (what findings carry) to LSP positions.

Findings and fixes count code points; LSP counts lines split at ``\\n``, ``\\r\\n`` or ``\\r`` and
characters in the encoding the client and server agreed on (UTF-16 unless told otherwise). This
is the one place that converts.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from lsprotocol import types

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _units(text: str, encoding: str) -> int:
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@dataclass
class Lines:
    """The line starts of one text, to convert offsets both ways."""

    text: str
    encoding: str = types.PositionEncodingKind.Utf16
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = [0] + [match.end() for match in _LINE_BREAK.finditer(self.text)]

    def position(self, offset: int) -> types.Position:
        """The LSP position of a code-point offset (clamped to the text)."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        return types.Position(line, _units(self.text[start:offset], self.encoding))

    def range(self, offset: int, end_offset: int) -> types.Range:
        return types.Range(self.position(offset), self.position(max(offset, end_offset)))

    def offset(self, position: types.Position) -> int:
        """The code-point offset of an LSP position (clamped to its line)."""
        if position.line >= len(self.starts):
            return len(self.text)
        start = self.starts[position.line]
        end = self.starts[position.line + 1] if position.line + 1 < len(self.starts) else None
        line = self.text[start:end]
        count = 0
        for index, char in enumerate(line):
            if count >= position.character or char in "\r\n":
                return start + index
            count += _units(char, self.encoding)
        return start + len(line)

    def line_end(self, offset: int) -> int:
        """The offset where the line holding ``offset`` ends (before its line break)."""
        line = bisect_right(self.starts, max(0, offset)) - 1
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        while end > self.starts[line] and self.text[end - 1] in "\r\n":
            end -= 1
        return end

    def offset_of(self, line: int, column: int) -> int:
        """The offset of a 1-based (line, column) counted in code points with ``\\n`` lines, as
        findings count them."""
        starts = [0] + [match.end() for match in re.finditer("\n", self.text)]
        if line - 1 >= len(starts):
            return len(self.text)
        return min(starts[max(line - 1, 0)] + max(column - 1, 0), len(self.text))
