"""A real LSP client (pygls's) driving ``briefkit lsp`` over stdio, for the editor tests."""

from __future__ import annotations

import asyncio
import shutil
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

from tests.conftest import SAMPLES

WAIT = 120.0
"""Seconds a test waits for the server before failing (a loaded machine starts Python slowly);
a timeout, never a sleep."""


def desk(folder: Path) -> Path:
    """A desk: an empty configuration and the three English samples."""
    (folder / "briefkit.toml").write_text("", encoding="utf-8")
    for name in ("niger-mali-aes.json", "tanzania-election.json", "tanzania-security-update.json"):
        shutil.copy(SAMPLES / name, folder / name)
    return folder


def uri(path: Path) -> str:
    found = from_fs_path(str(path))
    assert found is not None
    return found


class Editor:
    """The client side: what the server published, per document, in order."""

    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.published: dict[str, asyncio.Queue[types.PublishDiagnosticsParams]] = {}
        self.errors: list[str] = []
        self.version = 0
        self.initialized: types.InitializeResult | None = None

    def queue(self, document: str) -> asyncio.Queue[types.PublishDiagnosticsParams]:
        return self.published.setdefault(document, asyncio.Queue())

    async def diagnostics(self, document: str) -> list[types.Diagnostic]:
        """The next diagnostics the server publishes for ``document``."""
        published = await asyncio.wait_for(self.queue(document).get(), WAIT)
        return list(published.diagnostics)

    async def settled(self, document: str) -> list[types.Diagnostic]:
        """The diagnostics the server publishes for the version of ``document`` last sent."""
        while True:
            published = await asyncio.wait_for(self.queue(document).get(), WAIT)
            if published.version == self.version:
                return list(published.diagnostics)

    def open(self, document: str, text: str) -> None:
        self.version += 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(
                    uri=document, language_id="json", version=self.version, text=text
                )
            )
        )

    def replace(self, document: str, text: str) -> None:
        """Send the whole new text, as a full-document change."""
        self.version += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=document, version=self.version),
                [types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    def insert(self, document: str, text: str, line: int, character: int) -> None:
        """Type ``text`` at a place (an incremental change, as editors send keystrokes)."""
        self.version += 1
        at = types.Position(line=line, character=character)
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=document, version=self.version),
                [types.TextDocumentContentChangePartial(range=types.Range(at, at), text=text)],
            )
        )

    def close(self, document: str) -> None:
        self.client.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(document))
        )


@asynccontextmanager
async def editor(
    folder: Path,
    command: Sequence[str] = (sys.executable, "-m", "briefkit", "lsp"),
    capabilities: types.ClientCapabilities | None = None,
) -> AsyncIterator[Editor]:
    """``briefkit lsp`` (or ``command``) started in ``folder``, initialized, shut down and
    exited at the end."""
    client = LanguageClient("briefkit-tests", "1")
    session = Editor(client)

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        session.queue(params.uri).put_nowait(params)

    @client.feature(types.WINDOW_SHOW_MESSAGE)
    def shown(params: types.ShowMessageParams) -> None:
        if params.type == types.MessageType.Error:
            session.errors.append(params.message)

    await client.start_io(*command, cwd=str(folder))
    session.initialized = await asyncio.wait_for(
        client.initialize_async(
            types.InitializeParams(
                capabilities=capabilities or types.ClientCapabilities(),
                root_uri=uri(folder),
                workspace_folders=[types.WorkspaceFolder(uri(folder), folder.name)],
            )
        ),
        WAIT,
    )
    client.initialized(types.InitializedParams())
    try:
        yield session
    finally:
        await asyncio.wait_for(client.shutdown_async(None), WAIT)
        client.exit(None)
        await asyncio.wait_for(client.stop(), WAIT)
