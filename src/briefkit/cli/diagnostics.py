"""``briefkit doctor``: can this machine render briefs, and with what."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from briefkit.cli.common import EXIT_FINDINGS, LayoutDirsOption, user_errors


def doctor(
    brand: Annotated[
        Path | None,
        typer.Option("--brand", help="Brand file to check. Default: the built-in brand."),
    ] = None,
    layout_dir: LayoutDirsOption = None,
) -> None:
    """Check that this machine can render: WeasyPrint, Pango, HarfBuzz, fonts, brand, layouts.

    Exits 1 if anything needed is missing.

    Example: briefkit doctor --brand brands/asa/brand.json
    """
    with user_errors():
        from briefkit.doctor import Status, diagnose

        checks = diagnose(brand, tuple(layout_dir or ()))
        width = max(len(check.name) for check in checks)
        for check in checks:
            typer.echo(f"{check.name:<{width}}  {check.status.value:<8}  {check.detail}")
        if any(check.status is Status.PROBLEM for check in checks):
            raise typer.Exit(EXIT_FINDINGS)
