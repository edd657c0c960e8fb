"""The cheap tests rules run before their real search must never skip text the search would
report: each rests on a fact about Unicode that is checked here for every character, and on
briefs that only the slow path can judge."""

from __future__ import annotations

import json
import sys

from briefkit import lint_brief
from briefkit.document.brief import parse_brief
from briefkit.document.text import fold_ascii
from briefkit.rules.structure import _INVISIBLE

EVERY_CHARACTER = [chr(point) for point in range(sys.maxunicode + 1)]


def codes_and_pointers(data: dict[str, object]) -> list[tuple[str, str]]:
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return [(finding.code, finding.pointer) for finding in lint_brief(parse_brief(raw, "b.json"))]


def test_only_two_characters_beyond_ascii_lower_to_an_ascii_letter() -> None:
    # fold_ascii lowers only A-Z, plus these two: any other would hide a word from the rules.
    lowering_to_ascii = [
        character
        for character in EVERY_CHARACTER[128:]
        if character.lower() != character
        and any(ord(lowered) < 128 for lowered in character.lower())
    ]
    assert lowering_to_ascii == ["\u0130", "\u212a"]


def test_folded_bytes_find_the_words_lower_case_text_holds() -> None:
    text = "Li\u212aely, \u0130T LOREM Ipsum, \u00c9t\u00c9 \ud800 Fifty"
    folded = fold_ascii(text.encode("utf-8", "surrogatepass"))
    for word in ("likely", "lorem ipsum", "fifty", "it", "t"):
        assert (word.encode() in folded) == (word in text.lower()), word
    assert b"likely" in folded


def test_every_invisible_character_is_unprintable() -> None:
    # BK121 skips text for which str.isprintable() holds.
    assert [c for c in _INVISIBLE.findall("".join(EVERY_CHARACTER)) if c.isprintable()] == []


def test_case_folding_never_makes_or_removes_a_space() -> None:
    # BK151 compares only items with as many words as another item.
    folded = {c: c.casefold() for c in EVERY_CHARACTER if c.casefold() != c}
    assert folded, "no character changes when case-folded"
    assert [c for c, f in folded.items() if c.isspace() or f.split() != [f]] == []


def test_rules_find_what_only_the_slow_path_sees() -> None:
    found = codes_and_pointers(
        {
            "executive_summary": ["Stra\u00dfe  one", "STRASSE ONE", "two words", "Two\tWords"],
            "region": "\u00a0Sahel\u202e li\u212aely lorem IPSUM",
            "subtitle": "It is HIGHLY LIKELY, see [x](file:///etc) http://example.org",
        }
    )
    for expected in [
        ("BK151", "/executive_summary/1"),
        ("BK151", "/executive_summary/3"),
        ("BK121", "/region"),
        ("BK150", "/region"),
        ("BK172", "/subtitle"),
        ("BK130", "/subtitle"),
    ]:
        assert expected in found
    assert ("BK151", "/executive_summary/2") not in found
