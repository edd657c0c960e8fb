"""Output formats for findings. Every reporter turns the same list of findings into text.

``text`` for people, ``json`` for scripts, ``github`` for GitHub Actions annotations, ``sarif`` for
code-scanning dashboards, ``junit`` for test-report viewers (one test case per brief).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import quote

from briefkit import __version__
from briefkit.findings import Finding, Severity


@dataclass(frozen=True)
class ReportOptions:
    """What a reporter may need besides the findings."""

    files: Sequence[str]
    color: bool = False
    fail_on: Severity = Severity.ERROR


Reporter = Callable[[Sequence[Finding], ReportOptions], str]

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def text_line(finding: Finding, color: bool = False) -> str:
    """``file:line:col: CODE message``, the form editors and most CI systems link."""
    place = f"{finding.file}:{finding.line}:{finding.column}:"
    if not color:
        return f"{place} {finding.code} {finding.message}"
    code = f"{_COLORS[finding.severity]}{finding.code}{_RESET}"
    return f"{_BOLD}{place}{_RESET} {code} {finding.message}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def summary_line(findings: Sequence[Finding], files: Sequence[str]) -> str:
    """How many errors and warnings in how many files."""
    errors = sum(1 for finding in findings if finding.severity is Severity.ERROR)
    warnings = sum(1 for finding in findings if finding.severity is Severity.WARNING)
    checked = _plural(len(files), "file")
    if not findings:
        return f"All clear: {checked} checked, no findings."
    return f"Found {_plural(errors, 'error')} and {_plural(warnings, 'warning')} in {checked}."


def report_text(findings: Sequence[Finding], options: ReportOptions) -> str:
    return "".join(text_line(finding, options.color) + "\n" for finding in findings)


def _finding_json(finding: Finding) -> dict[str, object]:
    return {
        "code": finding.code,
        "rule": finding.rule,
        "severity": str(finding.severity),
        "message": finding.message,
        "file": finding.file,
        "pointer": finding.pointer,
        "line": finding.line,
        "column": finding.column,
    }


def report_json(findings: Sequence[Finding], options: ReportOptions) -> str:
    payload = {
        "version": __version__,
        "files": list(options.files),
        "summary": {
            severity.value: sum(1 for f in findings if f.severity is severity)
            for severity in Severity
        },
        "findings": [_finding_json(finding) for finding in findings],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def escape_data(text: str) -> str:
    """Escape a workflow command's message as the GitHub Actions toolkit does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value as the GitHub Actions toolkit does."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def report_github(findings: Sequence[Finding], options: ReportOptions) -> str:
    lines = []
    for finding in findings:
        properties = ",".join(
            f"{name}={escape_property(str(value))}"
            for name, value in (
                ("file", finding.file),
                ("line", finding.line),
                ("col", finding.column),
                ("title", f"{finding.code} {finding.rule}"),
            )
        )
        level = _GITHUB_LEVELS[finding.severity]
        lines.append(f"::{level} {properties}::{escape_data(f'{finding.code} {finding.message}')}")
    return "".join(line + "\n" for line in lines)


_SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _sarif_uri(file: str) -> str:
    return quote(PurePath(file).as_posix()) if file != "-" else "stdin"


def report_sarif(findings: Sequence[Finding], options: ReportOptions) -> str:
    from briefkit.rules.catalogue import RULES

    used = sorted({finding.code for finding in findings})
    index = {code: position for position, code in enumerate(used)}
    rules = []
    for code in used:
        rule = RULES[code]
        help_text = f"{rule.explanation}\n\nBad: {rule.bad}\nGood: {rule.good}"
        help_markdown = (
            f"{rule.explanation}\n\nBad:\n\n```json\n{rule.bad}\n```\n\n"
            f"Good:\n\n```json\n{rule.good}\n```\n\n"
            f"`briefkit rules {code}` explains this rule."
        )
        rules.append(
            {
                "id": code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.explanation},
                "help": {"text": help_text, "markdown": help_markdown},
                "defaultConfiguration": {"level": _SARIF_LEVELS[rule.severity]},
            }
        )
    results = [
        {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": _SARIF_LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _sarif_uri(finding.file)},
                        "region": {"startLine": finding.line, "startColumn": finding.column},
                    },
                    "logicalLocations": [
                        {"fullyQualifiedName": finding.pointer or "/", "kind": "member"}
                    ],
                }
            ],
        }
        for finding in findings
    ]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "briefkit",
                        "version": __version__,
                        "informationUri": "https://briefkit.dev/",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def report_junit(findings: Sequence[Finding], options: ReportOptions) -> str:
    from xml.etree import ElementTree

    by_file: dict[str, list[Finding]] = {name: [] for name in options.files}
    for finding in findings:
        by_file.setdefault(finding.file, []).append(finding)
    threshold = options.fail_on.rank
    failing = {
        name for name, found in by_file.items() if any(f.severity.rank >= threshold for f in found)
    }
    suites = ElementTree.Element("testsuites", name="briefkit")
    suite = ElementTree.SubElement(
        suites,
        "testsuite",
        name="briefkit check",
        tests=str(len(by_file)),
        failures=str(len(failing)),
        errors="0",
        skipped="0",
    )
    for name, found in by_file.items():
        case = ElementTree.SubElement(suite, "testcase", classname="briefkit", name=name, file=name)
        details = "\n".join(text_line(finding) for finding in found)
        if name in failing:
            worst = [f for f in found if f.severity.rank >= threshold]
            failure = ElementTree.SubElement(
                case,
                "failure",
                message=f"{_plural(len(worst), 'finding')}: {worst[0].code} {worst[0].message}",
                type=worst[0].code,
            )
            failure.text = details
        elif found:
            ElementTree.SubElement(case, "system-out").text = details
    ElementTree.indent(suites)
    body = ElementTree.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


REPORTERS: dict[str, Reporter] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
    "sarif": report_sarif,
    "junit": report_junit,
}
"""Output formats by the name given to ``--output-format``."""
