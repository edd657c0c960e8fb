"""``briefkit render BRIEF --server URL``: the CLI's side of rendering through a service."""

from __future__ import annotations

from pathlib import Path

import typer

from briefkit.cli.common import emit_findings, fail, read_brief, user_errors
from briefkit.desk.config import ConfigFinder
from briefkit.errors import EXIT_USAGE, BriefkitError
from briefkit.files import is_stderr, is_stdout, resolve_output, write_atomically

REMOTE_FORMATS = ("pdf", "html")


def render_on_server(
    file: Path,
    finder: ConfigFinder,
    *,
    server: str,
    output: Path | None,
    output_format: str,
    paper: str | None,
    standard: str | None,
    layout: str | None,
    server_brand: str | None,
    token_file: Path | None,
    timeout: float | None,
) -> None:
    """Render ``file`` through the service at ``server`` and write what a local render would."""
    from briefkit.render.renderer import output_path
    from briefkit.serve.client import RemoteRender, read_token, render_remotely

    if output_format not in REMOTE_FORMATS:
        fail(f"--server renders {' and '.join(REMOTE_FORMATS)}; render PNG pages locally", 2)
    with user_errors():
        config = finder.for_path(file if str(file) != "-" else Path.cwd())
        brief = read_brief(file, config)
        figures = brief.data.get("figures")
        if isinstance(figures, list) and figures:
            raise BriefkitError(
                f"{file}: a brief with figures cannot be sent to a render service yet (its "
                "figures are files on this machine); render it locally",
                exit_code=EXIT_USAGE,
            )
        ask = RemoteRender(
            url=server,
            output_format=output_format,
            paper=paper or config.render.paper,
            standard=standard or config.render.standard,
            layout=layout or config.render.layout,
            brand=server_brand or config.server_brand or None,
            token=read_token(token_file) if token_file is not None else None,
            timeout=timeout,
        )
        target = None
        if output is None or not (is_stdout(output) or is_stderr(output)):
            target = output_path(brief.path, output, f".{output_format}")
            resolve_output(target, [file])
        try:
            document = render_remotely(brief.source.text.encode("utf-8"), brief.path, ask)
        except BriefkitError as error:
            if error.findings:
                emit_findings(list(error.findings), [brief.path])
                fail(f"{file}: not rendered, nothing was written; fix the errors above")
            raise
        if target is None:
            typer.get_binary_stream("stderr" if output and is_stderr(output) else "stdout").write(
                document
            )
            return
        write_atomically(target, document, protect=file if str(file) != "-" else None)
        typer.echo(f"Wrote {target} (rendered by {server}).", err=True)


def refuse_layout_dirs(layout_dirs: list[Path] | None) -> None:
    """A service has its own layouts: local layout folders cannot go with a remote render."""
    if layout_dirs:
        fail(
            "--layout-dir cannot be used with --server: the service renders with its own "
            "layouts (name one with --layout)",
            EXIT_USAGE,
        )
