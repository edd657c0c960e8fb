"""briefkit new: a starter brief that validates, that lint reports, and that never overwrites."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from briefkit.assets import schema_path
from tests.helpers import invoke


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def codes(path: Path) -> list[str]:
    result = invoke("lint", str(path))
    return [line.split()[1] for line in result.stdout.splitlines()]


def test_new_analysis_validates_and_lint_reports_only_placeholders(desk: Path) -> None:
    result = invoke("new", "drafts/sahel.json", "--title", "Niger–Mali: Côte Talks")
    assert result.exit_code == 0, result.output
    brief = desk / "drafts" / "sahel.json"
    data = json.loads(brief.read_text(encoding="utf-8"))
    assert data["id"] == "niger-mali-cote-talks"
    assert data["kind"] == "analysis"
    assert "tlp" not in data
    assert {"executive_summary", "key_developments", "strategic_implications", "assessment"} <= set(
        data
    )
    assert invoke("validate", str(brief)).exit_code == 0
    # No judgement is made for the author: marking, risk level and confidence are left out and
    # reported (BK114, BK161, BK160); the placeholders are TODO text (BK150) and the country
    # code ZZ (BK157).
    assert not {"tlp", "risk_level"} & set(data) and "confidence" not in data["assessment"]
    found = codes(brief)
    assert set(found) == {"BK150", "BK114", "BK161", "BK160", "BK157"}
    assert found.count("BK150") >= 10
    for section in ("region", "authors", "sources"):
        assert "TODO" in json.dumps(data[section]), section
    assert data["countries"] == ["ZZ"]


def test_schema_reference_resolves_from_the_brief_to_a_copy_at_the_git_root(desk: Path) -> None:
    invoke("new", "a/b/c/brief.json")
    brief = desk / "a" / "b" / "c" / "brief.json"
    reference = json.loads(brief.read_text(encoding="utf-8"))["$schema"]
    assert reference == "../../../.briefkit/brief.schema.json"
    copy = (brief.parent / reference).resolve()
    assert copy == (desk / ".briefkit" / "brief.schema.json").resolve()
    assert copy.read_bytes() == schema_path("brief").read_bytes()


def test_an_existing_desk_copy_is_used_and_never_replaced(desk: Path) -> None:
    (desk / "team" / ".briefkit").mkdir(parents=True)
    own = desk / "team" / ".briefkit" / "brief.schema.json"
    own.write_text("{}", encoding="utf-8")
    invoke("new", "team/x.json")
    assert json.loads((desk / "team" / "x.json").read_text())["$schema"] == (
        ".briefkit/brief.schema.json"
    )
    assert own.read_text() == "{}"
    assert not (desk / ".briefkit").exists()


def test_outside_git_the_copy_goes_beside_the_brief(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert invoke("new", "brief.json", "--kind", "situation").exit_code == 0
    assert (tmp_path / ".briefkit" / "brief.schema.json").is_file()
    data = json.loads((tmp_path / "brief.json").read_text())
    assert "strategic_implications" not in data
    assert data["id"] == "brief"


def test_new_refuses_to_overwrite(desk: Path) -> None:
    target = desk / "brief.json"
    target.write_text("my draft", encoding="utf-8")
    result = invoke("new", "brief.json")
    assert result.exit_code == 1
    assert "already exists; briefkit new never overwrites" in result.stderr
    assert target.read_text() == "my draft"


def test_new_in_french_with_a_marking(desk: Path) -> None:
    result = invoke("new", "note.json", "--language", "fr", "--tlp", "TLP:AMBER")
    assert result.exit_code == 0
    data = json.loads((desk / "note.json").read_text(encoding="utf-8"))
    assert data["language"] == "fr"
    assert data["tlp"] == "TLP:AMBER"
    assert data["executive_summary"][0].startswith("TODO : deux ou trois phrases")
    assert set(codes(desk / "note.json")) == {"BK150", "BK157", "BK160", "BK161"}
    assert data["region"] == "TODO : région"


def test_new_writes_todays_date(desk: Path) -> None:
    from datetime import date

    invoke("new", "today.json")
    assert json.loads((desk / "today.json").read_text())["date"] == date.today().isoformat()
    assert os.access(desk / "today.json", os.R_OK)
