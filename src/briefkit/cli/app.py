"""The ``briefkit`` command: a thin shell over the library; it formats findings, picks exit codes.

Exit codes: 0 clean, 1 findings at error level (or at ``--fail-on``) or a user error, 2 a usage
or configuration error, 3 a bug in briefkit (the traceback is shown with ``--debug``). ``check``,
``validate``, ``lint`` and ``rules`` never import WeasyPrint, so they start fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import typer

from briefkit.cli import authoring, brand, checking, diagnostics, publishing, rendering
from briefkit.cli.common import STATE
from briefkit.version import __version__

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
    STATE["debug"] = debug


# Commands, in the order `briefkit --help` lists them: an author's, a checker's, a publisher's.
# Each group lives in its own module.
COMMANDS = (
    ("init", authoring.init),
    ("new", authoring.new),
    ("import", authoring.import_brief),
    ("preview", authoring.preview),
    ("validate", checking.validate),
    ("lint", checking.lint),
    ("check", checking.check),
    ("rules", checking.rules),
    ("render", rendering.render),
    ("layouts", rendering.layouts),
    ("build", publishing.build),
    ("digest", publishing.digest),
    ("doctor", diagnostics.doctor),
)
for name, command in COMMANDS:
    app.command(name)(command)
app.add_typer(brand.app)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``briefkit`` console script and ``python -m briefkit``."""
    app(args=list(argv) if argv is not None else None, prog_name="briefkit")
