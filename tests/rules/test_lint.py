"""Data-driven lint cases.

Every folder under cases/invalid holds a brief and the findings it must produce (code and
line:column, nothing more, nothing less); every file under cases/valid is clean.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefkit import BriefkitError, LintConfig, lint_brief, load_brief
from briefkit.findings import Finding, Severity
from tests.conftest import CASES, SAMPLES

INVALID = sorted(path for path in (CASES / "invalid").iterdir() if path.is_dir())
VALID = sorted((CASES / "valid").glob("*.json"))


def findings_of(path: Path, config: LintConfig | None = None) -> list[Finding]:
    try:
        brief = load_brief(path)
    except BriefkitError as error:
        return list(error.findings)
    return lint_brief(brief, config or LintConfig())


@pytest.mark.parametrize("case", INVALID, ids=[case.name for case in INVALID])
def test_invalid_case(case: Path) -> None:
    expected = (case / "expected.txt").read_text(encoding="utf-8").split("\n")
    found = [f"{f.code} {f.line}:{f.column}" for f in findings_of(case / "brief.json")]
    assert found == [line for line in expected if line]


@pytest.mark.parametrize("path", [*VALID, *sorted(SAMPLES.glob("*.json"))], ids=lambda p: p.name)
def test_valid_briefs_have_no_findings(path: Path) -> None:
    assert findings_of(path) == []


def test_there_are_enough_cases() -> None:
    assert len(INVALID) >= 10 and len(VALID) >= 2


def test_every_finding_is_fully_described() -> None:
    for case in INVALID:
        for finding in findings_of(case / "brief.json"):
            assert finding.code.startswith("BK") and finding.rule and finding.message
            assert finding.severity in set(Severity)
            assert finding.file.endswith("brief.json")
            assert finding.line >= 1 and finding.column >= 1


def test_required_sections_follow_the_configuration() -> None:
    path = CASES / "invalid" / "missing-assessment" / "brief.json"
    relaxed = LintConfig(
        required_sections={"analysis": ("executive_summary",), "situation": ("executive_summary",)}
    )
    assert findings_of(path, relaxed) == []
    stricter = LintConfig(
        required_sections={
            "analysis": ("executive_summary", "sources"),
            "situation": ("executive_summary",),
        }
    )
    assert [f.code for f in findings_of(SAMPLES / "niger-mali-aes.json", stricter)] == ["BK106"]


def test_schema_errors_and_missing_sections_are_reported_together(tmp_path: Path) -> None:
    brief = tmp_path / "draft.json"
    brief.write_text(
        '{"kind": "analysis", "title": "T", "id": "t", "date": "2025-01-01", "tlp": "TLP:RED",\n'
        ' "executive_summary": "not a list"}',
        encoding="utf-8",
    )
    codes = [f.code for f in findings_of(brief)]
    assert codes == ["BK102", "BK103", "BK104", "BK161", "BK011"]
