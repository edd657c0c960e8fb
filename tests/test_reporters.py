"""Every output format, read back the way the systems that consume it read it."""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
from typing import Any
from xml.etree import ElementTree

import pytest
from jsonschema import Draft4Validator

from briefkit.check.reporters import (
    REPORTERS,
    ReportOptions,
    escape_data,
    escape_property,
    report_github,
    report_junit,
    report_sarif,
)
from briefkit.findings import Finding, Severity
from briefkit.rules.catalogue import RULES

FINDINGS = [
    Finding("BK104", "missing-assessment", Severity.ERROR, "the Assessment section is missing",
            "briefs/a, b.json", "", 1, 1),
    Finding("BK012", "unknown-property", Severity.ERROR, "top level: unknown property 'x:y'",
            "briefs/a, b.json", "/x:y", 7, 3),
    Finding("BK153", "summary-length", Severity.WARNING, "50% too long\nsecond line\r",
            "briefs/ok.json", "/executive_summary", 12, 5),
]  # fmt: skip
FILES = ["briefs/a, b.json", "briefs/ok.json", "briefs/clean.json"]


def test_github_escaping_matches_the_actions_toolkit() -> None:
    assert escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_annotations() -> None:
    lines = report_github(FINDINGS, ReportOptions(files=FILES)).splitlines()
    assert lines[0] == (
        "::error file=briefs/a%2C b.json,line=1,col=1,title=BK104 missing-assessment::"
        "BK104 the Assessment section is missing"
    )
    assert lines[1].endswith("::BK012 top level: unknown property 'x:y'")
    assert lines[2] == (
        "::warning file=briefs/ok.json,line=12,col=5,title=BK153 summary-length::"
        "BK153 50%25 too long%0Asecond line%0D"
    )


@pytest.fixture(scope="session")
def sarif_schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The SARIF 2.1.0 JSON Schema, from the npm registry package @microsoft/jest-sarif."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is needed to fetch the SARIF schema")
    folder = tmp_path_factory.mktemp("sarif")
    subprocess.run(
        [npm, "pack", "--silent", "@microsoft/jest-sarif@1.0.0-beta.0"],
        cwd=folder,
        check=True,
        capture_output=True,
        timeout=300,
    )
    (archive,) = folder.glob("*.tgz")
    with tarfile.open(archive) as tar:
        member = tar.extractfile("package/lib/schemas/sarif-2.1.0-rtm.5.json")
        assert member is not None
        schema: dict[str, Any] = json.load(member)
    assert "SARIF" in schema["title"] and "2.1.0" in schema["title"]
    return schema


def test_sarif_is_valid_against_the_sarif_schema(sarif_schema: dict[str, Any]) -> None:
    log = json.loads(report_sarif(FINDINGS, ReportOptions(files=FILES)))
    errors = list(Draft4Validator(sarif_schema).iter_errors(log))
    assert errors == []
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["BK012", "BK104", "BK153"]
    for result in run["results"]:
        rule = rules[result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        assert RULES[rule["id"]].explanation in rule["help"]["text"]
        assert RULES[rule["id"]].bad in rule["help"]["markdown"]
    first = run["results"][0]["locations"][0]["physicalLocation"]
    assert first["artifactLocation"]["uri"] == "briefs/a%2C%20b.json"
    assert first["region"] == {"startLine": 1, "startColumn": 1}
    assert run["results"][2]["level"] == "warning"


def test_junit_has_one_test_case_per_brief() -> None:
    root = ElementTree.fromstring(report_junit(FINDINGS, ReportOptions(files=FILES)))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("3", "1")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert set(cases) == set(FILES)
    failure = cases["briefs/a, b.json"].find("failure")
    assert failure is not None and failure.get("type") == "BK104"
    assert "BK012" in (failure.text or "")
    assert cases["briefs/ok.json"].find("failure") is None  # a warning does not fail by default
    assert "BK153" in (cases["briefs/ok.json"].findtext("system-out") or "")
    strict = ElementTree.fromstring(
        report_junit(FINDINGS, ReportOptions(files=FILES, fail_on=Severity.WARNING))
    )
    assert strict.find("testsuite").get("failures") == "2"  # type: ignore[union-attr]


def test_json_report() -> None:
    report = json.loads(REPORTERS["json"](FINDINGS, ReportOptions(files=FILES)))
    assert report["summary"] == {"error": 2, "warning": 1, "info": 0}
    assert report["findings"][1] == {
        "code": "BK012",
        "rule": "unknown-property",
        "severity": "error",
        "message": "top level: unknown property 'x:y'",
        "file": "briefs/a, b.json",
        "pointer": "/x:y",
        "line": 7,
        "column": 3,
    }


def test_text_report_colours_only_when_asked() -> None:
    plain = REPORTERS["text"](FINDINGS, ReportOptions(files=FILES))
    assert plain.splitlines()[0] == "briefs/a, b.json:1:1: BK104 the Assessment section is missing"
    assert "\033[" not in plain
    coloured = REPORTERS["text"](FINDINGS, ReportOptions(files=FILES, color=True))
    assert "\033[31mBK104\033[0m" in coloured


def test_every_format_is_registered() -> None:
    assert set(REPORTERS) == {"text", "json", "github", "sarif", "junit"}
    for name, reporter in REPORTERS.items():
        empty = reporter([], ReportOptions(files=[]))
        full = reporter(FINDINGS, ReportOptions(files=FILES))
        assert isinstance(empty, str) and "BK104" not in empty, name
        assert "BK104" in full and full != empty, name
