"""``briefkit.toml`` in the editor: its syntax and schema errors, each at the key it is about,
and the findings ``briefkit check`` reports about it (a suppression without a reason).

The configuration's own reader (:func:`briefkit.desk.config.parse_config`) words the problem and
names the key (``limits: unknown key 'foo'``); this module finds that key in the buffer, so that
the error sits where the author typed it rather than on the first line.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from briefkit.desk.config import ConfigError, parse_config, toml_error_place
from briefkit.findings import Finding, Severity

CODE = "config"
"""The code of a configuration error: it is not a rule of briefs, so it has no BK code."""

_PLACE = re.compile(r"^(?P<line>\d+):(?P<column>\d+): ")
_QUOTED = re.compile(r"""['"]([^'"\n]+)['"]""")


def configuration_findings(text: str, path: str) -> list[Finding]:
    """The first error in a configuration buffer (the reader stops at one), located; else what
    ``briefkit check`` reports about the file (suppressions without a reason), at their place."""
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raw = text.encode("utf-8", "surrogatepass")
        line, column = (int(part) for part in toml_error_place(error, raw).split(":"))
        what = re.sub(r" \(at (line \d+, column \d+|end of document)\)$", "", str(error))
        return [_finding(path, f"invalid TOML: {what}", text, line, column)]
    try:
        config = parse_config(table, Path(path), Path(path).parent, text=text)
    except ConfigError as error:
        return [broken_configuration(path, str(error), text)]
    return list(config.findings)


def broken_configuration(path: str, message: str, text: str = "") -> Finding:
    """A finding for a configuration error message (``path: key: what``), at the key it names
    when ``text`` holds it, else on the first line."""
    rest = message.removeprefix(f"{path}: ").removeprefix(f"{path}:")
    place = _PLACE.match(rest)
    if place:
        return _finding(path, rest[place.end() :], text, int(place["line"]), int(place["column"]))
    key, _, _ = rest.partition(": ")
    line, column, length = _locate(text, key, rest)
    return _finding(path, rest, text, line, column, length)


def _locate(text: str, key: str, message: str) -> tuple[int, int, int]:
    """1-based line and column of the key a message names (its first dotted part, then the
    quoted name in the message, from that line on), and the length of that name (0: the rest
    of the line)."""
    lines = text.split("\n")
    first = re.split(r"[.\[]", key, maxsplit=1)[0].strip()
    start = 0
    for index, line in enumerate(lines):
        stripped = line.strip()
        if re.match(rf"""^\[?\s*["']?{re.escape(first)}["']?\s*[\]=.]""", stripped):
            start = index
            break
    else:
        return 1, 1, 0
    for quoted in _QUOTED.findall(message.removeprefix(key)):
        for index in range(start, len(lines)):
            column = lines[index].find(quoted)
            if column >= 0:
                return index + 1, column + 1, len(quoted)
    return start + 1, len(lines[start]) - len(lines[start].lstrip()) + 1, 0


def _finding(
    path: str, message: str, text: str, line: int, column: int, length: int = 0
) -> Finding:
    lines = text.split("\n")
    line_length = len(lines[line - 1]) if 0 < line <= len(lines) else column
    end_column = column + length if length else max(line_length + 1, column + 1)
    return Finding(
        CODE,
        "invalid-configuration",
        Severity.ERROR,
        message,
        path,
        line=line,
        column=column,
        end_line=line,
        end_column=end_column,
    )
