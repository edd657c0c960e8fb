"""``--fix``, ``--unsafe-fixes`` and ``--diff`` of ``check`` and ``lint``: options and output."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from briefkit.check.reporters import shown
from briefkit.cli.common import EXIT_USAGE, fail
from briefkit.desk.config import ConfigFinder
from briefkit.findings import Finding
from briefkit.wording import plural

FixOption = Annotated[
    bool,
    typer.Option(
        "--fix",
        help="Apply the safe fixes the findings name (minimal edits at their places; "
        "formatting and key order kept; files written atomically), then report what is left.",
    ),
]
UnsafeFixesOption = Annotated[
    bool,
    typer.Option(
        "--unsafe-fixes",
        help="With --fix or --diff, also apply unsafe fixes: a guess among close values, an "
        "http link made https, a changed id. A fix with several possible outcomes is never made.",
    ),
]
DiffOption = Annotated[
    bool,
    typer.Option(
        "--diff",
        help="Print the fixes --fix would make as a unified diff and change nothing "
        "(exit 1 when there is one).",
    ),
]


def refuse_fix_without_files(*, fix: bool, diff: bool, staged: bool, stdin: bool) -> None:
    """Exit 2 when --fix/--diff would have no file to change (standard input, the index)."""
    option = "--fix" if fix else "--diff" if diff else None
    if option is None:
        return
    if staged:
        fail(
            f"{option} changes files in the work tree, not what is staged; drop --staged",
            EXIT_USAGE,
        )
    if stdin:
        fail(
            f"{option} changes files; it cannot fix standard input (name the file instead)",
            EXIT_USAGE,
        )


def show_diff(findings: list[Finding], finder: ConfigFinder, *, unsafe: bool) -> bool:
    """Print the fixes as a unified diff; whether there was any change."""
    from briefkit.check.fixing import plan_fixes, unified_diff

    plans = plan_fixes(findings, finder, unsafe=unsafe)
    for plan in plans:
        sys.stdout.write(unified_diff(plan, _diff_names(plan.path)))
    sys.stdout.flush()
    count = sum(plan.fixes for plan in plans)
    files = plural(len(plans), "file")
    message = f"Would fix {plural(count, 'finding')} in {files}." if plans else "Nothing to fix."
    typer.echo(message, err=True)
    return bool(plans)


def _diff_names(path: Path) -> tuple[str, str]:
    """``a/PATH`` and ``b/PATH`` for a file below the working folder (``git apply`` reads them);
    the absolute path on both sides for one outside it."""
    try:
        relative = path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return shown(str(path.absolute())), shown(str(path.absolute()))
    return f"a/{shown(relative)}", f"b/{shown(relative)}"


def apply_fixes_to_files(findings: list[Finding], finder: ConfigFinder, *, unsafe: bool) -> int:
    """Fix the files and say how many findings in how many files; the number of fixes."""
    from briefkit.check.fixing import plan_fixes, write_fixes

    written = write_fixes(plan_fixes(findings, finder, unsafe=unsafe))
    count = sum(plan.fixes for plan in written)
    if written:
        typer.echo(f"Fixed {plural(count, 'finding')} in {plural(len(written), 'file')}.", err=True)
    return count
