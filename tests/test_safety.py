"""Safety that no brief can switch off: each test is named after what it protects, and reruns
one case of the red-team probe (issue 24) as written. Whatever a brief suppresses, nothing is
written outside the output folder, no exit 3, no traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from briefkit import lint_brief, load_brief
from briefkit.findings import UNSILENCEABLE
from tests.conftest import SAMPLE_ANALYSIS
from tests.helpers import run_briefkit


def sample(**changes: Any) -> dict[str, Any]:
    """The sample analysis with ``changes`` applied (no ``$schema``: briefs move in tests)."""
    data: dict[str, Any] = json.loads(SAMPLE_ANALYSIS.read_text(encoding="utf-8"))
    data.pop("$schema", None)
    data.update(changes)
    return data


def ignoring(*codes: str) -> dict[str, Any]:
    """An ``x-briefkit`` block that suppresses ``codes``, with a reason each."""
    return {"ignore": [{"code": code, "reason": "probe"} for code in codes]}


def write_brief(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def no_bug(result: Any) -> None:
    """The run ended as a user error or success, never as a bug."""
    assert result.returncode != 3, result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


# --- suppressions cannot switch off what rendering relies on -----------------------------------


@pytest.mark.parametrize("code", sorted(UNSILENCEABLE - {"BK191"}))
def test_a_safety_rule_named_in_a_suppression_is_an_error(tmp_path: Path, code: str) -> None:
    brief = load_brief(write_brief(tmp_path / "b.json", sample(**{"x-briefkit": ignoring(code)})))
    findings = lint_brief(brief)
    [refused] = [finding for finding in findings if finding.code == "BK191"]
    assert code in refused.message and refused.pointer == "/x-briefkit/ignore/0"
    assert refused.severity == "error"


def test_a_suppressed_id_format_still_stops_the_render(tmp_path: Path) -> None:
    data = sample(id="../../x", **{"x-briefkit": ignoring("BK015", "BK191")})
    path = write_brief(tmp_path / "b.json", data)
    codes = {finding.code for finding in lint_brief(load_brief(path))}
    assert {"BK015", "BK191"} <= codes
    result = run_briefkit("render", str(path), "-o", str(tmp_path / "out.pdf"))
    no_bug(result)
    assert result.returncode == 1 and "BK015" in result.stdout + result.stderr
    assert not (tmp_path / "out.pdf").exists()


def test_a_code_prefix_passes_over_safety_rules(tmp_path: Path) -> None:
    data = sample(countries=5, **{"x-briefkit": ignoring("BK0")})
    brief = load_brief(write_brief(tmp_path / "b.json", data))
    codes = {finding.code for finding in lint_brief(brief)}
    assert "BK011" in codes and "BK191" not in codes


def test_the_configuration_cannot_ignore_a_safety_rule(tmp_path: Path) -> None:
    write_brief(tmp_path / "b.json", sample(kind="memo", countries=5))
    (tmp_path / "briefkit.toml").write_text(
        'ignore = ["BK011"]\n[severity]\nBK014 = "info"\n', encoding="utf-8"
    )
    result = run_briefkit("check", "b.json", cwd=tmp_path)
    no_bug(result)
    assert result.returncode == 1
    assert "BK011 [error]" in result.stdout and "BK014 [error]" in result.stdout


def test_rules_says_which_rules_cannot_be_suppressed() -> None:
    assert "Cannot be suppressed" in run_briefkit("rules", "BK015").stdout
    assert "Cannot be suppressed" not in run_briefkit("rules", "BK153").stdout
