"""Commands that render: render, layouts."""

from __future__ import annotations

import sys
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from briefkit.cli.batch import render_many
from briefkit.cli.common import (
    EXIT_USAGE,
    BrandOption,
    ConfigOption,
    LayoutDirsOption,
    PaperOption,
    check_seconds,
    config_finder,
    emit_findings,
    fail,
    interrupts_stop,
    read_brief,
    user_errors,
    warn,
)
from briefkit.cli.publishing import JobsOption
from briefkit.cli.settings import chosen_brand, chosen_value, say_demo_brand
from briefkit.desk.config import ConfigFinder
from briefkit.desk.settings import DEFAULT_RENDER_LIMITS, MAX_RENDER_SECONDS, brand_path
from briefkit.errors import BriefkitError
from briefkit.files import is_stderr, is_stdout
from briefkit.vocabulary import DEFAULT_DPI, DPI_RANGE
from briefkit.wording import plural


class RenderFormat(StrEnum):
    """What 'render' writes."""

    pdf = "pdf"
    html = "html"
    png = "png"


class PdfStandard(StrEnum):
    """PDF standards a render can conform to."""

    ua1 = "pdf/ua-1"
    a3b = "pdf/a-3b"


def render(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="The briefs to render (JSON files, or folders to search for briefs).",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Where to write the PDF. Default: next to the brief, .pdf. With several briefs "
            "or a folder: the folder to write <id>.pdf (or .html, .png) into.",
        ),
    ] = None,
    brand: BrandOption = None,
    paper: PaperOption = None,
    chosen_format: Annotated[
        RenderFormat | None,
        typer.Option(
            "--format",
            help="pdf; html (one self-contained file for the web and e-mail); png (one image per "
            "page, NAME-1.png, NAME-2.png...). Default: from the -o file's extension, else pdf.",
            show_default=False,
        ),
    ] = None,
    pdf_standard: Annotated[
        PdfStandard | None,
        typer.Option(
            "--pdf-standard",
            help="Conform to PDF/UA-1 (tagged, accessible) or PDF/A-3b (archiving). "
            "Default: `standard` in the configuration, else none.",
        ),
    ] = None,
    dpi: Annotated[
        int,
        typer.Option("--dpi", min=DPI_RANGE[0], max=DPI_RANGE[1], help="Resolution of PNG pages."),
    ] = DEFAULT_DPI,
    layout: Annotated[
        str | None,
        typer.Option(
            "--layout",
            help="Layout name. Default: `layout` in the configuration, else the one for the "
            "brief's kind.",
        ),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            help="Stop a render that takes longer (at most "
            f"{MAX_RENDER_SECONDS:g}). Default: render-seconds in the configuration's [limits], "
            f"else {DEFAULT_RENDER_LIMITS.render_seconds:g}.",
        ),
    ] = None,
    accept_warnings: Annotated[
        bool,
        typer.Option(
            "--accept-warnings",
            help="Write the output even when part of it could not be drawn (a figure WeasyPrint "
            "failed to load). Without it, such a render is an error and nothing is written.",
        ),
    ] = False,
    config_file: ConfigOption = None,
    layout_dir: LayoutDirsOption = None,
    jobs: JobsOption = None,
    shard: Annotated[
        str | None,
        typer.Option(
            "--shard",
            metavar="I/N",
            help="Render only a stable I-th of N parts of the briefs (for CI matrices).",
        ),
    ] = None,
    editions: Annotated[
        bool,
        typer.Option(
            "--editions",
            help="Render each brief's editions too (the briefs of its desk whose edition_of "
            "names it); -o is then a folder.",
        ),
    ] = False,
    server: Annotated[
        str | None,
        typer.Option(
            "--server",
            metavar="URL",
            help="Render through a `briefkit serve` service (http://HOST:PORT): same files, same "
            "findings, no Pango needed here; figures are sent inline.",
        ),
    ] = None,
    server_brand: Annotated[
        str | None,
        typer.Option(
            "--server-brand",
            metavar="NAME",
            help="With --server: the service's brand to use. Default: `server-brand` in the "
            "configuration, else the service's default.",
        ),
    ] = None,
    token_file: Annotated[
        Path | None,
        typer.Option("--token-file", help="With --server: a file holding the bearer token."),
    ] = None,
) -> None:
    """Lint a brief and render it to a branded PDF (or standalone HTML, or PNG pages).

    Nothing is written when the brief has errors; an existing file is left as it was. The same
    brief, brand and briefkit version give byte-identical output.

    Examples:

      briefkit render samples/niger-mali-aes.json -o niger-mali.pdf --paper letter

      briefkit render samples/niger-mali-aes.json --pdf-standard pdf/ua-1

      briefkit render samples/niger-mali-aes.json --format html -o brief.html

      briefkit render briefs/ -o out/ --jobs 2
    """
    finder = config_finder(config_file)
    if timeout is not None:
        check_seconds("--timeout", timeout)
    if editions:
        files = [*files, *_editions_of(files, finder)]
    batch = len(files) > 1 or files[0].is_dir() or shard is not None or editions
    output_format = _output_format(chosen_format, None if batch else output)
    if server is not None:
        from briefkit.cli.remote import RemoteOptions, refuse_layout_dirs, render_on_server

        refuse_layout_dirs(layout_dir)
        remote = RemoteOptions(
            server=server,
            output=output,
            output_format=output_format.value,
            paper=paper.value if paper is not None else None,
            standard=pdf_standard.value if pdf_standard else None,
            layout=layout,
            server_brand=server_brand,
            token_file=token_file,
            timeout=timeout,
            dpi=dpi,
            jobs=jobs,
            shard=shard,
        )
        render_on_server(files, finder, remote, batch=batch)
        return
    if batch:
        from briefkit.render.batch import RenderSettings

        settings = RenderSettings(
            brand_path=brand_path(brand) if brand is not None else None,
            layout_dirs=tuple(layout_dir or ()),
            paper=paper.value if paper is not None else None,
            layout_name=layout,
            standard=pdf_standard.value if pdf_standard else None,
            dpi=dpi,
            timeout=timeout,
            accept_warnings=accept_warnings,
        )
        render_many(
            files,
            finder,
            settings,
            output=output,
            output_format=output_format.value,
            jobs=jobs,
            shard=shard,
        )
        return
    file = files[0]
    with user_errors(), interrupts_stop():
        from briefkit.render.brand import brand_warning, load_brand
        from briefkit.render.renderer import Renderer
        from briefkit.rules.lint import lint_with_config

        config = finder.for_path(file if str(file) != "-" else Path.cwd())
        renderer = Renderer(
            layout_dirs=tuple(layout_dir or ()),
            lint_config=config.lint,
            limits=config.render.limits
            if timeout is None
            else replace(config.render.limits, render_seconds=timeout),
        )
        renderer.start()  # the worker loads WeasyPrint while this process reads and lints
        chosen = chosen_brand(brand, config)
        # A broken brand is the brand's error, not the brief's.
        loaded_brand = load_brand(chosen)
        desk = config.render
        try:
            brief = read_brief(file, config)
            result = renderer.render(
                brief,
                loaded_brand,
                output,
                output_format=output_format.value,
                paper=chosen_value(paper, desk.paper, "a4"),
                layout_name=layout or desk.layout,
                findings=lint_with_config(brief, config),
                standard=pdf_standard.value if pdf_standard else desk.standard,
                dpi=dpi,
                accept_warnings=accept_warnings,
            )
        except BriefkitError as error:
            if not error.findings:
                raise
            message = f"{file}: not rendered, nothing was written; fix the errors above"
            raise BriefkitError(message, error.findings) from None
        if result.findings:
            emit_findings(result.findings, [brief.path])
        for warning in result.warnings:
            warn(warning)
        if chosen is None:
            say_demo_brand()
        elif placeholder := brand_warning(loaded_brand):
            warn(placeholder)
        if not result.paths:  # `-o -`: the document, whole, once it exists
            stream = sys.stderr if output is not None and is_stderr(output) else sys.stdout
            stream.buffer.write(result.data)
            stream.buffer.flush()
        written = ", ".join(str(path) for path in result.paths) or (
            "standard error" if output is not None and is_stderr(output) else "standard output"
        )
        if output_format is RenderFormat.html:
            typer.echo(f"Wrote {written}.", err=True)
        else:
            typer.echo(f"Wrote {written} ({plural(result.pages, 'page')}).", err=True)


def _output_format(chosen: RenderFormat | None, output: Path | None) -> RenderFormat:
    """The format asked for, or the one the output file's extension names; a file named for one
    format is never written in another (exit 2)."""
    named = None
    if output is not None and not is_stdout(output) and not is_stderr(output):
        named = {f".{value.value}": value for value in RenderFormat}.get(output.suffix.lower())
        if output.suffix.lower() == ".htm":
            named = RenderFormat.html
    if chosen is not None and named is not None and chosen is not named:
        fail(f"-o {output}: the name says {named.value}, --format says {chosen.value}", EXIT_USAGE)
    result = chosen or named or RenderFormat.pdf
    if (
        result is RenderFormat.png
        and output is not None
        and (is_stdout(output) or is_stderr(output))
    ):
        fail(f"-o {output}: PNG pages are files; give -o a file name such as page.png", EXIT_USAGE)
    return result


def layouts(
    layout_dir: LayoutDirsOption = None,
) -> None:
    """List the layouts a brief can be rendered with, and where each comes from.

    A layout in a --layout-dir folder hides a built-in one of the same name.

    Example: briefkit layouts --layout-dir house-layouts/
    """
    with user_errors():
        from briefkit.assets import layouts_dir
        from briefkit.render.html import available_layouts
        from briefkit.vocabulary import LAYOUT_FOR_KIND

        builtin = layouts_dir().resolve()
        found = available_layouts(tuple(layout_dir or ()))
        width = max((len(name) for name in found), default=0)
        for name, layout in found.items():
            origin = "built-in" if layout.folder.parent == builtin else str(layout.folder)
            kinds = [kind for kind, default in LAYOUT_FOR_KIND.items() if default == name]
            used = f"  (default for {', '.join(kinds)} briefs)" if kinds else ""
            typer.echo(f"{name:<{width}}  {origin}{used}")


def _editions_of(files: list[Path], finder: ConfigFinder) -> list[Path]:
    """The edition files of the brief files among ``files`` (``--editions``)."""
    if any(str(file) == "-" for file in files):
        fail("--editions needs brief files; a brief from standard input has no desk", EXIT_USAGE)
    with user_errors():
        from briefkit.desk.editions import edition_files

        return edition_files([file for file in files if not file.is_dir()], finder)
