"""``briefkit brand``: make a firm's own brand folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from briefkit.cli.common import user_errors

app = typer.Typer(
    name="brand",
    help=(
        "Make a firm's brand (names, logo, colours, fonts, contact block); "
        "'briefkit doctor --brand DIR' checks one."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@app.command("init")
def init(
    folder: Annotated[
        Path, typer.Argument(metavar="FOLDER", help="Folder to write the brand into (created).")
    ],
    name: Annotated[str, typer.Option("--name", help="The firm's full name.")],
    short_name: Annotated[str, typer.Option("--short-name", help="The firm's abbreviation.")],
) -> None:
    """Write a complete, valid brand folder to edit: brand.json and a plain placeholder logo.

    Every text says {name} or {short_name} for the firm, in English, French, Portuguese and
    Arabic. Replace the contacts, the TODO texts and the logo, then check with `briefkit doctor
    --brand FOLDER` until it reports no placeholder.

    Example: briefkit brand init brands/acme --name "Acme Risk" --short-name ACME
    """
    with user_errors():
        from briefkit.authoring.brand_folder import write_brand_folder
        from briefkit.render.brand import brand_placeholders, load_brand

        path = write_brand_folder(folder, name, short_name)
        typer.echo(f"Wrote {path} and {path.parent / 'logo.svg'}.", err=True)
        remaining = brand_placeholders(load_brand(path))
        typer.echo("Still to replace (then run `briefkit doctor --brand FOLDER`):", err=True)
        for message in remaining:
            typer.echo(f"  {message.removeprefix(f'{path.resolve()}: ')}", err=True)
