"""A fix as SARIF 2.1.0 writes it: ``fixes`` of a result, the same edits ``--fix`` applies.

Columns stay in code points: the SARIF report declares ``columnKind: unicodeCodePoints``.
"""

from __future__ import annotations

from briefkit.findings import Fix


def sarif_region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    """A SARIF region; the end only when it is known (``end_line`` > 0)."""
    region = {"startLine": line, "startColumn": column}
    return region | ({"endLine": end_line, "endColumn": end_column} if end_line > 0 else {})


def sarif_fixes(fix: Fix, location: dict[str, str]) -> list[dict[str, object]]:
    """The result's ``fixes``: one fix, its edits as replacements in the artifact at
    ``location``; the description says whether ``--fix`` applies it or needs
    ``--unsafe-fixes``."""
    replacements = [
        {
            "deletedRegion": sarif_region(edit.line, edit.column, edit.end_line, edit.end_column),
            "insertedContent": {"text": edit.text},
        }
        for edit in fix.edits
    ]
    kind = "safe" if fix.safe else "unsafe: applied only when unsafe fixes are asked for"
    change = {"artifactLocation": location, "replacements": replacements}
    return [{"description": {"text": f"{fix.title} ({kind})"}, "artifactChanges": [change]}]
