"""Which characters the fonts shipped with the built-in layouts can draw.

Read from the fonts' character maps with fontTools (a WeasyPrint dependency), once per process and
only when a brief holds a character outside the ranges every shipped family covers, so that
checking an ordinary brief never loads a font.
"""

from __future__ import annotations

import re
from functools import cache

from briefkit.assets import layouts_dir

ALWAYS_COVERED = (
    (0x0020, 0x024F),  # Latin, Latin-1, Latin Extended-A and -B
    (0x0600, 0x061C),  # Arabic (U+061D, added in Unicode 14, is missing from the font)
    (0x061E, 0x06FF),
    (0x2010, 0x2027),  # dashes, quotes, bullets, ellipsis
    (0x2030, 0x205E),
    (0x20A0, 0x20BF),  # currency signs
)
"""Ranges the shipped fonts cover in full (tests/test_glyphs.py checks it); others are looked up."""

IGNORED = frozenset("\t\n\r\u00ad\u200b\u200c\u200d\u200e\u200f\ufe0e\ufe0f\ufeff")
"""Whitespace and invisible formatting characters, which need no glyph."""


_LOOK_UP = re.compile(
    "[^\\x00-\\x1f"
    + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in ALWAYS_COVERED)
    + "".join(f"\\U{ord(character):08x}" for character in sorted(IGNORED))
    + "]"
)
"""Any character that is neither covered by every shipped font, nor ignored, nor a control
character (a rule of its own): one search over a whole brief, in the regular expression engine."""


@cache
def shipped_coverage() -> frozenset[int]:
    """Every code point some shipped font maps to a glyph."""
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for path in sorted((layouts_dir() / "fonts").glob("*.ttf")):
        font = TTFont(str(path), lazy=True)
        try:
            covered.update(font.getBestCmap() or {})
        finally:
            font.close()
    return frozenset(covered)


def unsupported(text: str) -> list[str]:
    """The distinct characters of ``text`` that no shipped font can draw, in order of appearance."""
    if not _LOOK_UP.search(text):
        return []
    candidates = dict.fromkeys(_LOOK_UP.findall(text))
    coverage = shipped_coverage()
    return [character for character in candidates if ord(character) not in coverage]
