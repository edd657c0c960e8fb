"""The ``briefkit`` command: a thin shell over the library; it formats findings, picks exit codes.

Exit codes: 0 clean, 1 findings at error level or a user error, 2 a usage error, 3 a bug in
briefkit (the traceback is shown with ``--debug``). ``validate`` and ``lint`` never import
WeasyPrint, so they start fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from briefkit import __version__
from briefkit.brief import DEFAULT_LIMITS, Brief, load_brief, parse_brief
from briefkit.errors import BriefkitError
from briefkit.findings import Finding, has_errors
from briefkit.reporters import REPORTERS, summary_line
from briefkit.rules import LintConfig

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
    color = sys.stdout.isatty()
    sys.stdout.write(REPORTERS["text"](findings, files, color))
    if summary:
        typer.echo(summary_line(findings, files), err=True)


def _read(path: Path) -> Brief:
    if str(path) == "-":
        return parse_brief(sys.stdin.buffer.read(), "-")
    return load_brief(path)


def _check_files(files: list[Path], check: Callable[[Brief], list[Finding]]) -> None:
    findings: list[Finding] = []
    names: list[str] = []
    with _user_errors():
        for path in files:
            names.append(str(path))
            try:
                findings.extend(check(_read(path)))
            except BriefkitError as error:
                if not error.findings:
                    raise
                findings.extend(error.findings)
    _emit(findings, names, summary=True)
    raise typer.Exit(EXIT_FINDINGS if has_errors(findings) else EXIT_CLEAN)


FilesArgument = Annotated[
    list[Path],
    typer.Argument(
        help="Brief files (JSON). '-' reads one brief from standard input.", show_default=False
    ),
]


@app.command()
def validate(files: FilesArgument) -> None:
    """Check briefs against the brief schema: JSON syntax, shape and types.

    Every problem is printed as file:line:col: CODE message. A draft with empty sections is still
    valid; use 'lint' to learn whether it can be published.

    Example: briefkit validate drafts/*.json
    """
    from briefkit.validate import validate_brief

    _check_files(files, validate_brief)


@app.command()
def lint(files: FilesArgument) -> None:
    """Validate briefs and check that they can be published: required sections, empty text.

    Exits 1 if any brief has an error.

    Example: briefkit lint drafts/niger-mali.json
    """
    from briefkit.lint import lint_brief

    _check_files(files, lint_brief)


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
    layout: Annotated[
        str | None,
        typer.Option("--layout", help="Layout name. Default: the one for the brief's kind."),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option("--timeout", metavar="SECONDS", help="Stop a render that takes longer."),
    ] = DEFAULT_LIMITS.render_seconds,
    layout_dir: Annotated[
        list[Path] | None,
        typer.Option(
            "--layout-dir",
            metavar="DIR",
            help="Folder of layouts searched before the built-in ones.",
        ),
    ] = None,
) -> None:
    """Lint a brief and render it to a branded PDF.

    Nothing is written when the brief has errors; an existing PDF is left as it was.

    Example: briefkit render samples/niger-mali-aes.json -o niger-mali.pdf --paper letter
    """
    with _user_errors():
        from briefkit.brand import load_brand
        from briefkit.pdf import Renderer

        limits = replace(DEFAULT_LIMITS, render_seconds=timeout)
        renderer = Renderer(
            layout_dirs=tuple(layout_dir or ()), lint_config=LintConfig(limits=limits)
        )
        try:
            brief = _read(file)
            result = renderer.render_pdf(
                brief, load_brand(brand), output, paper=paper.value, layout_name=layout
            )
        except BriefkitError as error:
            if not error.findings:
                raise
            message = f"{file}: not rendered, nothing was written; fix the errors above"
            raise BriefkitError(message, error.findings) from None
        if result.findings:
            _emit(result.findings, [brief.path])
        pages = f"{result.pages} page{'s' * (result.pages != 1)}"
        typer.echo(f"Wrote {result.path} ({pages}).", err=True)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``briefkit`` console script and ``python -m briefkit``."""
    app(args=list(argv) if argv is not None else None, prog_name="briefkit")


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
