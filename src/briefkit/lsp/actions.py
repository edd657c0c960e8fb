"""Quick fixes: each finding's fix (safe or unsafe, labelled), and "ignore this finding here".

The server never writes a file: a code action is a workspace edit the editor applies to the
buffer when the author chooses it. Ignoring adds an ``x-briefkit.ignore`` entry with a reason
to fill in; the rules rendering relies on (:data:`~briefkit.findings.UNSILENCEABLE`) get none.
"""

from __future__ import annotations

import json

from lsprotocol import types

from briefkit.document.jsonsource import JsonPath, SourceText
from briefkit.findings import UNSILENCEABLE, Edit, Finding
from briefkit.lsp.configuration import CODE as CONFIG_CODE
from briefkit.lsp.diagnostics import diagnostic, finding_span, text_edit
from briefkit.lsp.positions import Lines

REASON_PLACEHOLDER = "TODO: why this finding does not apply here"


def code_actions(
    uri: str, findings: list[Finding], lines: Lines, start: int, end: int
) -> list[types.CodeAction]:
    """The quick fixes for the findings whose span meets the offsets ``start``..``end``."""
    actions: list[types.CodeAction] = []
    ignored: set[str] = set()
    for finding in findings:
        low, high = finding_span(finding, lines)
        if not (low <= end and start <= high):
            continue
        shown = diagnostic(finding, lines)
        if finding.fix is not None and finding.fix.edits:
            label = "Fix" if finding.fix.safe else "Unsafe fix"
            actions.append(
                types.CodeAction(
                    title=f"{label}: {finding.fix.title} ({finding.code})",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[shown],
                    is_preferred=finding.fix.safe,
                    edit=_workspace_edit(uri, finding.fix.edits, lines),
                )
            )
        if finding.code in UNSILENCEABLE or finding.code == CONFIG_CODE:
            continue
        if finding.code in ignored:
            continue
        edit = ignore_edit(lines.text, finding.code)
        if edit is not None:
            ignored.add(finding.code)
            actions.append(
                types.CodeAction(
                    title=f"Ignore {finding.code} in this brief (x-briefkit.ignore, give a reason)",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[shown],
                    edit=_workspace_edit(uri, (edit,), lines),
                )
            )
    return actions


def _workspace_edit(uri: str, edits: tuple[Edit, ...], lines: Lines) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={uri: [text_edit(edit, lines) for edit in edits]})


def ignore_edit(text: str, code: str) -> Edit | None:
    """An insertion adding ``{"code": code, "reason": ...}`` to ``x-briefkit.ignore``, creating
    the list or the object where missing; ``None`` for text that is not a JSON object yet."""
    source = SourceText(text)
    scan = source.scan
    if scan.stopped is not None or scan.too_deep is not None:
        return None
    entry = json.dumps({"code": code, "reason": REASON_PLACEHOLDER}, ensure_ascii=False)
    for container, member in (
        (("x-briefkit", "ignore"), entry),
        (("x-briefkit",), f'"ignore": [{entry}]'),
        ((), f'"x-briefkit": {{"ignore": [{entry}]}}'),
    ):
        span = source.exact_span(container)
        if span is None:
            continue
        opening = text[span[0]]
        if opening not in "{[" or (opening == "[") != (container == ("x-briefkit", "ignore")):
            return None  # a value of the wrong type: the schema finding says so
        return _insertion(text, source, container, span, member)
    return None


def _insertion(
    text: str, source: SourceText, container: JsonPath, span: tuple[int, int], member: str
) -> Edit:
    scan = source.scan
    children = [
        path for path in scan.values if len(path) == len(container) + 1 and path[:-1] == container
    ]
    if children:
        last = max(children, key=lambda path: scan.value_ends.get(path, 0))
        offset = scan.value_ends[last]
        key_start = scan.keys.get(last, scan.values[last])
        line_start = text.rfind("\n", 0, key_start) + 1
        indent = text[line_start:key_start]
        separator = f",\n{indent}" if indent.strip() == "" and line_start > 0 else ", "
        inserted = separator + member
    else:
        offset = span[0] + 1
        inserted = member
    line, column = source.position(offset)
    return Edit(offset, offset, inserted, line, column, line, column)
