"""The language server: pygls wiring between the editor's requests and the session.

Diagnostics are pulled (``textDocument/diagnostic``) by clients that can, and pushed otherwise:
on open and save at once, on change after a short debounce, so that a burst of keystrokes is
linted once. A change to one brief can change what another says (a link, a duplicate id), so
the other open buffers are linted again after it. A bug while linting becomes one diagnostic on
the buffer, never a dead server.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from briefkit.findings import Finding, Severity
from briefkit.lsp.actions import code_actions
from briefkit.lsp.completion import completions
from briefkit.lsp.diagnostics import diagnostics
from briefkit.lsp.hover import hover
from briefkit.lsp.positions import Lines
from briefkit.lsp.session import Session, is_configuration
from briefkit.version import __version__

DEBOUNCE_SECONDS = 0.03
"""How long a change waits for the next keystroke before it is linted (at most 50 ms, so that
diagnostics follow typing within the 150 ms the performance baseline allows)."""

logger = logging.getLogger(__name__)


def _path(uri: str) -> str:
    return to_fs_path(uri) or uri


def _watched(uri: str) -> bool:
    path = _path(uri)
    return path.endswith(".json") or is_configuration(path)


class BriefkitServer(LanguageServer):
    """A pygls server holding one :class:`Session` and the pending debounced lints."""

    def __init__(self) -> None:
        super().__init__("briefkit", __version__)
        self.session = Session()
        self.pending: dict[str, asyncio.TimerHandle] = {}

    @property
    def pulls(self) -> bool:
        """Whether the client asks for diagnostics itself (``textDocument/diagnostic``)."""
        document = self.client_capabilities.text_document
        return document is not None and document.diagnostic is not None

    def lines(self, uri: str) -> Lines:
        buffer = self.session.buffers.get(_key(uri))
        encoding = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        return Lines(buffer.text if buffer else "", encoding)

    def findings(self, uri: str) -> list[Finding]:
        try:
            return self.session.findings(_path(uri))
        except Exception as error:  # a bug in briefkit: said on the buffer, the server lives on
            logger.exception("linting %s failed", uri)
            return [_bug(_path(uri), error)]

    def diagnostics(self, uri: str) -> list[types.Diagnostic]:
        return diagnostics(self.findings(uri), self.lines(uri))

    def publish(self, uri: str) -> None:
        self.pending.pop(uri, None)
        buffer = self.session.buffers.get(_key(uri))
        if buffer is None:
            return
        version = buffer.version
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, diagnostics=self.diagnostics(uri), version=version
            )
        )

    def changed(self, uri: str, *, delay: float = 0.0) -> None:
        """Diagnostics for ``uri`` after ``delay``, then for the other open buffers."""
        if self.pulls:
            self.refresh()
            return
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(delay, self._publish_all, uri)

    def _publish_all(self, first: str) -> None:
        self.publish(first)
        for buffer in list(self.session.buffers.values()):
            uri = _uri(buffer.path)
            if uri != first and uri not in self.pending:
                self.publish(uri)

    def refresh(self) -> None:
        workspace = self.client_capabilities.workspace
        diagnostics = workspace.diagnostics if workspace else None
        if diagnostics is not None and diagnostics.refresh_support:
            self.workspace_diagnostic_refresh(None)


def _key(uri: str) -> str:
    from briefkit.desk.repository import path_key

    return path_key(_path(uri))


def _uri(path: str) -> str:
    from pygls.uris import from_fs_path

    return from_fs_path(path) or path


def _bug(path: str, error: Exception) -> Finding:
    message = f"briefkit could not lint this buffer (a bug, please report it): {error!r}"
    return Finding("bug", "internal-error", Severity.ERROR, message, path)


def make_server() -> BriefkitServer:
    """A server with every feature registered; :func:`serve` runs it on stdio."""
    server = BriefkitServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: BriefkitServer, params: types.DidOpenTextDocumentParams) -> None:
        document = params.text_document
        if _watched(document.uri):
            ls.session.open(_path(document.uri), document.text, document.version)
            ls.changed(document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: BriefkitServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        if _watched(uri):
            document = ls.workspace.get_text_document(uri)
            ls.session.change(_path(uri), document.source, params.text_document.version)
            ls.changed(uri, delay=DEBOUNCE_SECONDS)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: BriefkitServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if _watched(uri):
            ls.session.saved(_path(uri))
            ls.changed(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: BriefkitServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        if _watched(uri):
            handle = ls.pending.pop(uri, None)
            if handle is not None:
                handle.cancel()
            ls.session.close(_path(uri))
            ls.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )
            if ls.session.buffers:
                first = next(iter(ls.session.buffers.values()))
                ls.changed(_uri(first.path))

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier="briefkit", inter_file_dependencies=True, workspace_diagnostics=False
        ),
    )
    def pull(
        ls: BriefkitServer, params: types.DocumentDiagnosticParams
    ) -> types.RelatedFullDocumentDiagnosticReport:
        return types.RelatedFullDocumentDiagnosticReport(
            items=ls.diagnostics(params.text_document.uri)
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(ls: BriefkitServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        lines = ls.lines(uri)
        start, end = lines.offset(params.range.start), lines.offset(params.range.end)
        return code_actions(uri, ls.findings(uri), lines, start, end)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: BriefkitServer, params: types.HoverParams) -> types.Hover | None:
        uri = params.text_document.uri
        lines = ls.lines(uri)
        return hover(ls.findings(uri), lines, lines.offset(params.position))

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=['"'])
    )
    def complete(ls: BriefkitServer, params: types.CompletionParams) -> types.CompletionList:
        uri = params.text_document.uri
        lines = ls.lines(uri)
        offset = lines.offset(params.position)
        items = completions(lines, offset, ls.session.desk_briefs(_path(uri)))
        return types.CompletionList(is_incomplete=False, items=items)

    return server


def serve(**_: Any) -> None:
    """Run the server on standard input and output until the client says exit."""
    make_server().start_io()
