"""Output formats for findings. Every reporter turns the same list of findings into text.

``text`` for people, ``json`` for scripts (schema: ``schema/report.schema.json``), ``github``
for GitHub Actions annotations, ``sarif`` for code-scanning dashboards, ``junit`` for test-report
viewers (one test case per brief), ``gitlab`` for GitLab Code Quality (inline in merge requests).

File names are bytes on POSIX: a name that is not UTF-8 (held in Python with surrogate escapes) is
shown with ``\\xNN`` escapes, so that every report stays valid UTF-8; SARIF percent-encodes the
bytes and the JSON report adds them in base64, so that no report loses a name.
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

from briefkit.check.fingerprints import SARIF_FINGERPRINT, fingerprints
from briefkit.check.json_spans import fixes_json, span_json
from briefkit.check.naming import absolute, relative_to_root, report_base, report_name
from briefkit.check.sarif_fixes import sarif_fixes, sarif_region
from briefkit.document.text import BIDI_CONTROLS
from briefkit.findings import Finding, Severity
from briefkit.version import __version__
from briefkit.wording import plural


@dataclass(frozen=True)
class ReportOptions:
    """What a reporter may need besides the findings."""

    files: Sequence[str]
    color: bool = False
    fail_on: Severity = Severity.ERROR
    root: Path | None = None
    """What every format names files relative to, and SARIF's ``%SRCROOT%`` (the git top-level,
    or the working directory outside git: :func:`briefkit.desk.git.report_root`); ``None`` for
    the working directory."""


def _named(finding: Finding, options: ReportOptions) -> Finding:
    return replace(finding, file=report_name(finding.file, options.root))


JSON_FORMAT_VERSION = 1
"""Version of the JSON report's format (``schema/report.schema.json``), not of briefkit."""
REPORT_SCHEMA = "https://briefkit.dev/schema/1/report.schema.json"


def shown(text: str) -> str:
    """``text`` with undecodable file-name bytes (surrogate escapes) as ``\\xNN``: valid UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogatepass")
        # Surrogate escapes (U+DC80..U+DCFF) are the original bytes; decode them back as bytes.
        raw = os.fsencode(text) if _only_escapes(text) else raw
        return raw.decode("utf-8", "backslashreplace")
    return text


def _only_escapes(text: str) -> bool:
    return all(not 0xD800 <= ord(c) <= 0xDFFF or 0xDC80 <= ord(c) <= 0xDCFF for c in text)


def _clean(finding: Finding) -> Finding:
    file, message = shown(finding.file), shown(finding.message)
    if file is finding.file and message is finding.message:
        return finding
    return replace(finding, file=file, message=message)


Reporter = Callable[[Sequence[Finding], ReportOptions], str]

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


_UNPRINTABLE = re.compile(f"[\x00-\x1f\x7f-\x9f]|{BIDI_CONTROLS.pattern}")


def one_line(text: str) -> str:
    """``text`` safe on one terminal line: control characters (a newline in a file name that
    would forge a ``::error`` workflow command, an escape sequence) and bidirectional controls
    shown as ``\\uXXXX``, undecodable bytes as ``\\xNN``. File names and values alike."""
    return _UNPRINTABLE.sub(_escaped, shown(text))


def text_line(finding: Finding, color: bool = False) -> str:
    """``file:line:col: CODE [severity] message``: editors and CI systems link the place, and
    ``CODE`` stays the second word for scripts that read it."""
    # A control character in a file name or a quoted value would break or reorder the line.
    finding = replace(finding, file=one_line(finding.file), message=one_line(finding.message))
    place = f"{finding.file}:{finding.line}:{finding.column}:"
    severity = f"[{finding.severity.value}]"
    if not color:
        return f"{place} {finding.code} {severity} {finding.message}"
    tint = _COLORS[finding.severity]
    return f"{_BOLD}{place}{_RESET} {tint}{finding.code} {severity}{_RESET} {finding.message}"


def counts(findings: Sequence[Finding]) -> dict[str, int]:
    """Findings per severity, every severity present (zero when none)."""
    return {
        severity.value: sum(1 for finding in findings if finding.severity is severity)
        for severity in Severity
    }


def summary_line(findings: Sequence[Finding], files: Sequence[str]) -> str:
    """How many findings of each severity in how many files."""
    count = counts(findings)
    checked = plural(len(files), "file")
    if not findings:
        return f"All clear: {checked} checked, no findings."
    errors, warnings = plural(count["error"], "error"), plural(count["warning"], "warning")
    return f"Found {errors}, {warnings} and {count['info']} info in {checked}."


def statistics(findings: Sequence[Finding]) -> str:
    """One line per rule: how many findings, the code, the rule's name and severity (as ruff's
    ``--statistics``), most frequent first."""
    by_code: dict[str, list[Finding]] = {}
    for finding in findings:
        by_code.setdefault(finding.code, []).append(finding)
    rows = sorted(by_code.items(), key=lambda item: (-len(item[1]), item[0]))
    if not rows:
        return ""
    width = max(len(str(len(found))) for _, found in rows)
    return "".join(
        f"{len(found):>{width}}  {code}  {found[0].severity.value:<7}  {found[0].rule}\n"
        for code, found in rows
    )


def report_text(findings: Sequence[Finding], options: ReportOptions) -> str:
    return "".join(text_line(_named(f, options), options.color) + "\n" for f in findings)


def _raw_name(name: str) -> dict[str, str]:
    """``{"file_base64": ...}`` for a name that is not UTF-8, so that no report loses it."""
    if shown(name) == name:
        return {}
    return {"file_base64": base64.b64encode(os.fsencode(name)).decode("ascii")}


def _finding_json(finding: Finding) -> dict[str, object]:
    return {
        "code": finding.code,
        "rule": finding.rule,
        "severity": str(finding.severity),
        "message": shown(finding.message),
        "file": shown(finding.file),
        **_raw_name(finding.file),
        "pointer": finding.pointer,
        "line": finding.line,
        "column": finding.column,
        "span": span_json(finding),
        "fixes": fixes_json(finding.fix),
    }


def report_json(findings: Sequence[Finding], options: ReportOptions) -> str:
    """The JSON report; its format is ``schema/report.schema.json`` at ``format_version``."""
    payload = {
        "$schema": REPORT_SCHEMA,
        "format_version": JSON_FORMAT_VERSION,
        "tool": {"name": "briefkit", "version": __version__},
        "files": [
            {"file": shown(name), **_raw_name(name)}
            for name in (report_name(file, options.root) for file in options.files)
        ],
        "summary": counts(findings),
        "findings": [_finding_json(_named(finding, options)) for finding in findings],
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
    """Workflow commands, errors first: GitHub shows a step's first 10 annotations of a kind."""
    lines = []
    ordered = sorted(findings, key=lambda finding: -finding.severity.rank)
    for finding in (_clean(_named(finding, options)) for finding in ordered):
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


SRCROOT = "%SRCROOT%"


def _base(options: ReportOptions) -> Path:
    return report_base(options.root)


def _sarif_location(file: str, options: ReportOptions) -> dict[str, str]:
    """An artifact location relative to ``%SRCROOT%``; the bytes of the name percent-encoded."""
    relative = relative_to_root(file, options.root)
    if relative is None:
        return {"uri": "file://" + quote(os.fsencode(absolute(file)))}
    return {"uri": quote(os.fsencode(relative)), "uriBaseId": SRCROOT}


def _sarif_place(finding: Finding, options: ReportOptions) -> dict[str, object]:
    """Where a result is: the file and region, and the JSON pointer as a logical location. A
    brief read from standard input has no file, so only the pointer."""
    logical = [{"fullyQualifiedName": finding.pointer or "/", "kind": "member"}]
    if finding.file == "-":
        return {"logicalLocations": logical}
    f = finding
    region = sarif_region(f.line, f.column, f.end_line, f.end_column)
    physical = {"artifactLocation": _sarif_location(f.file, options), "region": region}
    return {"physicalLocation": physical, "logicalLocations": logical}


def _sarif_fixes(finding: Finding, options: ReportOptions) -> dict[str, object]:
    if finding.fix is None or finding.file == "-":
        return {}
    return {"fixes": sarif_fixes(finding.fix, _sarif_location(finding.file, options))}


def report_sarif(findings: Sequence[Finding], options: ReportOptions) -> str:
    from briefkit.rules.catalogue import RULES

    used = sorted({finding.code for finding in findings})
    index = {code: position for position, code in enumerate(used)}
    rules = []
    for code in used:
        rule = RULES[code]
        known = f"\n\nKnown problems: {rule.known_problems}" if rule.known_problems else ""
        help_text = f"{rule.explanation}\n\nBad: {rule.bad}\nGood: {rule.good}{known}"
        help_markdown = (
            f"{rule.explanation}\n\nBad:\n\n```json\n{rule.bad}\n```\n\n"
            f"Good:\n\n```json\n{rule.good}\n```{known}\n\n"
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
            "message": {"text": shown(finding.message)},
            "locations": [_sarif_place(finding, options)],
            "partialFingerprints": {SARIF_FINGERPRINT: fingerprint},
            **_sarif_fixes(finding, options),
        }
        for finding, fingerprint in zip(
            findings, fingerprints(findings, _base(options)), strict=True
        )
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
                "originalUriBaseIds": {SRCROOT: {"uri": _base(options).as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def report_junit(findings: Sequence[Finding], options: ReportOptions) -> str:
    from xml.etree import ElementTree

    names = (report_name(name, options.root) for name in options.files)
    by_file: dict[str, list[Finding]] = {shown(name): [] for name in names}
    for finding in (_clean(_named(finding, options)) for finding in findings):
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
                message=f"{plural(len(worst), 'finding')}: {worst[0].code} {worst[0].message}",
                type=worst[0].code,
            )
            failure.text = details
        elif found:
            ElementTree.SubElement(case, "system-out").text = details
    ElementTree.indent(suites)
    body = _XML_INVALID.sub(_xml_escape, ElementTree.tostring(suites, encoding="unicode"))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold even escaped (a control character quoted from a brief)."""


def _xml_escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}" if ord(match.group()) < 256 else "\ufffd"


_GITLAB_SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def report_gitlab(findings: Sequence[Finding], options: ReportOptions) -> str:
    """GitLab Code Quality: findings inline in merge requests. Paths are relative to the
    repository root; fingerprints as :func:`briefkit.check.fingerprints.fingerprints`."""
    issues = []
    for finding, fingerprint in zip(findings, fingerprints(findings, _base(options)), strict=True):
        issues.append(
            {
                "description": f"{finding.code} {shown(finding.message)}",
                "check_name": finding.code,
                "fingerprint": fingerprint,
                "severity": _GITLAB_SEVERITIES[finding.severity],
                "location": {
                    "path": shown(report_name(finding.file, options.root)),
                    "lines": {"begin": finding.line},
                },
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


REPORTERS: dict[str, Reporter] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
    "sarif": report_sarif,
    "junit": report_junit,
    "gitlab": report_gitlab,
}
"""Output formats by the name given to ``--output-format``."""
