"""Spans and fixes as the JSON report writes them (``schema/report.schema.json``).

A place is its line and column (1-based) and its offset (0-based), all counted in code points of
the decoded file, a byte-order mark not counted: the same numbers ``--fix`` applies edits at, so
that a script can apply a fix from the report alone. A span's end is exclusive.
"""

from __future__ import annotations

from briefkit.findings import Finding, Fix


def _place(line: int, column: int, offset: int) -> dict[str, int]:
    return {"line": line, "column": column, "offset": offset}


def span_json(finding: Finding) -> dict[str, object] | None:
    """Where the finding's token or value starts and ends; ``None`` when that is not known (a
    file that could not be read, a named path that does not exist)."""
    if finding.end_line == 0 or finding.offset < 0:
        return None
    return {
        "start": _place(finding.line, finding.column, finding.offset),
        "end": _place(finding.end_line, finding.end_column, finding.end_offset),
    }


def fixes_json(fix: Fix | None) -> list[dict[str, object]]:
    """The finding's fixes (none, or the one certain fix): what it does, whether ``--fix``
    applies it (``safe``) or it needs ``--unsafe-fixes``, and its edits."""
    if fix is None:
        return []
    edits = [
        {
            "span": {
                "start": _place(edit.line, edit.column, edit.offset),
                "end": _place(edit.end_line, edit.end_column, edit.end_offset),
            },
            "new_text": edit.text,
        }
        for edit in fix.edits
    ]
    return [{"title": fix.title, "safe": fix.safe, "edits": edits}]
