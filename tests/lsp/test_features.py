"""The server's pieces without the protocol: positions in UTF-16, fixes labelled, the "ignore"
edit, completion of countries and hover on keys."""

from __future__ import annotations

import json

from lsprotocol import types

from briefkit.findings import Edit, Finding, Fix, Severity
from briefkit.lsp.actions import REASON_PLACEHOLDER, code_actions, ignore_edit
from briefkit.lsp.completion import completions
from briefkit.lsp.diagnostics import diagnostic
from briefkit.lsp.hover import hover
from briefkit.lsp.positions import Lines


def test_ranges_count_utf16_units_after_astral_characters() -> None:
    text = '{\n  "title": "🌍 Niger", "tlp": "TLP:WHITE"\n}'
    start = text.index('"TLP:WHITE"')
    finding = Finding(
        "BK014", "invalid-value", Severity.ERROR, "no", "b.json",
        line=2, column=start - 1, end_line=2, end_column=start - 1 + 11,
        offset=start, end_offset=start + 11,
    )  # fmt: skip
    shown = diagnostic(finding, Lines(text))
    column = len(text[2:start].encode("utf-16-le")) // 2
    assert shown.range == types.Range(types.Position(1, column), types.Position(1, column + 11))
    assert Lines(text).offset(shown.range.start) == start
    utf32 = diagnostic(finding, Lines(text, types.PositionEncodingKind.Utf32))
    assert utf32.range.start == types.Position(1, start - 2)


def _finding(text: str, code: str, token: str, fix: Fix | None = None) -> Finding:
    start = text.index(token)
    end = start + len(token)
    return Finding(code, "rule", Severity.WARNING, "m", "b.json", "", 1, start + 1, 1, end + 1,
                   start, end, fix)  # fmt: skip


def test_unsafe_fixes_are_offered_and_labelled() -> None:
    text = '{"id": "a", "title": "t", "kind": "analyss"}'
    start = text.index('"analyss"')
    edit = Edit(start, start + 9, '"analysis"', 1, start + 1, 1, start + 10)
    fix = Fix('replace "analyss" with "analysis"', (edit,), safe=False)
    finding = _finding(text, "BK150", '"analyss"', fix)
    actions = code_actions("file:///b.json", [finding], Lines(text), start, start)
    assert [action.title for action in actions] == [
        'Unsafe fix: replace "analyss" with "analysis" (BK150)',
        "Ignore BK150 in this brief (x-briefkit.ignore, give a reason)",
    ]
    assert not actions[0].is_preferred


def test_ignore_adds_to_the_list_the_object_or_the_brief() -> None:
    entry = {"code": "BK153", "reason": REASON_PLACEHOLDER}
    for text, expected in (
        ('{\n  "id": "a"\n}', {"id": "a", "x-briefkit": {"ignore": [entry]}}),
        ('{"x-briefkit": {}}', {"x-briefkit": {"ignore": [entry]}}),
        (
            '{"x-briefkit": {"ignore": [{"code": "BK1", "reason": "r"}]}}',
            {"x-briefkit": {"ignore": [{"code": "BK1", "reason": "r"}, entry]}},
        ),
    ):
        edit = ignore_edit(text, "BK153")
        assert edit is not None
        changed = text[: edit.offset] + edit.text + text[edit.end_offset :]
        assert json.loads(changed) == expected
    assert ignore_edit('{"id": ', "BK153") is None  # not JSON yet: nothing to add to


def test_countries_complete_with_their_names() -> None:
    text = '{"countries": ["NE", "M'
    items = completions(Lines(text), len(text), {})
    names = {item.label: item.detail for item in items}
    assert names["NE"] == "Niger" and names["ML"] == "Mali"
    item = next(item for item in items if item.label == "ML")
    assert isinstance(item.text_edit, types.TextEdit)
    assert item.text_edit.new_text == '"ML"'
    assert item.text_edit.range.start == types.Position(0, text.rindex('"'))
    assert completions(Lines('{"region": "S'), 13, {}) == []


def test_hover_on_a_key_shows_the_schema_description() -> None:
    text = '{"discover_more": [{"id": "x"}], "tlp": "TLP:CLEAR"}'
    shown = hover([], Lines(text), text.index('"id"') + 1)
    assert shown is not None and isinstance(shown.contents, types.MarkupContent)
    assert "id" in shown.contents.value.lower()
    shown = hover([], Lines(text), text.index('"tlp"') + 2)
    assert shown is not None and isinstance(shown.contents, types.MarkupContent)
    assert "Traffic Light Protocol" in shown.contents.value
    assert hover([], Lines(text), text.index('"TLP:CLEAR"') + 2) is None
