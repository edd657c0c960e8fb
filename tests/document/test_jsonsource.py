"""Strict JSON reading: positions, duplicate keys, NaN, encodings, nesting."""

from __future__ import annotations

import json

import pytest

from briefkit import BriefkitError, parse_brief
from briefkit.document.brief import Limits
from briefkit.document.jsonsource import SourceText, dotted, pointer_of


def codes_and_places(raw: bytes, limits: Limits | None = None) -> list[tuple[str, int, int]]:
    with pytest.raises(BriefkitError) as caught:
        parse_brief(raw, "draft.json", limits or Limits())
    return [(f.code, f.line, f.column) for f in caught.value.findings]


def test_syntax_error_reports_line_and_column() -> None:
    assert codes_and_places(b'{\n  "title": "x",\n  "kind": analysis\n}') == [("BK001", 3, 11)]


def test_empty_file_is_a_syntax_error() -> None:
    assert codes_and_places(b"") == [("BK001", 1, 1)]


def test_duplicate_keys_name_both_lines() -> None:
    raw = b'{\n  "title": "Draft",\n  "kind": "analysis",\n  "title": "Final"\n}'
    with pytest.raises(BriefkitError) as caught:
        parse_brief(raw, "draft.json")
    (finding,) = caught.value.findings
    assert (finding.code, finding.line, finding.column) == ("BK003", 4, 3)
    assert "first on line 2, again on line 4" in finding.message


def test_nested_duplicate_keys_are_all_reported() -> None:
    raw = b'{"assessment": {"summary": "a", "summary": "b"},\n "id": "x", "id": "y"}'
    assert [code for code, *_ in codes_and_places(raw)] == ["BK003", "BK003"]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_errors(constant: str) -> None:
    raw = f'{{\n  "title": {constant}\n}}'.encode()
    assert codes_and_places(raw) == [("BK001", 2, 12)]


def test_utf8_bom_is_accepted() -> None:
    brief = parse_brief(b'\xef\xbb\xbf{"title": "Niger\xe2\x80\x93Mali"}', "bom.json")
    assert brief.data["title"] == "Niger–Mali"


def test_utf16_is_an_encoding_error() -> None:
    raw = '{"title": "x"}'.encode("utf-16")
    assert codes_and_places(raw) == [("BK002", 1, 1)]


def test_invalid_utf8_is_located() -> None:
    raw = b'{\n  "title": "caf\xe9"\n}'
    assert codes_and_places(raw) == [("BK002", 2, 16)]


def test_top_level_must_be_an_object() -> None:
    assert codes_and_places(b"[1, 2]") == [("BK004", 1, 1)]
    assert codes_and_places(b'  "text"') == [("BK004", 1, 3)]


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    raw = b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    ((code, line, column),) = codes_and_places(raw)
    assert code == "BK006"
    assert line == 1 and column > 1


def test_nesting_limit_is_configurable() -> None:
    raw = b'{"a": [[[1]]]}'
    assert codes_and_places(raw, Limits(max_depth=3))[0][0] == "BK006"
    assert parse_brief(raw, "ok.json", Limits(max_depth=4)).data == {"a": [[[1]]]}


def test_file_size_limit() -> None:
    raw = b'{"title": "' + b"x" * 2000 + b'"}'
    assert codes_and_places(raw, Limits(max_file_bytes=1000)) == [("BK005", 1, 1)]


def test_positions_of_values_and_keys() -> None:
    text = '{\n  "a": [\n    {"b": 1},\n    "c"\n  ],\n  "d\\u00e9": true\n}'
    source = SourceText(text)
    assert source.locate(("a",)) == (2, 8)
    assert source.locate(("a", 0, "b")) == (3, 11)
    assert source.locate(("a", 0, "b"), key=True) == (3, 6)
    assert source.locate(("a", 1)) == (4, 5)
    assert source.locate(("dé",)) == (6, 14)
    # A path that does not exist is placed at its nearest existing ancestor.
    assert source.locate(("a", 0, "missing")) == (3, 5)
    assert json.loads(text)["dé"] is True


def test_paths_are_shown_as_authors_write_them() -> None:
    assert dotted(("key_developments", 2, "label")) == "key_developments[2].label"
    assert pointer_of(("a/b", 0, "m~n")) == "/a~1b/0/m~0n"


def test_a_number_too_long_for_python_is_a_located_bk001() -> None:
    raw = ('{\n  "n": ' + "9" * 5000 + "\n}").encode()
    with pytest.raises(BriefkitError) as caught:
        parse_brief(raw, "long.json")
    (finding,) = caught.value.findings
    assert (finding.code, finding.line, finding.column) == ("BK001", 2, 8)
    assert "a number too long to read" in finding.message
