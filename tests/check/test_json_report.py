"""The JSON report carries each finding's span and its fixes: a script can find the offending text
and apply a fix from the report alone, as ``check --fix`` does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from tests.conftest import ROOT, SAMPLES
from tests.helpers import run_briefkit as run


def applied(text: str, fix: dict[str, Any]) -> str:
    """``text`` with a fix of the report applied by its offsets, last edit first."""
    for edit in sorted(fix["edits"], key=lambda e: e["span"]["start"]["offset"], reverse=True):
        start, end = edit["span"]["start"]["offset"], edit["span"]["end"]["offset"]
        text = text[:start] + edit["new_text"] + text[end:]
    return text


def at(text: str, place: dict[str, int]) -> int:
    """The offset of a line and column (code points), to check that both say the same place."""
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[: place["line"] - 1]) + place["column"] - 1


def test_findings_carry_their_span_and_fixes(tmp_path: Path) -> None:
    brief = tmp_path / "brief.json"
    shutil.copy(SAMPLES / "niger-mali-aes.json", brief)
    # An astral character before the finding: places count code points, not UTF-16 units.
    text = brief.read_text(encoding="utf-8").replace('"TLP:CLEAR"', '"TLP:WHITE"')
    text = text.replace("Niger", "Niger \N{GRINNING FACE}", 1)
    brief.write_text(text, encoding="utf-8")
    (tmp_path / "briefkit.toml").write_text('ignore = ["BK202"]\n', encoding="utf-8")

    result = run("check", "--output-format", "json", ".", "missing.json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    schema = json.loads((ROOT / "schema" / "report.schema.json").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(report)) == []
    by_code = {finding["code"]: finding for finding in report["findings"]}
    assert set(by_code) == {"BK007", "BK013", "BK014"}

    tlp = by_code["BK014"]
    assert (tlp["line"], tlp["column"]) == (
        tlp["span"]["start"]["line"],
        tlp["span"]["start"]["column"],
    )
    start, end = tlp["span"]["start"], tlp["span"]["end"]
    assert text[start["offset"] : end["offset"]] == '"TLP:WHITE"'
    assert (at(text, start), at(text, end)) == (start["offset"], end["offset"])
    [fix] = tlp["fixes"]
    assert (fix["title"], fix["safe"]) == ('replace "TLP:WHITE" with "TLP:CLEAR"', True)
    assert fix["edits"][0]["new_text"] == '"TLP:CLEAR"'
    fixed_by_report = applied(text, fix)

    config = by_code["BK013"]  # a suppression without a reason, in the configuration
    assert config["file"] == "briefkit.toml" and config["fixes"] == []
    assert config["span"] == {
        "start": {"line": 1, "column": 11, "offset": 10},
        "end": {"line": 1, "column": 18, "offset": 17},
    }
    assert by_code["BK007"]["span"] is None  # a file that is not there has no text to point at

    # The report's edit is exactly what --fix writes.
    assert run("check", "--fix", "brief.json", cwd=tmp_path).returncode == 1  # BK013 remains
    assert brief.read_text(encoding="utf-8") == fixed_by_report
