"""``briefkit lsp``: the language server for editors, on standard input and output."""

from __future__ import annotations

from typing import Annotated

import typer

from briefkit.cli.common import EXIT_USAGE, fail


def lsp(
    stdio: Annotated[
        bool,
        typer.Option(
            "--stdio", help="Speak LSP on standard input and output (the only transport)."
        ),
    ] = True,
) -> None:
    """Run the briefkit language server: diagnostics as you type, quick fixes, hover and
    completion of discover_more ids, in any editor that speaks LSP.

    Needs the lsp extra: pip install 'briefkit[lsp]'. Editors start it; see docs/editors.md.

    Example: briefkit lsp
    """
    try:
        from briefkit.lsp.server import serve
    except ImportError as error:
        fail(f"briefkit lsp needs pygls: pip install 'briefkit[lsp]' ({error})", EXIT_USAGE)
    serve()
