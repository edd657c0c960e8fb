"""``briefkit rules``: the rule catalogue, listed or one rule explained. No WeasyPrint."""

from __future__ import annotations

import difflib
import textwrap
from typing import Annotated

import typer

from briefkit.cli.common import EXIT_USAGE, fail
from briefkit.findings import UNSILENCEABLE


def rules(
    code: Annotated[
        str | None,
        typer.Argument(
            metavar="[CODE]",
            help="A rule code, e.g. BK104, to explain in full.",
            show_default=False,
        ),
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
        fail(f"no rule {code!r}{hint}", EXIT_USAGE)
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
    if rule.code in UNSILENCEABLE:
        typer.echo(
            "\nCannot be suppressed: rendering and publishing rely on it "
            "(x-briefkit.ignore and the configuration pass over it)."
        )
    if rule.known_problems:
        typer.echo("\nKnown problems:\n" + textwrap.fill(rule.known_problems, width=88))
