"""``briefkit edition``: editions of a brief in other languages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from briefkit.cli.common import EXIT_USAGE, fail, user_errors
from briefkit.files import is_stdout

app = typer.Typer(
    name="edition",
    help="Editions of a brief in other languages, which 'briefkit check' keeps in step.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@app.command("new")
def new(
    source: Annotated[
        Path, typer.Argument(metavar="SOURCE", help="The brief to translate (.json).")
    ],
    language: Annotated[
        str, typer.Option("--language", help="BCP 47 language of the edition, e.g. fr, pt-BR, ar.")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="OUT.json",
            help="Where to write the edition. Default: beside the source, SOURCE.LANGUAGE.json.",
        ),
    ] = None,
) -> None:
    """Write an edition of SOURCE in another language, to translate.

    The edition names its source (edition_of) and records a hash of each of its sections, so
    that 'briefkit check' reports a section whose source changes later (BK210). Every text to
    translate holds the source's text behind a TODO marker that lint reports until it is
    replaced. Set the distribution marking ("tlp"): at least as restrictive as the source's.
    Never overwrites a file.

    Example: briefkit edition new briefs/sahel.json --language fr -o briefs/sahel.fr.json
    """
    if output is not None and (is_stdout(output) or output.suffix.lower() != ".json"):
        fail(f"{output}: an edition is a .json file; give its path, e.g. sahel.fr.json", EXIT_USAGE)
    with user_errors():
        from briefkit.authoring.editions import new_edition

        result = new_edition(source, language, output)
        if result.schema_copy is not None:
            typer.echo(f"wrote {result.schema_copy} (the schema editors complete from)", err=True)
        marking = f" ({result.source_marking} or stricter)" if result.source_marking else ""
        typer.echo(
            f"wrote {result.path}; translate every TODO and set its tlp{marking}, then: "
            f"briefkit check {result.path}",
            err=True,
        )
