"""Commands that check briefs: validate, lint, check, rules. None of them imports WeasyPrint."""

from __future__ import annotations

import difflib
import os
import sys
import textwrap
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from briefkit.check.reporters import REPORTERS, ReportOptions, summary_line
from briefkit.cli.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_USAGE,
    ConfigOption,
    FilesArgument,
    config_finder,
    emit_findings,
    fail,
    read_brief,
    read_stdin,
    use_color,
    user_errors,
)
from briefkit.errors import BriefkitError
from briefkit.findings import Finding, Severity, has_errors


def validate(files: FilesArgument, config_file: ConfigOption = None) -> None:
    """Check briefs against the brief schema: JSON syntax, shape and types.

    Every problem is printed as file:line:col: CODE message. A draft with empty sections is still
    valid; use 'lint' to learn whether it can be published.

    Example: briefkit validate drafts/*.json
    """
    from briefkit.validation.schema import validate_brief

    finder = config_finder(config_file)
    findings: list[Finding] = []
    with user_errors():
        for path in files:
            config = finder.for_path(path if str(path) != "-" else Path.cwd())
            try:
                findings.extend(validate_brief(read_brief(path, config)))
            except BriefkitError as error:
                if not error.findings:
                    raise
                findings.extend(error.findings)
    emit_findings(findings, [str(path) for path in files], summary=True)
    raise typer.Exit(EXIT_FINDINGS if has_errors(findings) else EXIT_CLEAN)


def lint(files: FilesArgument, config_file: ConfigOption = None) -> None:
    """Validate briefs and check that they can be published: required sections, house style.

    Honours the nearest briefkit.toml or [tool.briefkit] in pyproject.toml. Exits 1 if any
    brief has an error. To check a whole folder, with rules across briefs, use 'check'.

    Example: briefkit lint drafts/niger-mali.json
    """
    from briefkit.check.runner import check_paths

    finder = config_finder(config_file)
    named = [path for path in files if str(path) != "-"]
    stdin = read_stdin(finder) if len(named) < len(files) else None
    with user_errors():
        result = check_paths(named, finder, stdin=stdin, collection=False, walk=False)
    emit_findings(result.findings, result.files, summary=True)
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

    finder = config_finder(config_file)
    given = paths or [Path()]
    named = [path for path in given if str(path) != "-"]
    stdin = read_stdin(finder) if len(named) < len(given) else None
    for path in named:
        if not path.exists():
            fail(f"{path}: no such file or folder", EXIT_USAGE)
    chosen = output_format or (
        OutputFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else OutputFormat.text
    )
    with user_errors():
        result = check_paths(named, finder, stdin=stdin)
        threshold = Severity(fail_on.value)
        options = ReportOptions(
            files=result.files,
            color=output_file is None and chosen is OutputFormat.text and use_color(sys.stdout),
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
    from briefkit.rules.catalogue import RULES

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
        fail(f"no rule {code!r}{hint}")
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
