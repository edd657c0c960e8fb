"""Which characters the fonts shipped with the built-in layouts can draw.

Read from the fonts' character maps with fontTools (a WeasyPrint dependency), once per process and
only when a brief holds a character outside the ranges every shipped family covers, so that
checking an ordinary brief never loads a font.
"""

from __future__ import annotations

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


def _always_covered(character: str) -> bool:
    code = ord(character)
    return any(low <= code <= high for low, high in ALWAYS_COVERED)


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
    candidates = [
        character
        for character in dict.fromkeys(text)
        if character not in IGNORED and not _always_covered(character) and ord(character) >= 0x20
    ]
    if not candidates:
        return []
    coverage = shipped_coverage()
    return [character for character in candidates if ord(character) not in coverage]
