"""Findings as LSP diagnostics, and fixes as LSP text edits, in the client's position units."""

from __future__ import annotations

from lsprotocol import types

from briefkit.findings import Edit, Finding, Severity
from briefkit.lsp.positions import Lines

SOURCE = "briefkit"

SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def finding_span(finding: Finding, lines: Lines) -> tuple[int, int]:
    """Code-point offsets of the text a finding is about: its span, else (a finding that
    knows only where it starts) the rest of that line, never an empty range."""
    start = finding.offset if finding.offset >= 0 else lines.offset_of(finding.line, finding.column)
    if finding.end_offset > start:
        end = finding.end_offset
    elif finding.end_line > 0:
        end = lines.offset_of(finding.end_line, finding.end_column)
    else:
        end = start
    if end <= start:
        end = lines.line_end(start)
    if end <= start:
        end = min(start + 1, len(lines.text))
    return start, end


def diagnostic(finding: Finding, lines: Lines) -> types.Diagnostic:
    return types.Diagnostic(
        range=lines.range(*finding_span(finding, lines)),
        message=finding.message,
        severity=SEVERITIES[finding.severity],
        code=finding.code,
        source=SOURCE,
    )


def diagnostics(findings: list[Finding], lines: Lines) -> list[types.Diagnostic]:
    return [diagnostic(finding, lines) for finding in findings]


def text_edit(edit: Edit, lines: Lines) -> types.TextEdit:
    return types.TextEdit(range=lines.range(edit.offset, edit.end_offset), new_text=edit.text)
