"""What every command shares: exit codes, error handling, finding output, common options."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn, TextIO

import typer

from briefkit.check.reporters import REPORTERS, ReportOptions, one_line, summary_line
from briefkit.desk.config import Config, ConfigError, ConfigFinder, Overrides
from briefkit.desk.git import report_root
from briefkit.desk.settings import render_seconds_problem
from briefkit.document.brief import Brief, load_brief, parse_brief, read_stream
from briefkit.errors import BriefkitError, Hint
from briefkit.findings import Finding

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

DEBUG: ContextVar[bool] = ContextVar("briefkit_debug", default=False)
"""Set by the top-level ``--debug`` option of each run: internal errors keep their traceback."""


HINT_ADVICE = {
    Hint.RENDER_SECONDS: "raise render-seconds in [tool.briefkit.limits], or --timeout for render",
    Hint.RENDER_MEMORY: "raise render-memory-mb in [tool.briefkit.limits]",
    Hint.MAX_PNG_PIXELS: "lower --dpi, or raise max-png-pixels",
    Hint.ACCEPT_WARNINGS: "fix it, or pass --accept-warnings to write it anyway",
    Hint.OUTPUT: "give --output",
    Hint.DOCTOR: "run `briefkit doctor`",
    Hint.ALLOW_RED: "pass --allow-red for a recipient entitled to them",
    Hint.OUT_FOLDER: "give --out a folder of its own, e.g. _site (or `out` in the configuration)",
    Hint.ALLOW_EMPTY: "or pass --allow-empty",
    Hint.SERVICE_TOKEN: "give --token-file with a token the service accepts",
    Hint.CHANGED_SINCE: "--changed-since takes a commit, branch or tag of this repository",
    Hint.GIT_REPOSITORY: "--changed-since and --staged need one",
    Hint.BRAND_NAMES: "give --name and --short-name",
    Hint.LOGO: "--logo takes an SVG, PNG or JPEG file",
    Hint.PIN_REPOSITORY: "or give --repo URL@COMMIT",
}
"""How the command line words each library hint: the one place that names flags for them."""


def with_advice(message: str, hint: Hint | None) -> str:
    """``message`` followed by the command line's advice for ``hint`` (if any)."""
    return f"{message}; {HINT_ADVICE[hint]}" if hint is not None else message


def error_line(error: BriefkitError) -> str:
    """The one line that says ``error`` on the command line, with its advice."""
    return with_advice(error.message, error.hint)


def fail(message: str, code: int = EXIT_FINDINGS) -> NoReturn:
    """Print one error line and exit with ``code``."""
    typer.echo(f"briefkit: error: {one_line(message)}", err=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    """Print one warning line, escaped as error lines are (a file name cannot forge a line)."""
    typer.echo(f"briefkit: warning: {one_line(message)}", err=True)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a :class:`BriefkitError` into findings or one line on stderr, never a traceback."""
    try:
        yield
    except ConfigError as error:
        fail(error_line(error), EXIT_USAGE)
    except BriefkitError as error:
        # The findings, unless the one line already says the only one of them.
        only = error.findings[0] if len(error.findings) == 1 else None
        if error.findings and not (only is not None and only.message in error.message):
            emit_findings(list(error.findings), [])
        fail(error_line(error), error.exit_code)
    except Terminated:
        fail("interrupted", 143)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except typer.Exit:
        raise
    except OSError as exc:
        # The machine said no (a read-only or missing folder, permissions, a full disk): the
        # user can fix that, so one line naming the file, not a bug report.
        if DEBUG.get():
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        fail(f"{where}{exc.strerror or exc}")
    except Exception as exc:
        if DEBUG.get():
            details = getattr(exc, "details", "")  # a render worker's own traceback
            if details:
                typer.echo(f"In the render worker:\n{details}", err=True)
            raise
        fail(
            f"internal error: {type(exc).__name__}: {exc} (this is a bug in briefkit; run "
            "`briefkit --debug ...` again for the traceback)",
            EXIT_BUG,
        )


def emit_findings(findings: list[Finding], files: Sequence[str], *, summary: bool = False) -> None:
    findings.sort(key=lambda finding: finding.sort_key)
    # Named from the git top-level, as every report names files (git is asked only when needed).
    named = next((Path(f.file) for f in findings if f.file != "-"), None)
    root = report_root(named) if named is not None else None
    options = ReportOptions(files=files, color=use_color(sys.stdout), root=root)
    sys.stdout.write(REPORTERS["text"](findings, options))
    sys.stdout.flush()
    if summary:
        typer.echo(summary_line(findings, files), err=True)


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


def read_brief(path: Path, config: Config) -> Brief:
    """The brief at ``path``, or from standard input for ``-``, within the size limit."""
    if str(path) == "-":
        return parse_brief(
            read_stream(sys.stdin.buffer, config.lint.limits), "-", config.lint.limits
        )
    return load_brief(path, config.lint.limits)


def read_stdin(finder: ConfigFinder) -> bytes:
    """Standard input, read no further than the size limit of the working folder's config."""
    return read_stream(sys.stdin.buffer, finder.for_path(Path.cwd()).lint.limits)


def check_seconds(option: str, seconds: float) -> None:
    """Refuse a time limit that is not a finite number of seconds above 0 (exit code 2): ``inf``,
    ``nan``, 0 or a negative number would turn the limit off."""
    problem = render_seconds_problem(seconds)
    if problem is not None:
        fail(f"{option} {problem}", EXIT_USAGE)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that the same clean-up runs (exit code 143)."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


@contextmanager
def interrupts_stop() -> Iterator[None]:
    """Turn SIGTERM into :class:`Terminated` while the block runs (Ctrl-C is KeyboardInterrupt
    already), so a render stops its worker and writes nothing; main thread only."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def config_finder(config_file: Path | None, overrides: Overrides | None = None) -> ConfigFinder:
    """The configuration finder, or exit 2 with one line when ``--config`` is broken."""
    try:
        return ConfigFinder(config_file, overrides)
    except ConfigError as error:
        fail(error_line(error), EXIT_USAGE)


FilesArgument = Annotated[
    list[Path],
    typer.Argument(
        metavar="FILE...",
        help="Brief files (JSON). '-' reads one brief from standard input.",
        show_default=False,
    ),
]
LayoutDirsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--layout-dir",
        metavar="DIR",
        help="Folder of layouts searched before the built-in ones (repeatable).",
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


class Paper(StrEnum):
    """Paper sizes a brief can be laid out on (render, digest)."""

    a4 = "a4"
    letter = "letter"


NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Neither read nor write the result cache (BRIEFKIT_CACHE_DIR, else 'cache-dir', "
        "else .briefkit_cache/ at the desk's root).",
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help="Lint in at most N processes (1: this one only). Default: one per core for large "
        "sets.",
        show_default=False,
    ),
]
PaperOption = Annotated[
    Paper | None,
    typer.Option(
        "--paper",
        help="Paper size. Default: `paper` in the configuration, else a4.",
        show_default=False,
    ),
]
BrandOption = Annotated[
    Path | None,
    typer.Option(
        "--brand",
        metavar="PATH",
        help="Brand file or folder, or `demo` for the built-in demo brand. Default: `brand` in "
        "the configuration.",
        show_default=False,
    ),
]
