"""Every output format, read back the way the systems that consume it read it."""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
from pathlib import Path
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
    text_line,
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


@pytest.mark.network  # the schema comes from the npm registry
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
        "span": None,  # not known for a finding made without one
        "fixes": [],
    }


def test_text_report_colours_only_when_asked() -> None:
    plain = REPORTERS["text"](FINDINGS, ReportOptions(files=FILES))
    assert plain.splitlines()[0] == (
        "briefs/a, b.json:1:1: BK104 [error] the Assessment section is missing"
    )
    assert "\033[" not in plain
    coloured = REPORTERS["text"](FINDINGS, ReportOptions(files=FILES, color=True))
    assert "\033[31mBK104 [error]\033[0m" in coloured


def test_every_format_is_registered() -> None:
    assert set(REPORTERS) == {"text", "json", "github", "sarif", "junit", "gitlab"}
    for name, reporter in REPORTERS.items():
        empty = reporter([], ReportOptions(files=[]))
        full = reporter(FINDINGS, ReportOptions(files=FILES))
        assert isinstance(empty, str) and "BK104" not in empty, name
        assert "BK104" in full and full != empty, name


MULTITOOL_VERSION = "5.7.0"


@pytest.fixture(scope="session")
def sarif_multitool(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Microsoft's SARIF multitool from npm, installed once into .venv/.cache (or a temporary
    folder without a .venv) and reused across sessions."""
    from tests.conftest import ROOT

    npm = shutil.which("npm")
    if npm is None:
        pytest.skip(
            "npm is not installed: the SARIF multitool (@microsoft/sarif-multitool) "
            "comes from npm; scripts/dev installs node and npm"
        )
    venv = ROOT / ".venv"
    base = venv / ".cache" if venv.is_dir() else tmp_path_factory.mktemp("npm")
    folder = base / f"sarif-multitool-{MULTITOOL_VERSION}"
    native = folder / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"
    wrapper = folder / "node_modules" / ".bin" / "sarif-multitool"
    if not native.exists() and not wrapper.exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(folder),
             f"@microsoft/sarif-multitool@{MULTITOOL_VERSION}"],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
    # The npm wrapper passes its arguments through a shell; the native binary takes them as is.
    return [str(native)] if native.exists() else [str(wrapper)]


@pytest.mark.network  # the multitool comes from the npm registry
def test_sarif_passes_the_sarif_multitool_with_github_rules(
    sarif_multitool: list[str], tmp_path: Path
) -> None:
    # Defect 7: checking an absolute path gave absolute artifact URIs, and the multitool raised
    # SARIF1004 for each; code scanning could not map them to files.
    import os

    from tests.conftest import SAMPLES
    from tests.helpers import git
    from tests.helpers import run_briefkit as run

    desk = tmp_path / "desk"
    shutil.copytree(SAMPLES, desk / "briefs")
    draft = json.loads((SAMPLES / "niger-mali-aes.json").read_text(encoding="utf-8"))
    del draft["assessment"]
    draft["id"], draft["title"] = "draft", "Draft"
    draft["tlp"] = "TLP:WHITE"  # a finding with a fix: SARIF "fixes" must validate too
    (desk / "briefs" / "my draft.json").write_text(json.dumps(draft), encoding="utf-8")
    git(desk, "init", "-q")
    result = run("check", str(desk / "briefs"), "--report", "sarif:out.sarif", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    log = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    run_ = log["runs"][0]
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == desk.as_uri() + "/"
    assert {
        json.dumps(r["locations"][0]["physicalLocation"]["artifactLocation"])
        for r in run_["results"]
    } == {'{"uri": "briefs/my%20draft.json", "uriBaseId": "%SRCROOT%"}'}
    (fixed,) = [r for r in run_["results"] if "fixes" in r]
    (change,) = fixed["fixes"][0]["artifactChanges"]
    assert change["replacements"][0]["insertedContent"] == {"text": '"TLP:CLEAR"'}

    verdict = tmp_path / "validation.sarif"
    arguments = ["validate", str(tmp_path / "out.sarif"), "--rule-kind", "Sarif;Gh", "--level",
                 "Error;Warning", "-o", str(verdict), "--log", "ForceOverwrite"]  # fmt: skip
    if not sarif_multitool[0].endswith("Sarif.Multitool"):
        arguments = [f'"{argument}"' for argument in arguments]
    done = subprocess.run(
        [*sarif_multitool, *arguments],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "DOTNET_CLI_TELEMETRY_OPTOUT": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    problems = [
        (r["ruleId"], r["message"].get("arguments"))
        for r in json.loads(verdict.read_text(encoding="utf-8"))["runs"][0].get("results", [])
        if r.get("level") in ("error", "warning")
    ]
    assert problems == []


def test_sarif_root_is_the_working_directory_outside_git(tmp_path: Path) -> None:
    from tests.conftest import SAMPLES
    from tests.helpers import run_briefkit as run

    shutil.copytree(SAMPLES, tmp_path / "desk" / "briefs")
    (tmp_path / "desk" / "briefkit.toml").write_text("", encoding="utf-8")
    result = run("check", "desk", "--report", "sarif:out.sarif", "--select", "BK0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    log = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"


def test_a_bidirectional_control_in_a_message_is_shown_escaped() -> None:
    """A right-to-left override quoted from a brief would reorder the rest of the line."""
    finding = Finding(
        "BK015", "invalid-format", Severity.ERROR, 'id: "abc\u202edef" is not valid', "b.json"
    )
    assert text_line(finding).endswith('id: "abc\\u202edef" is not valid')
