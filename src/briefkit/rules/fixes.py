"""Applying fixes to a brief's text: minimal edits at their spans, everything else kept.

A fix (:class:`briefkit.findings.Fix`) is a list of edits at located spans, marked safe or unsafe.
Fixes are applied to the decoded text in one pass from the end of the text to its start, so that
each edit's offsets stay right; a fix that overlaps one already taken waits for the next pass
(after a re-check, its finding may be gone or its span moved). Nothing here reads or writes
files: :mod:`briefkit.check.fixing` does, and re-checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from briefkit.findings import Edit, Finding, Fix


def chosen_fixes(findings: Iterable[Finding], *, unsafe: bool = False) -> list[Fix]:
    """The fixes of ``findings`` that ``--fix`` applies (``unsafe``: ``--unsafe-fixes`` too),
    once each, in order of position."""
    fixes: dict[tuple[Edit, ...], Fix] = {}
    for finding in findings:
        fix = finding.fix
        if fix is not None and fix.edits and (fix.safe or unsafe):
            fixes.setdefault(fix.edits, fix)
    return sorted(fixes.values(), key=lambda fix: min(edit.offset for edit in fix.edits))


def apply_fixes(text: str, fixes: Sequence[Fix]) -> tuple[str, list[Fix]]:
    """``text`` with every fix applied that overlaps no other taken before it, and those fixes.

    Two edits touching at one point (one ends where the other starts) both apply, unless both
    insert there, whose order would be a guess.
    """
    taken: list[Fix] = []
    spans: list[tuple[int, int]] = []
    for fix in fixes:
        if any(not 0 <= e.offset <= e.end_offset <= len(text) for e in fix.edits):
            continue
        if any(_overlaps(edit, spans) for edit in fix.edits) or _self_overlapping(fix):
            continue
        taken.append(fix)
        spans.extend((edit.offset, edit.end_offset) for edit in fix.edits)
    edits = sorted((edit for fix in taken for edit in fix.edits), key=lambda e: e.offset)
    for edit in reversed(edits):
        text = text[: edit.offset] + edit.text + text[edit.end_offset :]
    return text, taken


def _overlaps(edit: Edit, spans: list[tuple[int, int]]) -> bool:
    for start, end in spans:
        if edit.offset < end and start < edit.end_offset:
            return True
        if edit.offset == edit.end_offset == start == end:
            return True
        if edit.offset == edit.end_offset and start < edit.offset < end:
            return True
        if start == end and edit.offset < start < edit.end_offset:
            return True
    return False


def _self_overlapping(fix: Fix) -> bool:
    seen: list[tuple[int, int]] = []
    for edit in fix.edits:
        if _overlaps(edit, seen):
            return True
        seen.append((edit.offset, edit.end_offset))
    return False
