"""``--fix``, ``--unsafe-fixes`` and ``--diff``: the fixes the messages name, applied as minimal
edits; and the spans findings carry."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefkit import lint_text
from briefkit.document.brief import parse_brief
from briefkit.rules.lint import lint_brief
from tests.conftest import SAMPLES
from tests.helpers import invoke

SAMPLE = (SAMPLES / "niger-mali-aes.json").read_text(encoding="utf-8")

PLANTED = [
    ('"kind": "analysis"', '"kind": "Analysis"'),  # case: safe
    ('"title": "Niger', '"titel": "Niger'),  # a key one typo away: safe
    ('"date": "2025-10-02"', '"date": "2025/10/02"'),  # another order, one day only: safe
    ('"tlp": "TLP:CLEAR"', '"tlp": "TLP:WHITE"'),  # renamed in TLP 2.0: safe
    ('"BF"\n', '"BF",\n'),  # a trailing comma: safe
]
"""Fixable defects planted in the sample, as (good text, planted text)."""


def _desk(tmp_path: Path, text: str) -> Path:
    desk = tmp_path / "desk"
    desk.mkdir()
    for sample in ("tanzania-election.json", "tanzania-security-update.json"):
        shutil.copy(SAMPLES / sample, desk / sample)
    (desk / "brief.json").write_text(text, encoding="utf-8")
    (desk / "briefkit.toml").write_text("", encoding="utf-8")  # the desk's root, outside git
    return desk


def _planted(pairs: list[tuple[str, str]]) -> str:
    text = SAMPLE
    for good, bad in pairs:
        assert text.count(good) == 1, good
        text = text.replace(good, bad)
    return text


def test_fix_removes_the_planted_defects_and_changes_no_other_byte(tmp_path: Path) -> None:
    desk = _desk(tmp_path, _planted(PLANTED))
    others = {p.name: p.read_bytes() for p in desk.iterdir() if p.name != "brief.json"}
    # (and the result cache, a folder of its own, ignored by git)

    result = invoke("check", str(desk), "--fix")

    assert result.exit_code == 0, result.output
    assert (desk / "brief.json").read_text(encoding="utf-8") == SAMPLE
    assert "Fixed 5 findings in 1 file." in result.stderr
    files = {p.name: p.read_bytes() for p in desk.iterdir() if p.is_file()}
    assert files == {**others, "brief.json": SAMPLE.encode("utf-8")}

    again = invoke("check", str(desk), "--fix")
    assert again.exit_code == 0
    assert "Fixed" not in again.stderr
    assert (desk / "brief.json").read_text(encoding="utf-8") == SAMPLE


def test_diff_prints_the_fixes_and_changes_nothing(tmp_path: Path) -> None:
    planted = _planted(PLANTED)
    desk = _desk(tmp_path, planted)

    result = invoke("check", str(desk), "--diff")

    assert result.exit_code == 1
    assert (desk / "brief.json").read_text(encoding="utf-8") == planted
    assert '-  "tlp": "TLP:WHITE",\n+  "tlp": "TLP:CLEAR",\n' in result.stdout
    assert '-    "BF",\n+    "BF"\n' in result.stdout
    lines = result.stdout.splitlines()
    assert lines[:2] == [f"--- {desk / 'brief.json'}", f"+++ {desk / 'brief.json'}"]
    assert len([line for line in lines[2:] if line.startswith("-")]) == 5
    assert len([line for line in lines[2:] if line.startswith("+")]) == 5
    assert "Would fix 5 findings in 1 file." in result.stderr


def test_a_fix_keeps_line_endings_a_byte_order_mark_and_the_file_mode(tmp_path: Path) -> None:
    planted = _planted([('"tlp": "TLP:CLEAR"', '"tlp": "TLP:WHITE"')]).replace("\n", "\r\n")
    desk = _desk(tmp_path, "")
    brief = desk / "brief.json"
    brief.write_bytes(b"\xef\xbb\xbf" + planted.encode("utf-8"))
    brief.chmod(0o640)

    assert invoke("lint", str(brief), "--fix").exit_code == 0

    expected = planted.replace('"TLP:WHITE"', '"TLP:CLEAR"')
    assert brief.read_bytes() == b"\xef\xbb\xbf" + expected.encode("utf-8")
    assert brief.stat().st_mode & 0o777 == 0o640


def test_unsafe_and_ambiguous_fixes(tmp_path: Path) -> None:
    data = json.loads(SAMPLE)
    data["tlp"] = "TLP:AMBR"  # a guess: unsafe
    data["date"] = "03/04/2025"  # 3 April or 4 March: ambiguous, never fixed
    text = json.dumps(data, ensure_ascii=False, indent=2)
    desk = _desk(tmp_path, text)

    safe_only = invoke("check", str(desk), "--fix")
    assert safe_only.exit_code == 1
    assert (desk / "brief.json").read_text(encoding="utf-8") == text

    unsafe = invoke("check", str(desk), "--fix", "--unsafe-fixes")
    assert unsafe.exit_code == 1  # the date is still wrong
    fixed = (desk / "brief.json").read_text(encoding="utf-8")
    assert fixed == text.replace('"TLP:AMBR"', '"TLP:AMBER"')
    assert "BK015" in unsafe.stdout and "03/04/2025" in unsafe.stdout


@pytest.mark.parametrize(
    ("args", "stdin"),
    [(("check", "--fix", "--staged"), None), (("check", "--fix", "-"), "{}"),
     (("lint", "--fix", "-"), "{}"), (("check", "--diff", "-"), "{}")],
)  # fmt: skip
def test_fix_needs_files_in_the_work_tree(args: tuple[str, ...], stdin: str | None) -> None:
    result = invoke(*args, input=stdin)
    assert result.exit_code == 2
    assert "briefkit: error: --" in result.stderr


def test_findings_span_the_whole_offending_value_or_key_in_code_points() -> None:
    text = '{\n  "title": "Niger–Mali – AES",  "tlp": "TLP:WHITE",\n  "titel": 1\n}'
    brief = parse_brief(text.encode("utf-8"), "b.json")
    by_code = {finding.code: finding for finding in lint_brief(brief)}

    tlp = by_code["BK014"]
    assert text[tlp.offset : tlp.end_offset] == '"TLP:WHITE"'
    line = text.splitlines()[1]
    assert (tlp.line, tlp.column, tlp.end_line) == (2, line.index('"TLP') + 1, 2)
    assert tlp.end_column - tlp.column == len('"TLP:WHITE"')
    assert tlp.fix is not None and tlp.fix.safe
    assert [edit.text for edit in tlp.fix.edits] == ['"TLP:CLEAR"']

    key = by_code["BK012"]
    assert text[key.offset : key.end_offset] == '"titel"'
    assert key.fix is None  # "title" is there already: renaming would make a duplicate


def test_a_trailing_comma_finding_spans_the_comma_and_deletes_it() -> None:
    text = '{"tags": ["AES",\n]}'
    (finding,) = lint_text(text, "nowhere/b.json")
    assert finding.code == "BK001"
    assert text[finding.offset : finding.end_offset] == ","
    assert finding.fix is not None and finding.fix.safe
    assert [(e.offset, e.end_offset, e.text) for e in finding.fix.edits] == [(15, 16, "")]


def test_lint_text_reads_open_buffers_instead_of_their_files(tmp_path: Path) -> None:
    desk = _desk(tmp_path, SAMPLE)
    data = json.loads(SAMPLE)
    data["discover_more"][0]["id"] = "not-saved-yet"
    text = json.dumps(data, ensure_ascii=False)
    other = json.loads((SAMPLES / "tanzania-election.json").read_text(encoding="utf-8"))
    other["id"] = "not-saved-yet"
    buffer = {str(desk / "tanzania-election.json"): json.dumps(other)}

    alone = lint_text(text, desk / "brief.json")
    overlaid = lint_text(text, desk / "brief.json", buffer)

    assert [f.pointer for f in alone if f.code == "BK202"] == ["/discover_more/0/id"]
    # The buffer's id is read, not the file's: [0] resolves, [1] (the file's old id) no more.
    assert [f.pointer for f in overlaid if f.code == "BK202"] == ["/discover_more/1/id"]
    assert (desk / "brief.json").read_text(encoding="utf-8") == SAMPLE  # nothing written
