"""``briefkit render PATH... --server URL``: the CLI's side of rendering through a service.

One brief or several, as a local render: the same file names (``-o`` is a folder for several),
written atomically, PNG sets moved into place only once every page exists; the same findings.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from briefkit.cli.common import emit_findings, fail, read_brief, user_errors
from briefkit.desk.config import Config, ConfigFinder
from briefkit.errors import EXIT_USAGE, BriefkitError
from briefkit.files import is_stderr, is_stdout, resolve_output, write_atomically
from briefkit.wording import plural

if TYPE_CHECKING:
    from collections.abc import Iterator

    from briefkit.document.brief import Brief
    from briefkit.serve.client import RemoteRender


@dataclass(frozen=True)
class RemoteOptions:
    """What ``render --server`` was asked, as given on the command line."""

    server: str
    output: Path | None
    output_format: str
    paper: str | None
    standard: str | None
    layout: str | None
    server_brand: str | None
    token_file: Path | None
    timeout: float | None
    dpi: int
    jobs: int | None = None
    """Briefs sent at a time (several briefs); default 2."""
    shard: str | None = None
    """``I/N``: only that part of the briefs (several briefs)."""


def render_on_server(
    files: list[Path], finder: ConfigFinder, options: RemoteOptions, *, batch: bool
) -> None:
    """Render ``files`` through the service and write what a local render would."""
    from briefkit.serve.client import read_token

    with user_errors():
        token = read_token(options.token_file) if options.token_file is not None else None
    if batch:
        _render_many(files, finder, options, token)
        return
    file = files[0]
    with user_errors():
        config = finder.for_path(file if str(file) != "-" else Path.cwd())
        brief = read_brief(file, config)
        output = options.output
        target = None
        if output is None or not (is_stdout(output) or is_stderr(output)):
            from briefkit.render.renderer import output_path

            target = output_path(brief.path, output, f".{options.output_format}")
            resolve_output(target, [file])
        try:
            document = _render(brief, config, options, token)
        except BriefkitError as error:
            if error.findings:
                emit_findings(list(error.findings), [brief.path])
                fail(f"{file}: not rendered, nothing was written; fix the errors above")
            raise
        if target is None:
            to_stderr = output is not None and is_stderr(output)
            typer.get_binary_stream("stderr" if to_stderr else "stdout").write(document)
            return
        paths = _write(target, document, options.output_format, brief)
        written = ", ".join(str(path) for path in paths)
        typer.echo(f"Wrote {written} (rendered by {options.server}).", err=True)


def _ask(config: Config, options: RemoteOptions, token: str | None) -> RemoteRender:
    from briefkit.serve.client import RemoteRender

    return RemoteRender(
        url=options.server,
        output_format=options.output_format,
        paper=options.paper or config.render.paper,
        standard=options.standard or config.render.standard,
        layout=options.layout or config.render.layout,
        brand=options.server_brand or config.server_brand or None,
        token=token,
        timeout=options.timeout,
        dpi=options.dpi if options.output_format == "png" else None,
    )


def _render(brief: Brief, config: Config, options: RemoteOptions, token: str | None) -> bytes:
    """The document the service renders from ``brief``, its figures sent inline."""
    from briefkit.serve.client import render_remotely, request_body

    body = request_body(brief, config.lint.limits)
    return render_remotely(body, brief.path, _ask(config, options, token))


def _write(target: Path, document: bytes, output_format: str, brief: Brief) -> tuple[Path, ...]:
    """Write the service's answer where a local render writes: one file, or a PNG set."""
    source = Path(brief.path) if brief.path != "-" else None
    if output_format != "png":
        write_atomically(target, document, protect=source)
        return (target,)
    from briefkit.render.outputs import signals_held, write_page_set
    from briefkit.serve.client import png_pages

    pages = png_pages(document, brief.path)
    with signals_held():
        return write_page_set(target, pages, source)


def _render_many(
    files: list[Path], finder: ConfigFinder, options: RemoteOptions, token: str | None
) -> None:
    """Several briefs (or folders) as ``render`` does them locally (see
    :func:`briefkit.cli.batch.run_batch`), ``--jobs`` of them sent at a time."""
    from briefkit.cli.batch import Rendered, run_batch
    from briefkit.render.batch import BatchJob, RenderOutcome

    def render_one(job: BatchJob) -> Rendered:
        try:
            document = _render(job.brief, job.config, options, token)
            paths = _write(job.outputs[0].path, document, options.output_format, job.brief)
        except BriefkitError as error:
            if error.exit_code == EXIT_USAGE:
                raise  # a refused token or address: every brief would fail the same way
            errors = sum(finding.severity == "error" for finding in error.findings)
            message = f"{plural(errors, 'error')} to fix first" if errors else error.message
            return RenderOutcome(job.key, error=message, hint=error.hint), error.findings
        return RenderOutcome(job.key, paths), ()

    def render(planned: list[BatchJob]) -> Iterator[Rendered]:
        with ThreadPoolExecutor(max_workers=options.jobs or 2) as pool:
            yield from pool.map(render_one, planned)

    with user_errors():
        run_batch(
            files,
            finder,
            render,
            output=options.output,
            output_format=options.output_format,
            shard=options.shard,
        )


def refuse_layout_dirs(layout_dirs: list[Path] | None) -> None:
    """A service has its own layouts: local layout folders cannot go with a remote render."""
    if layout_dirs:
        fail(
            "--layout-dir cannot be used with --server: the service renders with its own "
            "layouts (name one with --layout)",
            EXIT_USAGE,
        )


__all__ = ["RemoteOptions", "refuse_layout_dirs", "render_on_server"]
