"""Turn briefkit's JSON report into the GitHub action's job summary and step outputs.

    action_summary.py REPORT EXIT_CODE     Markdown for $GITHUB_STEP_SUMMARY
    action_summary.py --outputs REPORT     name=value lines for $GITHUB_OUTPUT

Used by action.yml; standard library only, so it runs in briefkit's own virtual environment.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SHOWN = 50
"""Findings listed in the summary; the annotations and the SARIF report carry all of them."""
RANKS = {"error": 0, "warning": 1, "info": 2}


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("`", "'")


def plural(count: object, noun: str) -> str:
    """``1 error``, ``2 errors``: the summary counts in words a reader would write."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summary(report: dict[str, object], status: int) -> str:
    counts = report["summary"]
    assert isinstance(counts, dict)
    files = report["files"]
    findings = report["findings"]
    assert isinstance(files, list) and isinstance(findings, list)
    verdict = "passed" if status == 0 else "failed"
    lines = [
        f"### briefkit check {verdict}",
        "",
        f"{plural(len(files), 'brief')} checked: {plural(counts['error'], 'error')}, "
        f"{plural(counts['warning'], 'warning')}, {counts['info']} info.",
        "",
    ]
    # Errors first, then warnings, then info (in report order within each): with many
    # findings, the ones that fail the job must not be cut off below the table's limit.
    findings = sorted(findings, key=lambda finding: RANKS.get(finding["severity"], 3))
    if findings:
        lines += ["| File | Line | Severity | Code | Message |", "| --- | --- | --- | --- | --- |"]
        for finding in findings[:SHOWN]:
            lines.append(
                f"| {cell(finding['file'])} | {finding['line']} | {finding['severity']} | "
                f"{finding['code']} | {cell(finding['message'])} |"
            )
        if len(findings) > SHOWN:
            lines += ["", f"… and {len(findings) - SHOWN} more (see the annotations)."]
    return "\n".join(lines) + "\n"


def outputs(report: dict[str, object]) -> str:
    counts = report["summary"]
    files = report["files"]
    assert isinstance(counts, dict) and isinstance(files, list)
    return (
        f"errors={counts['error']}\nwarnings={counts['warning']}\ninfos={counts['info']}\n"
        f"files={len(files)}\n"
    )


def main(argv: list[str]) -> None:
    if argv[:1] == ["--outputs"]:
        report = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
        sys.stdout.write(outputs(report))
    else:
        report = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
        sys.stdout.write(summary(report, int(argv[1])))


if __name__ == "__main__":
    main(sys.argv[1:])
