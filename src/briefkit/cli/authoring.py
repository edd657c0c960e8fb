"""Commands that start and follow a brief while it is written: new, import, init, preview."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from briefkit.cli.common import config_finder, user_errors


class Kind(StrEnum):
    """Kinds of brief."""

    analysis = "analysis"
    situation = "situation"


class Marking(StrEnum):
    """TLP 2.0 markings."""

    clear = "TLP:CLEAR"
    green = "TLP:GREEN"
    amber = "TLP:AMBER"
    amber_strict = "TLP:AMBER+STRICT"
    red = "TLP:RED"


KindOption = Annotated[Kind, typer.Option("--kind", help="analysis (full) or situation (flash).")]
TlpOption = Annotated[
    Marking | None,
    typer.Option(
        "--tlp",
        help="Distribution marking. Default: none, and lint reports it missing until you choose.",
    ),
]


def new(
    path: Annotated[Path, typer.Argument(help="Where to write the brief (.json).")],
    kind: KindOption = Kind.analysis,
    language: Annotated[
        str, typer.Option("--language", help="BCP 47 language of the brief, e.g. en, fr, pt.")
    ] = "en",
    title: Annotated[
        str | None, typer.Option("--title", help="Headline; the id is made from it.")
    ] = None,
    tlp: TlpOption = None,
) -> None:
    """Write a starter brief: every section of its kind, with TODO placeholders lint reports.

    The brief validates at once; its $schema points at the desk's copy of the schema
    (.briefkit/brief.schema.json, created at the git root if there is none). Never overwrites.

    Examples:

      briefkit new drafts/kenya-flash.json --kind situation --title "Kenya: Port Strike"

      briefkit new notes/sahel.json --language fr
    """
    with user_errors():
        from briefkit.authoring.new import new_brief

        config = config_finder(None).for_path(path.parent if path.parent.exists() else Path.cwd())
        result = new_brief(
            path,
            kind=kind.value,
            language=language,
            title=title,
            tlp=tlp.value if tlp else None,
            required_sections=config.lint.required_sections,
        )
        if result.schema_copy is not None:
            typer.echo(f"wrote {result.schema_copy} (the schema editors complete from)", err=True)
        typer.echo(f"wrote {result.path}; fill in every TODO, then: briefkit lint {path}", err=True)
