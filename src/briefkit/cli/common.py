"""What every command shares: exit codes, error handling, finding output, common options."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn, TextIO

import typer

from briefkit.check.config import Config, ConfigError, ConfigFinder
from briefkit.check.reporters import REPORTERS, ReportOptions, summary_line
from briefkit.document.brief import Brief, load_brief, parse_brief
from briefkit.errors import BriefkitError
from briefkit.findings import Finding

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

STATE = {"debug": False}
"""Set by the top-level ``--debug`` option: internal errors keep their traceback."""


def fail(message: str, code: int = EXIT_FINDINGS) -> NoReturn:
    """Print one error line and exit with ``code``."""
    typer.echo(f"briefkit: error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a :class:`BriefkitError` into findings or one line on stderr, never a traceback."""
    try:
        yield
    except ConfigError as error:
        fail(error.message, EXIT_USAGE)
    except BriefkitError as error:
        if error.findings:
            emit_findings(list(error.findings), [])
        fail(error.message)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except typer.Exit:
        raise
    except Exception as exc:
        if STATE["debug"]:
            raise
        fail(
            f"internal error: {type(exc).__name__}: {exc} (this is a bug in briefkit; run again "
            "with --debug for the traceback)",
            EXIT_BUG,
        )


def emit_findings(findings: list[Finding], files: Sequence[str], *, summary: bool = False) -> None:
    findings.sort(key=lambda finding: finding.sort_key)
    options = ReportOptions(files=files, color=use_color(sys.stdout))
    sys.stdout.write(REPORTERS["text"](findings, options))
    sys.stdout.flush()
    if summary:
        typer.echo(summary_line(findings, files), err=True)


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


def read_brief(path: Path, config: Config) -> Brief:
    if str(path) == "-":
        return parse_brief(sys.stdin.buffer.read(), "-", config.lint.limits)
    return load_brief(path, config.lint.limits)


def config_finder(config_file: Path | None) -> ConfigFinder:
    try:
        return ConfigFinder(config_file)
    except ConfigError as error:
        fail(error.message, EXIT_USAGE)


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
