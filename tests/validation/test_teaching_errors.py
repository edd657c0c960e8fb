"""Errors that teach: each common mistake is named with its fix, at the character at fault."""

from __future__ import annotations

import json

import pytest

from briefkit import BriefkitError, lint_brief, parse_brief
from briefkit.document.brief import Brief
from tests.conftest import SAMPLE_ANALYSIS

SAMPLE = SAMPLE_ANALYSIS


def syntax_error(text: str) -> tuple[int, int, str]:
    with pytest.raises(BriefkitError) as caught:
        parse_brief(text.encode(), "draft.json")
    (finding,) = caught.value.findings
    assert finding.code == "BK001"
    return finding.line, finding.column, finding.message


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ('{\n  "a": [1, 2],\n  "b": "x",\n}', 3, 11, "trailing comma"),
        ('{"a": [1, 2,\n]}', 1, 12, "trailing comma"),
        ('{\n  "text": "He said "no" to them",\n  "b": 1\n}', 2, 20, 'write it as \\"'),
        ("{'a': 1}", 1, 2, "single quotes"),
        ("{\"a\": 'x'}", 1, 7, "single quotes"),
        ('{\n  // note\n  "a": 1\n}', 2, 3, "comments are not allowed"),
        ('{"a": 1 /* x */}', 1, 9, "comments are not allowed"),
        ('{\n  "a": "x"\n  "b": 1\n}', 2, 11, "missing comma"),
        ("{“a”: 1}", 1, 2, "typographic quote “"),
        ('{"a": ”x”}', 1, 7, "typographic quote ”"),
        ('{\n  "a": "xyz,\n  "b": 1\n}', 2, 13, "not closed before the end of the line"),
        ('{"a": "xyz', 1, 11, "not closed"),
        ('{"kind": analysis}', 1, 10, '"analysis"'),
        ('{"title": "x",,}', 1, 15, "a comma with no item before it"),
        ("", 1, 1, "empty or cut short"),
        ('{"title" "x"}', 1, 9, "followed by ':'"),
    ],
)
def test_syntax_errors_name_cause_and_fix(text: str, line: int, column: int, words: str) -> None:
    found = syntax_error(text)
    assert found[:2] == (line, column), found
    assert words in found[2]


def brief_with(**changes: object) -> Brief:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return parse_brief(json.dumps(data, indent=2, ensure_ascii=False).encode(), "draft.json")


def messages(brief: Brief) -> list[tuple[str, str]]:
    return [(finding.code, finding.message) for finding in lint_brief(brief)]


def test_misspelt_section_is_reported_once_as_the_typo() -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["executive_sumary"] = data.pop("executive_summary")
    found = messages(parse_brief(json.dumps(data).encode(), "draft.json"))
    assert found == [
        (
            "BK012",
            "top level: unknown property 'executive_sumary'; did you mean 'executive_summary'? "
            "rename the key",
        )
    ]


def test_a_date_in_another_order_gets_one_finding_with_the_iso_form() -> None:
    found = messages(brief_with(date="28/11/2026"))
    assert found == [
        ("BK015", 'date: "28/11/2026" is not written as YYYY-MM-DD (ISO 8601); write "2026-11-28"')
    ]


def test_an_ambiguous_date_offers_both_readings() -> None:
    ((code, message),) = messages(brief_with(date="05/11/2025"))
    assert code == "BK015"
    assert '"2025-11-05" or "2025-05-11"' in message


def test_a_day_that_does_not_exist_is_one_finding() -> None:
    assert messages(brief_with(date="2025-02-30")) == [
        (
            "BK015",
            'date: "2025-02-30" is not a real calendar date (no such day); check the month and day',
        ),
    ]


def test_an_id_with_spaces_gets_the_id_to_write() -> None:
    assert messages(brief_with(id="Niger Mali AES")) == [
        ("BK015", 'id: "Niger Mali AES" is not a valid brief id; write "niger-mali-aes"')
    ]


def test_a_value_without_a_suggestion_gets_the_form_to_write() -> None:
    assert messages(brief_with(language="en_GB")) == [
        (
            "BK015",
            'language: "en_GB" is not a valid language tag; '
            'write a BCP 47 tag such as "en", "fr" or "pt-BR"',
        )
    ]


@pytest.mark.parametrize(
    ("language", "name", "code"),
    [
        ("en", "Kenya", "KE"),
        ("fr", "Côte d’Ivoire", "CI"),
        ("pt", "Níger", "NE"),
        ("en", "ne", "NE"),
        ("en", "NER", "NE"),
        ("fr", "Tchad", "TD"),
    ],
)
def test_country_names_suggest_their_code(language: str, name: str, code: str) -> None:
    found = messages(brief_with(countries=[name], language=language))
    assert [message for rule, message in found if rule == "BK015"] == [
        f"countries[0]: {json.dumps(name, ensure_ascii=False)} is not a valid ISO 3166-1 alpha-2 "
        f'country code; write "{code}"'
    ]


def test_tlp_white_is_renamed_tlp_clear() -> None:
    assert messages(brief_with(tlp="TLP:WHITE")) == [
        (
            "BK014",
            'tlp: "TLP:WHITE" is not allowed; TLP 2.0 renamed TLP:WHITE to TLP:CLEAR; '
            'write "TLP:CLEAR"',
        )
    ]


def test_a_string_where_a_list_belongs_shows_the_wrapped_form() -> None:
    assert messages(brief_with(tags="AES")) == [
        ("BK011", 'tags: expected an array, found a string; wrap it in a list: "tags": ["AES"]')
    ]


def test_a_missing_section_says_how_to_suppress_it() -> None:
    ((code, message),) = messages(brief_with(strategic_implications=None))
    assert code == "BK103"
    assert '"x-briefkit": {"ignore": [{"code": "BK103", "reason": "..."}]}' in message


def test_the_suppression_the_message_suggests_works() -> None:
    brief = brief_with(
        strategic_implications=None,
        **{"x-briefkit": {"ignore": [{"code": "BK103", "reason": "source had none"}]}},
    )
    assert messages(brief) == []


@pytest.mark.parametrize(
    ("phrase", "nearest"),
    [
        ("highly likely", "very likely"),
        ("most likely", "very likely"),
        ("probable chance", "likely"),
        ("Highly unlikely", "very unlikely"),
    ],
)
def test_estimative_language_off_the_icd_203_scale_is_a_warning(phrase: str, nearest: str) -> None:
    assessment = json.loads(SAMPLE.read_text(encoding="utf-8"))["assessment"]
    assessment["conclusion"] = f"Renewed clashes are {phrase} before the vote."
    found = [
        message for code, message in messages(brief_with(assessment=assessment)) if code == "BK172"
    ]
    assert found == [
        f"assessment.conclusion: {phrase!r} is not on the ICD 203 likelihood scale; use "
        f"{nearest!r}" + found[0].split(repr(nearest), 1)[1]
    ]
    assert all(code != "BK170" for code, _ in messages(brief_with(assessment=assessment)))


def test_standard_terms_pass() -> None:
    assessment = json.loads(SAMPLE.read_text(encoding="utf-8"))["assessment"]
    assessment["conclusion"] = "Renewed clashes are very likely; a coup is roughly even chance."
    assert not [code for code, _ in messages(brief_with(assessment=assessment)) if code == "BK172"]
