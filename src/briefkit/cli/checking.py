"""Commands that check briefs: validate, lint, check. None of them imports WeasyPrint."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from briefkit.check.reporters import REPORTERS, ReportOptions, shown
from briefkit.cli.check_output import (
    STATISTICS_FORMATS,
    Color,
    ColorOption,
    QuietOption,
    closing_line,
    settings_text,
    statistics_report,
    wants_color,
)
from briefkit.cli.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_USAGE,
    ConfigOption,
    FilesArgument,
    JobsOption,
    NoCacheOption,
    config_finder,
    emit_findings,
    error_line,
    fail,
    read_stdin,
    user_errors,
)
from briefkit.cli.fixing import (
    DiffOption,
    FixOption,
    UnsafeFixesOption,
    apply_fixes_to_files,
    refuse_fix_without_files,
    show_diff,
)
from briefkit.desk.config import ConfigError
from briefkit.findings import Severity, has_errors

if TYPE_CHECKING:
    from briefkit.check.runner import CheckResult


def validate(files: FilesArgument, config_file: ConfigOption = None) -> None:
    """Check briefs against the brief schema: JSON syntax, shape and types.

    Every problem is printed as file:line:col: CODE [severity] message. A draft with empty
    sections is still valid; use 'lint' to learn whether it can be published. A file that does
    not exist is a finding (BK007, exit 1); the others are still checked.

    Example: briefkit validate drafts/*.json
    """
    _check_files(files, config_file, rules=False)


def lint(
    files: FilesArgument,
    config_file: ConfigOption = None,
    fix: FixOption = False,
    unsafe_fixes: UnsafeFixesOption = False,
    diff: DiffOption = False,
) -> None:
    """Validate briefs and check that they can be published: required sections, house style.

    Honours the nearest briefkit.toml or [tool.briefkit] in pyproject.toml. Exits 1 if any
    brief has an error (a file that does not exist is one: BK007). To check a whole folder, with
    rules across briefs, use 'check'.

    Example: briefkit lint drafts/niger-mali.json
    """
    _check_files(files, config_file, rules=True, fixing=(fix, unsafe_fixes, diff))


def _check_files(
    files: list[Path],
    config_file: Path | None,
    *,
    rules: bool,
    fixing: tuple[bool, bool, bool] = (False, False, False),
) -> None:
    """``validate`` (``rules=False``) and ``lint``: the files named (``-``: standard input),
    each on its own, without the rules across briefs; ``fixing`` is (fix, unsafe, diff)."""
    from briefkit.check.runner import CheckScope, check_paths

    fix, unsafe, diff = fixing
    named = [path for path in files if str(path) != "-"]
    refuse_fix_without_files(fix=fix, diff=diff, staged=False, stdin=len(named) < len(files))
    with user_errors():
        finder = config_finder(config_file)
        stdin = read_stdin(finder) if len(named) < len(files) else None
        scope = CheckScope(stdin=stdin)

        def run() -> CheckResult:
            return check_paths(
                named, finder, scope=scope, collection=False, walk=False, rules=rules
            )

        result = run()
        if diff:
            raise typer.Exit(
                EXIT_FINDINGS if show_diff(result.findings, finder, unsafe=unsafe) else 0
            )
        if fix and apply_fixes_to_files(result.findings, finder, unsafe=unsafe):
            result = run()
        findings = result.findings
        emit_findings(findings, result.files, summary=True)
    raise typer.Exit(EXIT_FINDINGS if has_errors(findings) else EXIT_CLEAN)


class OutputFormat(StrEnum):
    """Formats of the 'check' report."""

    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"
    gitlab = "gitlab"


class FailOn(StrEnum):
    """The lowest severity that fails the run."""

    error = "error"
    warning = "warning"
    info = "info"


OVERRIDE_FLAGS = {"select": "--select", "ignore": "--ignore", "extend-select": "--extend-select"}
"""How the command line names each rule-selection override in messages and --show-settings."""


def _codes(values: list[str] | None) -> tuple[str, ...]:
    """Codes given as repeated options and/or comma-separated lists, upper-cased."""
    return tuple(
        code.strip().upper() for value in values or () for code in value.split(",") if code.strip()
    )


def _parse_report(value: str) -> tuple[str, Path]:
    name, separator, target = value.partition(":")
    if not separator or not target or name not in REPORTERS:
        raise typer.BadParameter(
            f"{value!r}: expected FORMAT:PATH with FORMAT one of {', '.join(REPORTERS)} "
            "(e.g. sarif:briefkit.sarif)",
            param_hint="--report",
        )
    return name, Path(target)


def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...",
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
        typer.Option(
            "--output-file",
            metavar="FILE",
            help="Write the report to a file instead of standard output ('-').",
        ),
    ] = None,
    reports: Annotated[
        list[str] | None,
        typer.Option(
            "--report",
            metavar="FORMAT:PATH",
            help="Also write a report in FORMAT to PATH (repeatable), e.g. sarif:out.sarif.",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
    ] = FailOn.error,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when there are findings.")
    ] = False,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", metavar="CODES", help="Report only these codes or prefixes."),
    ] = None,
    extend_select: Annotated[
        list[str] | None,
        typer.Option(
            "--extend-select", metavar="CODES", help="Add codes to the configuration's select."
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", metavar="CODES", help="Never report these codes or prefixes."),
    ] = None,
    statistics: Annotated[
        bool,
        typer.Option("--statistics", help="Print how many findings each rule has, not each one."),
    ] = False,
    show_settings: Annotated[
        bool,
        typer.Option(
            "--show-settings",
            help="Print the configuration that applies to the first path, and where each "
            "value comes from; check nothing.",
        ),
    ] = False,
    changed_since: Annotated[
        str | None,
        typer.Option(
            "--changed-since",
            metavar="REF",
            help="Check the briefs changed since the merge base of REF and HEAD (as "
            "pre-commit's --from-ref and 'git diff REF...HEAD'), plus untracked ones, and those "
            "whose links the change broke; links resolve against every brief in the repository.",
        ),
    ] = None,
    staged: Annotated[
        bool,
        typer.Option(
            "--staged",
            help="Check what a commit would record: the staged version of each brief (the git "
            "index, not the working tree), the rest of the repository as staged for the rules "
            "across briefs. With files named (as the pre-commit hook passes them), those that "
            "are briefs; else the staged changes, and every brief when the configuration "
            "changed. Untracked files are ignored.",
        ),
    ] = False,
    stdin_filename: Annotated[
        Path | None,
        typer.Option(
            "--stdin-filename",
            metavar="PATH",
            help="The path of the brief read from standard input (its configuration, its name "
            "in findings); implies '-' when no path is given.",
        ),
    ] = None,
    allow_empty: Annotated[
        bool,
        typer.Option("--allow-empty", help="Exit 0 when folders hold no brief (default: exit 2)."),
    ] = False,
    force_exclude: Annotated[
        bool,
        typer.Option(
            "--force-exclude", help="Apply 'exclude' to paths named on the command line too."
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Also list the files passed over, and why."),
    ] = False,
    quiet: QuietOption = False,
    color: ColorOption = Color.auto,
    fix: FixOption = False,
    unsafe_fixes: UnsafeFixesOption = False,
    diff: DiffOption = False,
    no_cache: NoCacheOption = False,
    jobs: JobsOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Check every brief in a repository: schema, lint rules, and rules across briefs.

    Walks what git would track (outside git: all but hidden folders and virtual environments),
    takes as briefs the files that match 'include', or without it the .json files that name
    brief.schema.json in $schema or have two of id, kind, title, executive_summary. Each is
    checked with the configuration nearest to it; then all are checked together for duplicate
    ids and titles and for discover-more links to ids no brief in the repository has.

    Exit codes: 0 nothing at or above --fail-on, 1 findings or a user error (a path that does not
    exist is a BK007 finding; reports are still written), 2 usage or configuration error (also:
    no brief found, unless --allow-empty), 3 a bug.

    Examples:

      briefkit check

      briefkit check --changed-since origin/main --report sarif:briefkit.sarif

      briefkit check briefs/ --output-format sarif --output-file briefkit.sarif
    """
    from briefkit.check.runner import CheckScope, NothingFound, check_paths
    from briefkit.desk.config import Overrides
    from briefkit.desk.git import report_root
    from briefkit.files import is_stderr, is_stdout, resolve_output, write_atomically

    try:
        overrides = Overrides(
            select=_codes(select) if select else None,
            ignore=_codes(ignore),
            extend_select=_codes(extend_select),
            source="command line",
            names=OVERRIDE_FLAGS,
        ).checked()
    except ConfigError as error:
        fail(error_line(error), EXIT_USAGE)
    finder = config_finder(config_file, overrides)
    given = paths or ([Path("-")] if stdin_filename is not None else [Path()])
    if show_settings:
        typer.echo(settings_text(finder, given[0] if str(given[0]) != "-" else Path()))
        raise typer.Exit(EXIT_CLEAN)
    named = [path for path in given if str(path) != "-"]
    refuse_fix_without_files(fix=fix, diff=diff, staged=staged, stdin=len(named) < len(given))
    chosen = output_format or (
        OutputFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else OutputFormat.text
    )
    if statistics and chosen.value not in STATISTICS_FORMATS:
        fail(f"--statistics prints text or json, not {chosen.value}", EXIT_USAGE)
    targets: list[tuple[str, Path | None]] = [
        (chosen.value, None if output_file is None or is_stdout(output_file) else output_file)
    ]
    targets.extend(_parse_report(value) for value in reports or ())
    with user_errors():
        outputs = [
            (name, t if t is None or is_stderr(t) else resolve_output(t, named))
            for name, t in targets
        ]
        to_stdout = [name for name, target in outputs if target is None]
        if len(to_stdout) > 1:
            fail("only one report can go to standard output; give the others a PATH", EXIT_USAGE)
        if sum(1 for _, target in outputs if target is not None and is_stderr(target)) > 1:
            fail("only one report can go to standard error; give the others a PATH", EXIT_USAGE)
        files = [target for _, target in outputs if target is not None and not is_stderr(target)]
        stdin = read_stdin(finder) if len(named) < len(given) else None
        scope = CheckScope(
            stdin=stdin,
            stdin_filename=stdin_filename,
            changed_since=changed_since,
            staged=staged,
            force_exclude=force_exclude,
            allow_empty=allow_empty,
            outputs=frozenset(str(target.absolute()) for target in files),
            cache=not no_cache,
        )
        try:
            result = check_paths(named, finder, scope=scope, jobs=jobs)
        except NothingFound as error:
            for file, why in error.skipped if verbose else ():
                typer.echo(f"skipped {shown(file)}: {why}", err=True)
            raise
        if diff:
            changed = show_diff(result.findings, finder, unsafe=unsafe_fixes)
            raise typer.Exit(EXIT_FINDINGS if changed else EXIT_CLEAN)
        if fix and apply_fixes_to_files(result.findings, finder, unsafe=unsafe_fixes):
            result = check_paths(named, finder, scope=scope, jobs=jobs)  # what fixes left
        threshold = Severity(fail_on.value)
        root = report_root(named[0] if named else Path())
        for report_file in files:
            resolve_output(report_file, result.files)
        for name, target in outputs:
            options = ReportOptions(
                files=result.files,
                color=target is None and name == "text" and wants_color(color, sys.stdout),
                fail_on=threshold,
                root=root,
            )
            if target is None and statistics:
                report = statistics_report(result.findings, name)
            else:
                report = REPORTERS[name](result.findings, options)
            if target is not None and is_stderr(target):
                sys.stderr.write(report)
                sys.stderr.flush()
            elif target is not None:
                write_atomically(target, report.encode("utf-8"))
            else:
                sys.stdout.write(report)
                sys.stdout.flush()
    for file, why in result.skipped if verbose and not quiet else ():
        typer.echo(f"skipped {shown(file)}: {why}", err=True)
    if not quiet:
        typer.echo(closing_line(result, staged=staged, paths=paths, since=changed_since), err=True)
    failing = any(finding.severity.rank >= threshold.rank for finding in result.findings)
    raise typer.Exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN)
