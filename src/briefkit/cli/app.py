"""The ``briefkit`` command: a thin shell over the library; it formats findings, picks exit codes.

Exit codes: 0 clean, 1 findings at error level (or at ``--fail-on``) or a user error, 2 a usage
or configuration error, 3 a bug in briefkit (the traceback is shown with ``--debug``). ``check``,
``validate``, ``lint`` and ``rules`` never import WeasyPrint, so they start fast.
"""

from __future__ import annotations

import difflib
import os
import sys
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn, TextIO

import typer

from briefkit import __version__
from briefkit.check.config import Config, ConfigError, ConfigFinder
from briefkit.check.reporters import REPORTERS, ReportOptions, summary_line
from briefkit.document.brief import DEFAULT_LIMITS, Brief, load_brief, parse_brief
from briefkit.errors import BriefkitError
from briefkit.findings import Finding, Severity, has_errors

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

app = typer.Typer(
    name="briefkit",
    help=(
        "Write security-analysis briefs as JSON, check them, and publish them as branded PDFs.\n\n"
        "Examples:\n\n"
        "  briefkit lint samples/niger-mali-aes.json\n\n"
        "  briefkit render samples/niger-mali-aes.json -o brief.pdf --paper letter"
    ),
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state = {"debug": False}


class RenderFormat(StrEnum):
    """What 'render' writes."""

    pdf = "pdf"
    html = "html"
    png = "png"


class PdfStandard(StrEnum):
    """PDF standards a render can conform to."""

    ua1 = "pdf/ua-1"
    a3b = "pdf/a-3b"


class Paper(StrEnum):
    """Paper sizes a brief can be laid out on."""

    a4 = "a4"
    letter = "letter"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefkit {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors (for bug reports).")
    ] = False,
) -> None:
    """Write security-analysis briefs as JSON, check them, and publish them as branded PDFs."""
    _state["debug"] = debug


def _fail(message: str, code: int = EXIT_FINDINGS) -> NoReturn:
    typer.echo(f"briefkit: error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn a :class:`BriefkitError` into findings or one line on stderr, never a traceback."""
    try:
        yield
    except ConfigError as error:
        _fail(error.message, EXIT_USAGE)
    except BriefkitError as error:
        if error.findings:
            _emit(list(error.findings), [])
        _fail(error.message)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except typer.Exit:
        raise
    except Exception as exc:
        if _state["debug"]:
            raise
        _fail(
            f"internal error: {type(exc).__name__}: {exc} (this is a bug in briefkit; run again "
            "with --debug for the traceback)",
            EXIT_BUG,
        )


def _emit(findings: list[Finding], files: Sequence[str], *, summary: bool = False) -> None:
    findings.sort(key=lambda finding: finding.sort_key)
    options = ReportOptions(files=files, color=_color(sys.stdout))
    sys.stdout.write(REPORTERS["text"](findings, options))
    sys.stdout.flush()
    if summary:
        typer.echo(summary_line(findings, files), err=True)


def _color(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


def _read(path: Path, config: Config) -> Brief:
    if str(path) == "-":
        return parse_brief(sys.stdin.buffer.read(), "-", config.lint.limits)
    return load_brief(path, config.lint.limits)


def _finder(config_file: Path | None) -> ConfigFinder:
    try:
        return ConfigFinder(config_file)
    except ConfigError as error:
        _fail(error.message, EXIT_USAGE)


FilesArgument = Annotated[
    list[Path],
    typer.Argument(
        help="Brief files (JSON). '-' reads one brief from standard input.", show_default=False
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Use this briefkit.toml or pyproject.toml instead of the nearest one.",
    ),
]


@app.command()
def validate(files: FilesArgument, config_file: ConfigOption = None) -> None:
    """Check briefs against the brief schema: JSON syntax, shape and types.

    Every problem is printed as file:line:col: CODE message. A draft with empty sections is still
    valid; use 'lint' to learn whether it can be published.

    Example: briefkit validate drafts/*.json
    """
    from briefkit.validation.schema import validate_brief

    finder = _finder(config_file)
    findings: list[Finding] = []
    with _user_errors():
        for path in files:
            config = finder.for_path(path if str(path) != "-" else Path.cwd())
            try:
                findings.extend(validate_brief(_read(path, config)))
            except BriefkitError as error:
                if not error.findings:
                    raise
                findings.extend(error.findings)
    _emit(findings, [str(path) for path in files], summary=True)
    raise typer.Exit(EXIT_FINDINGS if has_errors(findings) else EXIT_CLEAN)


@app.command()
def lint(files: FilesArgument, config_file: ConfigOption = None) -> None:
    """Validate briefs and check that they can be published: required sections, house style.

    Honours the nearest briefkit.toml or [tool.briefkit] in pyproject.toml. Exits 1 if any
    brief has an error. To check a whole folder, with rules across briefs, use 'check'.

    Example: briefkit lint drafts/niger-mali.json
    """
    from briefkit.check.runner import check_paths

    finder = _finder(config_file)
    named = [path for path in files if str(path) != "-"]
    stdin = sys.stdin.buffer.read() if len(named) < len(files) else None
    with _user_errors():
        result = check_paths(named, finder, stdin=stdin, collection=False, walk=False)
    _emit(result.findings, result.files, summary=True)
    raise typer.Exit(EXIT_FINDINGS if has_errors(result.findings) else EXIT_CLEAN)


class OutputFormat(StrEnum):
    """Formats of the 'check' report."""

    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"


class FailOn(StrEnum):
    """The lowest severity that fails the run."""

    error = "error"
    warning = "warning"


@app.command()
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files and folders to check (folders recursively). Default: '.'. "
            "'-' reads one brief from standard input.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--output-format",
            help="Report format. Default: github under GitHub Actions, otherwise text.",
        ),
    ] = None,
    output_file: Annotated[
        Path | None,
        typer.Option("--output-file", metavar="FILE", help="Write the report to a file."),
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
    ] = FailOn.error,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when there are findings.")
    ] = False,
    config_file: ConfigOption = None,
) -> None:
    """Check every brief in a repository: schema, lint rules, and rules across briefs.

    Finds briefs in folders (honouring 'exclude' and 'include' from the configuration), checks
    each with the configuration nearest to it, then checks them together for duplicate ids,
    duplicate titles and discover-more links to ids no brief has. Exit codes: 0 nothing at or
    above --fail-on, 1 findings, 2 usage or configuration error.

    Examples:

      briefkit check

      briefkit check briefs/ --output-format sarif --output-file briefkit.sarif
    """
    from briefkit.check.runner import check_paths
    from briefkit.files import write_atomically

    finder = _finder(config_file)
    given = paths or [Path()]
    named = [path for path in given if str(path) != "-"]
    stdin = sys.stdin.buffer.read() if len(named) < len(given) else None
    for path in named:
        if not path.exists():
            _fail(f"{path}: no such file or folder", EXIT_USAGE)
    chosen = output_format or (
        OutputFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else OutputFormat.text
    )
    with _user_errors():
        result = check_paths(named, finder, stdin=stdin)
        threshold = Severity(fail_on.value)
        options = ReportOptions(
            files=result.files,
            color=output_file is None and chosen is OutputFormat.text and _color(sys.stdout),
            fail_on=threshold,
        )
        report = REPORTERS[chosen.value](result.findings, options)
        if output_file is not None:
            write_atomically(output_file, report.encode("utf-8"))
        else:
            sys.stdout.write(report)
            sys.stdout.flush()
    typer.echo(summary_line(result.findings, result.files), err=True)
    failing = any(finding.severity.rank >= threshold.rank for finding in result.findings)
    raise typer.Exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN)


@app.command()
def rules(
    code: Annotated[
        str | None,
        typer.Argument(help="A rule code, e.g. BK104, to explain in full.", show_default=False),
    ] = None,
) -> None:
    """List every rule, or explain one with a bad and a good example.

    Examples:

      briefkit rules

      briefkit rules BK170
    """
    from briefkit.rules.structure import RULES

    if code is None:
        width = max(len(rule.name) for rule in RULES.values())
        for rule in RULES.values():
            typer.echo(
                f"{rule.code}  {rule.name:<{width}}  {rule.severity.value:<7}  {rule.summary}"
            )
        return
    found = RULES.get(code.upper())
    if found is None:
        close = difflib.get_close_matches(code.upper(), list(RULES), n=1)
        hint = f"; did you mean {close[0]}?" if close else "; 'briefkit rules' lists them"
        _fail(f"no rule {code!r}{hint}")
    rule = found
    source = (
        "checked while loading or validating"
        if rule.check is None and (rule.check_collection is None)
        else "checked by lint"
        if rule.check
        else "checked by 'briefkit check' across briefs"
    )
    typer.echo(f"{rule.code} {rule.name} ({rule.severity.value} by default, {source})\n")
    typer.echo(rule.summary + "\n")
    typer.echo(textwrap.fill(rule.explanation, width=88) + "\n")
    typer.echo(f"Bad:\n    {rule.bad}\n")
    typer.echo(f"Good:\n    {rule.good}")


@app.command()
def render(
    file: Annotated[Path, typer.Argument(help="The brief to render (JSON).", show_default=False)],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Where to write the PDF. Default: next to the brief, .pdf."
        ),
    ] = None,
    brand: Annotated[
        Path | None, typer.Option("--brand", help="Brand file (JSON). Default: the built-in brand.")
    ] = None,
    paper: Annotated[Paper, typer.Option("--paper", help="Paper size.")] = Paper.a4,
    output_format: Annotated[
        RenderFormat,
        typer.Option(
            "--format",
            help="pdf; html (one self-contained file for the web and e-mail); png (one image per "
            "page, NAME-1.png, NAME-2.png...).",
        ),
    ] = RenderFormat.pdf,
    pdf_standard: Annotated[
        PdfStandard | None,
        typer.Option(
            "--pdf-standard",
            help="Conform to PDF/UA-1 (tagged, accessible) or PDF/A-3b (archiving).",
        ),
    ] = None,
    dpi: Annotated[
        int, typer.Option("--dpi", min=24, max=600, help="Resolution of PNG pages.")
    ] = 96,
    layout: Annotated[
        str | None,
        typer.Option("--layout", help="Layout name. Default: the one for the brief's kind."),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            help=f"Stop a render that takes longer. Default: {DEFAULT_LIMITS.render_seconds:g}.",
        ),
    ] = None,
    config_file: ConfigOption = None,
    layout_dir: Annotated[
        list[Path] | None,
        typer.Option(
            "--layout-dir",
            metavar="DIR",
            help="Folder of layouts searched before the built-in ones.",
        ),
    ] = None,
) -> None:
    """Lint a brief and render it to a branded PDF (or standalone HTML, or PNG pages).

    Nothing is written when the brief has errors; an existing file is left as it was. The same
    brief, brand and briefkit version give byte-identical output.

    Examples:

      briefkit render samples/niger-mali-aes.json -o niger-mali.pdf --paper letter

      briefkit render samples/niger-mali-aes.json --pdf-standard pdf/ua-1

      briefkit render samples/niger-mali-aes.json --format html -o brief.html
    """
    finder = _finder(config_file)
    with _user_errors():
        from briefkit.check.runner import lint_with_config
        from briefkit.document.brand import load_brand
        from briefkit.render.pdf import Renderer, captured_warnings

        config = finder.for_path(file if str(file) != "-" else Path.cwd())
        if timeout is not None:
            limits = replace(config.lint.limits, render_seconds=timeout)
            config = replace(config, lint=replace(config.lint, limits=limits))
        renderer = Renderer(layout_dirs=tuple(layout_dir or ()), lint_config=config.lint)
        try:
            brief = _read(file, config)
            with captured_warnings() as warnings:
                result = renderer.render(
                    brief,
                    load_brand(brand),
                    output,
                    output_format=output_format.value,
                    paper=paper.value,
                    layout_name=layout,
                    findings=lint_with_config(brief, config),
                    standard=pdf_standard.value if pdf_standard else None,
                    dpi=dpi,
                )
        except BriefkitError as error:
            if not error.findings:
                raise
            message = f"{file}: not rendered, nothing was written; fix the errors above"
            raise BriefkitError(message, error.findings) from None
        if result.findings:
            _emit(result.findings, [brief.path])
        for record in warnings:
            typer.echo(f"briefkit: warning: {record.getMessage()}", err=True)
        if output_format is RenderFormat.html:
            typer.echo(f"Wrote {result.path}.", err=True)
        else:
            pages = f"{result.pages} page{'s' * (result.pages != 1)}"
            written = ", ".join(str(path) for path in result.paths)
            typer.echo(f"Wrote {written} ({pages}).", err=True)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``briefkit`` console script and ``python -m briefkit``."""
    app(args=list(argv) if argv is not None else None, prog_name="briefkit")


@app.command()
def layouts(
    layout_dir: Annotated[
        list[Path] | None,
        typer.Option("--layout-dir", metavar="DIR", help="Folder of layouts to include first."),
    ] = None,
) -> None:
    """List the layouts a brief can be rendered with, and where each comes from.

    A layout in a --layout-dir folder hides a built-in one of the same name.

    Example: briefkit layouts --layout-dir house-layouts/
    """
    with _user_errors():
        from briefkit.assets import layouts_dir
        from briefkit.render.html import LAYOUT_FOR_KIND, available_layouts

        builtin = layouts_dir().resolve()
        found = available_layouts(tuple(layout_dir or ()))
        width = max((len(name) for name in found), default=0)
        for name, layout in found.items():
            origin = "built-in" if layout.folder.parent == builtin else str(layout.folder)
            kinds = [kind for kind, default in LAYOUT_FOR_KIND.items() if default == name]
            used = f"  (default for {', '.join(kinds)} briefs)" if kinds else ""
            typer.echo(f"{name:<{width}}  {origin}{used}")


@app.command()
def doctor(
    brand: Annotated[
        Path | None,
        typer.Option("--brand", help="Brand file to check. Default: the built-in brand."),
    ] = None,
    layout_dir: Annotated[
        list[Path] | None,
        typer.Option("--layout-dir", metavar="DIR", help="Folder of layouts to include."),
    ] = None,
) -> None:
    """Check that this machine can render: WeasyPrint, Pango, HarfBuzz, fonts, brand, layouts.

    Exits 1 if anything needed is missing.

    Example: briefkit doctor --brand brands/asa/brand.json
    """
    with _user_errors():
        from briefkit.doctor import Status, diagnose

        checks = diagnose(brand, tuple(layout_dir or ()))
        width = max(len(check.name) for check in checks)
        for check in checks:
            typer.echo(f"{check.name:<{width}}  {check.status.value:<8}  {check.detail}")
        if any(check.status is Status.PROBLEM for check in checks):
            raise typer.Exit(EXIT_FINDINGS)
