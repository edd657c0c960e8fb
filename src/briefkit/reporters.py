"""Output formats for findings. Each reporter turns the same list of findings into text."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from briefkit.findings import Finding, Severity

Reporter = Callable[[Sequence[Finding], Sequence[str], bool], str]
"""(findings, files checked, colour) -> the report."""

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def text_line(finding: Finding, color: bool = False) -> str:
    """``file:line:col: CODE message``, the form editors and most CI systems link."""
    place = f"{finding.file}:{finding.line}:{finding.column}:"
    if not color:
        return f"{place} {finding.code} {finding.message}"
    code = f"{_COLORS[finding.severity]}{finding.code}{_RESET}"
    return f"{_BOLD}{place}{_RESET} {code} {finding.message}"


def summary_line(findings: Sequence[Finding], files: Sequence[str]) -> str:
    """How many errors and warnings in how many files."""
    errors = sum(1 for finding in findings if finding.severity is Severity.ERROR)
    warnings = sum(1 for finding in findings if finding.severity is Severity.WARNING)
    checked = f"{len(files)} file{'s' * (len(files) != 1)}"
    if not findings:
        return f"All clear: {checked} checked, no findings."

    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'s' * (count != 1)}"

    return f"Found {plural(errors, 'error')} and {plural(warnings, 'warning')} in {checked}."


def report_text(findings: Sequence[Finding], files: Sequence[str], color: bool) -> str:
    return "".join(text_line(finding, color) + "\n" for finding in findings)


def report_json(findings: Sequence[Finding], files: Sequence[str], color: bool) -> str:
    payload = {
        "files": list(files),
        "findings": [
            {
                "code": f.code,
                "rule": f.rule,
                "severity": str(f.severity),
                "message": f.message,
                "file": f.file,
                "pointer": f.pointer,
                "line": f.line,
                "column": f.column,
            }
            for f in findings
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


REPORTERS: dict[str, Reporter] = {
    "text": report_text,
    "json": report_json,
}
"""Output formats by the name given to ``--output-format``."""
