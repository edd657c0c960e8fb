"""The rule catalogue: every code documented, listed and explained by ``briefkit rules``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefkit.rules.structure import RULES

CASES = Path(__file__).parent / "cases"


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


def briefkit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefkit", *args], capture_output=True, text=True, check=False
    )


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
    assert result.returncode == 1
    assert "no rule 'BK999'" in result.stderr
