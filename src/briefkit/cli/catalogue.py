"""``briefkit rules``: the rule catalogue, listed or one rule explained. No WeasyPrint."""

from __future__ import annotations

import difflib
from typing import Annotated

import typer

from briefkit.cli.common import EXIT_USAGE, fail


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
    from briefkit.rules.catalogue import RULES, explain

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
    typer.echo(explain(found))
