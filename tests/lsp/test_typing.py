"""Typing a brief from scratch: every state of a half-typed buffer gets located findings, never an
error response or a silent server; oversized and binary buffers get one finding."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from lsprotocol import types

from tests.conftest import SAMPLES
from tests.lsp.session import WAIT, editor, uri


def test_typing_a_brief_keystroke_by_keystroke(tmp_path: Path) -> None:
    """Each character is one change; at each line end the test waits for that version's
    diagnostics and asks for code actions (a request, so that an error would show)."""
    (tmp_path / "briefkit.toml").write_text("", encoding="utf-8")
    sample = (SAMPLES / "tanzania-election.json").read_text(encoding="utf-8")
    document = uri(tmp_path / "typed.json")

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            session.open(document, "")
            await session.settled(document)
            typed = ""
            for number, line in enumerate(sample.split("\n")):
                if number:
                    session.insert(document, "\n", number - 1, _units(typed.split("\n")[-1]))
                    typed += "\n"
                for char in line:
                    session.insert(document, char, number, _units(typed.split("\n")[-1]))
                    typed += char
                shown = await session.settled(document)
                assert all(d.source == "briefkit" and d.code != "bug" for d in shown)
                for diagnostic in shown:
                    assert diagnostic.range.end.line <= number
                if not _parses(typed):
                    assert any(d.code == "BK001" for d in shown), (number, shown)
                end = types.Position(number, _units(line))
                actions = await asyncio.wait_for(
                    session.client.text_document_code_action_async(
                        types.CodeActionParams(
                            types.TextDocumentIdentifier(document),
                            types.Range(types.Position(0, 0), end),
                            types.CodeActionContext(list(shown)),
                        )
                    ),
                    WAIT,
                )
                assert actions is None or isinstance(actions, (list, tuple))
            assert typed == sample
            assert not any(d.code == "BK001" for d in await _final(session, document))
        assert not session.errors

    asyncio.run(scenario())


async def _final(session: object, document: str) -> list[types.Diagnostic]:
    from tests.lsp.session import Editor

    assert isinstance(session, Editor)
    session.replace(document, (SAMPLES / "tanzania-election.json").read_text(encoding="utf-8"))
    return await session.settled(document)


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_oversized_and_binary_buffers_get_one_finding(tmp_path: Path) -> None:
    (tmp_path / "briefkit.toml").write_text("", encoding="utf-8")
    big = uri(tmp_path / "big.json")
    binary = uri(tmp_path / "binary.json")

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            session.open(big, '{"title": "' + "a" * (10 * 1024 * 1024) + '"}')
            shown = await session.settled(big)
            assert [d.code for d in shown] == ["BK005"]
            session.open(binary, "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01")
            shown = await session.settled(binary)
            assert [d.code for d in shown] == ["BK001"]
            assert shown[0].range.start == types.Position(0, 0)
        assert not session.errors
        assert not (tmp_path / "big.json").exists()  # the server wrote nothing

    asyncio.run(scenario())
