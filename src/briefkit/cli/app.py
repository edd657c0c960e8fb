"""The ``briefkit`` command: a thin shell over the library; it formats findings, picks exit codes.

Exit codes: 0 clean, 1 findings at error level (or at ``--fail-on``) or a user error, 2 a usage
or configuration error, 3 a bug in briefkit (the traceback is shown with ``--debug``). ``check``,
``validate``, ``lint`` and ``rules`` never import WeasyPrint, so they start fast.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import Annotated, Any

import typer

from briefkit.cli.common import DEBUG
from briefkit.version import __version__


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefkit {__version__}")
        raise typer.Exit()


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
    DEBUG.set(debug)


# Commands, in the order `briefkit --help` lists them: an author's, a checker's, a publisher's.
# Each group lives in its own module (briefkit.cli.<module>), imported only when one of its
# commands runs, so that `lint` does not load the rendering and authoring commands.
COMMANDS = (
    ("init", "authoring", "init"),
    ("new", "authoring", "new"),
    ("import", "authoring", "import_brief"),
    ("preview", "authoring", "preview"),
    ("lsp", "editor", "lsp"),
    ("validate", "checking", "validate"),
    ("lint", "checking", "lint"),
    ("check", "checking", "check"),
    ("rules", "catalogue", "rules"),
    ("render", "rendering", "render"),
    ("layouts", "rendering", "layouts"),
    ("build", "publishing", "build"),
    ("digest", "publishing", "digest"),
    ("serve", "serving", "serve"),
    ("doctor", "diagnostics", "doctor"),
)


GROUPS = (("brand", "brand"), ("edition", "editions"), ("export", "exporting"))
"""Commands with sub-commands (``briefkit brand init``): name, module holding its Typer app."""


def _command(module: str, function: str) -> Callable[..., Any]:
    command: Callable[..., Any] = getattr(import_module(f"briefkit.cli.{module}"), function)
    return command


def make_app(only: str | None = None) -> typer.Typer:
    """The ``briefkit`` Typer app, with every command or only the one named ``only``.

    Typer inspects every registered command's signature each time it runs (about 4 ms a
    command), so ``main`` builds the app with just the command the user asked for; ``--help``
    and anything unrecognised get the whole app.
    """
    app = typer.Typer(
        name="briefkit",
        help=(
            "Write security-analysis briefs as JSON, check them, and publish them as branded "
            "PDFs.\n\n"
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
    app.callback()(main_options)
    for name, module, function in COMMANDS:
        if only is None or name == only:
            app.command(name)(_command(module, function))
    for name, module in GROUPS:
        if only is None or only == name:
            app.add_typer(import_module(f"briefkit.cli.{module}").app)
    return app


def __getattr__(name: str) -> typer.Typer:
    """``app``: the whole app (tests invoke it with Typer's runner), built when first asked for."""
    if name == "app":
        whole = make_app()
        globals()["app"] = whole
        return whole
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_NAMES = {name for name, _, _ in COMMANDS} | {name for name, _ in GROUPS}


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line on ``argv`` (by default the process's arguments); the script and
    ``python -m briefkit`` start here through :func:`briefkit.cli.run`."""
    args = list(argv) if argv is not None else sys.argv[1:]
    first = next((arg for arg in args if not arg.startswith("-")), None)
    chosen = first if first in _NAMES else None
    gc.disable()
    command = make_app(chosen)
    # What start-up made (modules, classes, functions) lives until the process exits: frozen,
    # it is skipped by every later collection, the one at exit included.
    gc.freeze()
    gc.enable()
    command(args=args, prog_name="briefkit")
