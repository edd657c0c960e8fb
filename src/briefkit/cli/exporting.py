"""``briefkit export``: briefs for other systems (STIX 2.1 for threat-intelligence platforms)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from briefkit.cli.common import EXIT_USAGE, ConfigOption, config_finder, fail, user_errors
from briefkit.cli.settings import chosen_brand

app = typer.Typer(
    name="export",
    help="Export briefs for other systems: STIX 2.1 bundles for threat-intelligence platforms.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@app.command("stix")
def stix(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="BRIEF...",
            help="The briefs to export (files, or folders to search).",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The bundle to write ('-': standard output).",
            show_default=False,
        ),
    ],
    brand: Annotated[
        Path | None,
        typer.Option(
            "--brand",
            help="The firm's brand file or folder ('demo' for the built-in one). Default: "
            "`brand` in the configuration.",
        ),
    ] = None,
    allow_red: Annotated[
        bool,
        typer.Option(
            "--allow-red", help="Include TLP:RED briefs (for a recipient entitled to them)."
        ),
    ] = False,
    config_file: ConfigOption = None,
) -> None:
    """Write the briefs as one STIX 2.1 bundle, for OpenCTI, MISP and other platforms.

    One report per brief (its executive summary as the description, its tags as labels, its
    sources as external references), the firm as the identity that created it, a location per
    country, and the brief's TLP 2.0 marking as the marking definition OASIS publishes. Ids and
    timestamps come from the briefs, never the clock: exporting again gives the same bytes, and
    a corrected brief (a later "updated" date) replaces its earlier version. TLP:RED briefs are
    refused unless --allow-red; nothing is written when a brief has lint errors.

    Example: briefkit export stix briefs/ -o bundle.json
    """
    finder = config_finder(config_file)
    with user_errors():
        root = finder.for_path(Path.cwd())
        chosen = chosen_brand(brand, root)
        if chosen is None:
            fail(
                "export stix names the firm that wrote the briefs: give --brand, or `brand` in "
                "briefkit.toml",
                EXIT_USAGE,
            )
        from briefkit.export.briefs import exportable_briefs, publisher_of
        from briefkit.export.stix import RedNotAllowed, stix_bundle, stix_bytes
        from briefkit.files import resolve_output, write_atomically
        from briefkit.render.brand import load_brand

        firm = load_brand(chosen)
        briefs = exportable_briefs(paths, finder, "bundle")
        target = resolve_output(output, [brief.path for brief in briefs])
        try:
            bundle = stix_bundle(briefs, publisher_of(firm, root.site_url), allow_red=allow_red)
        except RedNotAllowed as error:
            fail(f"{error.message} (--allow-red); no bundle was written")
        data = stix_bytes(bundle)
        if target is None:
            typer.echo(data.decode("utf-8"), nl=False)
            return
        write_atomically(target, data)
        reports = sum(1 for item in bundle["objects"] if item["type"] == "report")
        typer.echo(f"Wrote {target} ({reports} report{'s' if reports != 1 else ''}).", err=True)
