"""The rule catalogue: every code documented, listed and explained by ``briefkit rules``."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from briefkit import Brief, LintConfig, Rule, lint_brief, load_brief
from briefkit.rules.catalogue import RULES
from briefkit.rules.model import SECTIONS
from tests.conftest import CASES, SAMPLES
from tests.helpers import run_briefkit as briefkit


def test_every_rule_is_fully_documented() -> None:
    names = [rule.name for rule in RULES.values()]
    assert len(names) == len(set(names)), "rule names are unique"
    for code, rule in RULES.items():
        assert re.fullmatch(r"BK\d{3}", code) and rule.code == code
        assert re.fullmatch(r"[a-z]+(?:-[a-z0-9]+)*", rule.name)
        assert rule.summary.endswith(".") and len(rule.explanation) > 60
        assert rule.bad and rule.good and rule.bad != rule.good
        assert rule.check is None or rule.check_collection is None


def test_codes_are_sorted_and_stable() -> None:
    assert list(RULES) == sorted(RULES)
    for code, name in {
        "BK001": "invalid-json",
        "BK012": "unknown-property",
        "BK104": "missing-assessment",
        "BK150": "placeholder-text",
        "BK170": "mixed-likelihood-scales",
        "BK201": "duplicate-id",
    }.items():
        assert RULES[code].name == name


def test_every_code_the_test_cases_expect_is_in_the_catalogue() -> None:
    expected = set()
    for path in CASES.rglob("expected.*"):
        text = path.read_text(encoding="utf-8")
        expected |= set(re.findall(r"BK\d{3}", text))
    assert expected <= set(RULES)
    assert len(expected) >= 30


def test_json_examples_in_the_catalogue_parse() -> None:
    for rule in RULES.values():
        for example in (rule.bad, rule.good):
            if example.startswith("{") and "  " not in example:
                if rule.code == "BK001" and example is rule.bad:
                    continue  # the bad example is broken JSON on purpose
                json.loads(example)


def test_rules_lists_every_code() -> None:
    result = briefkit("rules")
    assert result.returncode == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == list(RULES)


@pytest.mark.parametrize("code", ["BK104", "bk170", "BK201"])
def test_rules_explains_one_code(code: str) -> None:
    result = briefkit("rules", code)
    assert result.returncode == 0
    rule = RULES[code.upper()]
    assert result.stdout.startswith(f"{rule.code} {rule.name} ({rule.severity.value} by default")
    assert "Bad:\n    " + rule.bad in result.stdout
    assert "Good:\n    " + rule.good in result.stdout


def test_rules_unknown_code() -> None:
    result = briefkit("rules", "BK999")
    assert result.returncode == 2  # a usage error, like an unknown code in --select
    assert "no rule 'BK999'" in result.stderr


# --- Every rule's own examples prove it: the bad one fires the rule, the good one does not ------

_EVERY_SECTION_REQUIRED = LintConfig(
    required_sections={"analysis": tuple(SECTIONS), "situation": tuple(SECTIONS)},
    today=date(2026, 11, 30),
)
"""BK105 and BK106 (discover-more, sources) fire only where the configuration requires them."""

_VALID_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'
_SAMPLES = sorted(SAMPLES.glob("*.json"))


def _example_briefs(example: str, folder: Path) -> list[Brief]:
    """One brief per ``name.json: {...}`` part of a cross-file example, or the one brief."""
    parts = re.split(r"(?:^|\s+)(\S+\.json): ", example)
    named = list(zip(parts[1::2], parts[2::2], strict=True)) if len(parts) > 1 else [("x", example)]
    briefs = []
    for name, text in named:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        briefs.append(load_brief(path))
    return briefs


def _codes(rule: Rule, example: str, folder: Path) -> set[str]:
    (folder / "figures").mkdir(exist_ok=True)
    (folder / "figures" / "aes-map.svg").write_bytes(_VALID_SVG)
    briefs = _example_briefs(example, folder)
    if rule.check_collection is not None:
        context = [load_brief(path) for path in _SAMPLES]
        hits = [brief for brief, _ in rule.check_collection([*briefs, *context]) if brief in briefs]
        return {rule.code} if hits else set()
    return {
        finding.code for brief in briefs for finding in lint_brief(brief, _EVERY_SECTION_REQUIRED)
    }


CHECKED = [rule for rule in RULES.values() if rule.check or rule.check_collection]


@pytest.mark.parametrize("rule", CHECKED, ids=[rule.code for rule in CHECKED])
def test_bad_example_fires_the_rule_and_good_example_does_not(rule: Rule, tmp_path: Path) -> None:
    (tmp_path / "bad").mkdir()
    (tmp_path / "good").mkdir()
    assert rule.code in _codes(rule, rule.bad, tmp_path / "bad"), rule.bad
    assert rule.code not in _codes(rule, rule.good, tmp_path / "good"), rule.good


def test_the_catalogue_is_read_only_and_joined_from_every_family() -> None:
    from briefkit.document.brief import LOAD_RULES
    from briefkit.rules import analytic_standards, collection, house_style, structure, suppressions
    from briefkit.validation.schema import SCHEMA_RULES

    families = [LOAD_RULES, SCHEMA_RULES, structure.RULES, house_style.RULES, collection.RULES]
    families.append(analytic_standards.RULES)
    codes = [rule.code for family in [*families, suppressions.RULES] for rule in family]
    assert sorted(codes) == list(RULES)
    with pytest.raises(TypeError):
        RULES["BK999"] = RULES["BK001"]  # type: ignore[index]
