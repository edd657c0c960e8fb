"""``briefkit brand``: make a firm's own brand folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from briefkit.cli.common import user_errors
from briefkit.wording import plural

if TYPE_CHECKING:
    from briefkit.render.brand import Brand

app = typer.Typer(
    name="brand",
    help=(
        "Make a firm's brand (names, logo, colours, fonts, contact block); "
        "'briefkit brand check DIR' checks one."
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
    primary: Annotated[
        str | None, typer.Option("--primary", metavar="#RRGGBB", help="The main colour.")
    ] = None,
    accent: Annotated[
        str | None, typer.Option("--accent", metavar="#RRGGBB", help="The accent colour.")
    ] = None,
    logo: Annotated[
        Path | None,
        typer.Option("--logo", metavar="FILE", help="The logo (SVG, PNG or JPEG), copied in."),
    ] = None,
    email: Annotated[str | None, typer.Option("--email", help="The contact address.")] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="The contact number.")] = None,
    website: Annotated[
        str | None, typer.Option("--website", metavar="URL", help="The firm's website.")
    ] = None,
) -> None:
    """Write a complete, valid brand folder to edit: brand.json and the logo.

    Every text says {name} or {short_name} for the firm, in English, French, Portuguese and
    Arabic. What the options do not give is a placeholder: replace the contacts, the TODO texts
    and the logo, then check with `briefkit brand check FOLDER` until it reports nothing.

    Example: briefkit brand init brands/acme --name "Acme Risk" --short-name ACME
    --primary "#12355B" --accent "#E0A100" --logo acme.svg --email desk@acme.com
    """
    with user_errors():
        from briefkit.authoring.brand_folder import BrandChoices, write_brand_folder
        from briefkit.render.brand import load_brand

        choices = BrandChoices(primary, accent, logo, email, phone, website)
        path = write_brand_folder(folder, name, short_name, choices)
        brand = load_brand(path)
        typer.echo(f"Wrote {path} and {brand.logo}.", err=True)
        remaining = _brand_problems(brand)
        if remaining:
            typer.echo("Still to replace (then run `briefkit brand check FOLDER`):", err=True)
        for message in remaining:
            typer.echo(f"  {message}", err=True)


def _brand_problems(brand: Brand) -> list[str]:
    """What is still a placeholder in ``brand``, and its colour pairs below WCAG AA."""
    from briefkit.render.brand import brand_placeholders
    from briefkit.render.contrast import low_contrast

    placeholders = [
        message.removeprefix(f"{brand.path}: ") for message in brand_placeholders(brand)
    ]
    return placeholders + [pair.message for pair in low_contrast(brand)]


@app.command("check")
def check(
    folder: Annotated[
        Path, typer.Argument(metavar="BRAND", help="A brand folder or brand.json file.")
    ],
) -> None:
    """Check a brand: valid, its logo usable, no placeholder left, and text on its colours
    readable (WCAG AA contrast: 4.5:1 for body text, 3:1 for large text).

    Exit status: 0 when nothing is reported, 1 otherwise.

    Example: briefkit brand check brands/acme
    """
    with user_errors():
        from briefkit.render.brand import load_brand

        brand = load_brand(folder)
        problems = _brand_problems(brand)
    for message in problems:
        typer.echo(f"{brand.path}: {message}")
    if problems:
        typer.echo(plural(len(problems), "problem") + " to fix.", err=True)
        raise typer.Exit(1)
    typer.echo(f"{brand.path}: ready: no placeholder, every colour pair readable.", err=True)
