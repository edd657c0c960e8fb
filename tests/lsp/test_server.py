"""``briefkit lsp`` over stdio, driven by pygls's LSP client as an editor would drive it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types

from tests.lsp.session import WAIT, desk, editor, uri

PLANTED = {
    '"TLP:CLEAR"': '"TLP:WHITE"',
    '"id": "tanzania-security-update-2025-10-29"': '"id": "tanzania-nowhere"',
}


def planted(folder: Path) -> tuple[Path, str]:
    brief = folder / "niger-mali-aes.json"
    text = brief.read_text(encoding="utf-8")
    for old, new in PLANTED.items():
        text = text.replace(old, new)
    return brief, text


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """``text`` with LSP edits applied (ranges in UTF-16 units, as the server was told)."""
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: position.line])
        line = lines[position.line].encode("utf-16-le")[: position.character * 2]
        return before + len(line.decode("utf-16-le"))

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))[::-1]:
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


def test_diagnostics_fixes_hover_and_close(tmp_path: Path) -> None:
    async def scenario() -> None:
        folder = desk(tmp_path)
        brief, text = planted(folder)
        document = uri(brief)
        async with editor(folder) as session:
            session.open(document, text)
            shown = await session.settled(document)
            by_code = {diagnostic.code: diagnostic for diagnostic in shown}
            assert set(by_code) == {"BK014", "BK202"}, [d.message for d in shown]
            tlp = by_code["BK014"]
            assert tlp.source == "briefkit"
            assert tlp.severity == types.DiagnosticSeverity.Error
            assert tlp.range == types.Range(types.Position(26, 9), types.Position(26, 20))
            link = by_code["BK202"]
            assert link.range == types.Range(types.Position(103, 12), types.Position(103, 30))
            assert "tanzania-nowhere" in link.message

            hovered = await asyncio.wait_for(
                session.client.text_document_hover_async(
                    types.HoverParams(types.TextDocumentIdentifier(document), tlp.range.start)
                ),
                WAIT,
            )
            assert hovered is not None and isinstance(hovered.contents, types.MarkupContent)
            assert "BK014 invalid-value" in hovered.contents.value
            assert "Bad:" in hovered.contents.value and "Good:" in hovered.contents.value

            actions = await asyncio.wait_for(
                session.client.text_document_code_action_async(
                    types.CodeActionParams(
                        types.TextDocumentIdentifier(document),
                        tlp.range,
                        types.CodeActionContext([tlp]),
                    )
                ),
                WAIT,
            )
            titles = [
                action.title for action in actions or [] if isinstance(action, types.CodeAction)
            ]
            assert titles == ['Fix: replace "TLP:WHITE" with "TLP:CLEAR" (BK014)'], titles
            fix = actions[0]
            assert isinstance(fix, types.CodeAction) and fix.edit and fix.edit.changes
            fixed = apply(text, list(fix.edit.changes[document]))
            assert '"tlp": "TLP:CLEAR"' in fixed
            session.replace(document, fixed)
            assert {d.code for d in await session.settled(document)} == {"BK202"}

            actions = await asyncio.wait_for(
                session.client.text_document_code_action_async(
                    types.CodeActionParams(
                        types.TextDocumentIdentifier(document),
                        link.range,
                        types.CodeActionContext([link]),
                    )
                ),
                WAIT,
            )
            ignore = [a for a in actions or [] if isinstance(a, types.CodeAction)]
            assert [a.title for a in ignore] == [
                "Ignore BK202 in this brief (x-briefkit.ignore, give a reason)"
            ]
            assert ignore[0].edit and ignore[0].edit.changes
            ignored = apply(fixed, list(ignore[0].edit.changes[document]))
            assert '"x-briefkit": {"ignore": [{"code": "BK202", "reason": "TODO:' in ignored
            session.replace(document, ignored)
            codes = {d.code for d in await session.settled(document)}
            assert "BK202" not in codes and "BK014" not in codes

            session.close(document)
            assert await session.diagnostics(document) == []  # cleared
            assert brief.read_text(encoding="utf-8") != ignored  # nothing was written to disk
        assert not session.errors

    asyncio.run(scenario())


def test_completes_discover_more_ids_from_the_desk(tmp_path: Path) -> None:
    async def scenario() -> None:
        folder = desk(tmp_path)
        brief = folder / "niger-mali-aes.json"
        text = brief.read_text(encoding="utf-8")
        typed = text.replace('"id": "tanzania-security-update-2025-10-29"', '"id": "tanz')
        cut = typed.index('"id": "tanz') + len('"id": "tanz')
        before = typed[:cut]
        position = types.Position(before.count("\n"), len(before.rsplit("\n", 1)[-1]))
        document = uri(brief)
        async with editor(folder) as session:
            session.open(document, typed)
            await session.settled(document)
            found = await asyncio.wait_for(
                session.client.text_document_completion_async(
                    types.CompletionParams(types.TextDocumentIdentifier(document), position)
                ),
                WAIT,
            )
            items = found.items if isinstance(found, types.CompletionList) else found or []
            labels = {item.label: item.detail for item in items}
            assert labels["tanzania-security-update-2025-10-29"].startswith(
                "Tanzania Security Update"
            )
            assert "tanzania-election-2025-10-29" in labels
            assert "niger-mali-aes-2025-10-02" not in labels  # not a link to itself
            item = next(i for i in items if i.label == "tanzania-election-2025-10-29")
            assert isinstance(item.text_edit, types.TextEdit)
            assert item.text_edit.new_text == '"tanzania-election-2025-10-29"'
            assert item.text_edit.range.end == position

            tlp_at = text.index('"TLP:CLEAR"') + 1
            tlp_position = types.Position(
                text[:tlp_at].count("\n"), len(text[:tlp_at].rsplit("\n", 1)[-1])
            )
            found = await asyncio.wait_for(
                session.client.text_document_completion_async(
                    types.CompletionParams(types.TextDocumentIdentifier(document), tlp_position)
                ),
                WAIT,
            )
            items = found.items if isinstance(found, types.CompletionList) else found or []
            assert {item.label for item in items} >= {"TLP:CLEAR", "TLP:AMBER+STRICT", "TLP:RED"}
            assert all(item.detail for item in items)

    asyncio.run(scenario())


def test_a_client_that_pulls_gets_diagnostics_on_request(tmp_path: Path) -> None:
    pulling = types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(
            diagnostic=types.DiagnosticClientCapabilities()
        )
    )

    async def scenario() -> None:
        folder = desk(tmp_path)
        brief, text = planted(folder)
        document = uri(brief)
        async with editor(folder, capabilities=pulling) as session:
            assert session.initialized is not None
            assert session.initialized.capabilities.diagnostic_provider is not None
            session.open(document, text)
            report = await asyncio.wait_for(
                session.client.text_document_diagnostic_async(
                    types.DocumentDiagnosticParams(types.TextDocumentIdentifier(document))
                ),
                WAIT,
            )
            assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
            assert {d.code for d in report.items} == {"BK014", "BK202"}
            assert session.queue(document).empty()  # nothing pushed to a client that pulls

    asyncio.run(scenario())


def test_an_unsaved_buffer_resolves_a_link_in_another(tmp_path: Path) -> None:
    """The rules across briefs read the open buffers over the disk: a link to an id that only an
    unsaved buffer holds resolves, and the linking brief's diagnostics are published again."""

    async def scenario() -> None:
        folder = desk(tmp_path)
        brief, text = planted(folder)
        document, other = uri(brief), uri(folder / "new-brief.json")
        async with editor(folder) as session:
            session.open(document, text)
            assert "BK202" in {d.code for d in await session.settled(document)}
            new = (folder / "tanzania-election.json").read_text(encoding="utf-8")
            new = new.replace('"tanzania-election-2025-10-29"', '"tanzania-nowhere"', 1)
            session.open(other, new)
            while "BK202" in {d.code for d in await session.diagnostics(document)}:
                pass  # until the server re-publishes the linking brief
            assert not (folder / "new-brief.json").exists()

    asyncio.run(scenario())


def test_a_configuration_suppression_without_a_reason_is_shown_at_its_line(
    tmp_path: Path,
) -> None:
    async def scenario() -> None:
        folder = desk(tmp_path)
        document = uri(folder / "briefkit.toml")
        async with editor(folder) as session:
            session.open(document, '# the desk\nignore = ["BK202"]\n')
            [shown] = await session.settled(document)
            assert (shown.code, shown.severity) == ("BK013", types.DiagnosticSeverity.Error)
            assert shown.range == types.Range(types.Position(1, 10), types.Position(1, 17))
            assert '"BK202" has no reason' in shown.message
            session.replace(document, '# the desk\nignore = [{code = "BK202", reason = "p"}]\n')
            assert await session.settled(document) == []
        assert not session.errors

    asyncio.run(scenario())
