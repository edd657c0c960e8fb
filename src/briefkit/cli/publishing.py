"""Commands that publish collections: build (a static site), digest (one PDF of many briefs)."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from briefkit.cli.batch import Progress, failure_line
from briefkit.cli.common import (
    EXIT_USAGE,
    BrandOption,
    ConfigOption,
    LayoutDirsOption,
    PaperOption,
    config_finder,
    error_line,
    fail,
    interrupts_stop,
    user_errors,
    warn,
)
from briefkit.cli.settings import chosen_value, required_brand
from briefkit.files import is_stderr, is_stdout
from briefkit.wording import plural


class DigestOrder(StrEnum):
    """How a digest orders its briefs."""

    date = "date"
    given = "given"


JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs", "-j", min=1, help="Render in this many worker processes. Default: one per core."
    ),
]


def build(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="[FOLDER]", help="The repository of briefs to publish.", show_default="."
        ),
    ] = Path(),
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="DIR",
            help="Where to write the site. Default: `out` in the configuration, else _site.",
        ),
    ] = None,
    jobs: JobsOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Render every brief, even those up to date.")
    ] = False,
    brand: BrandOption = None,
    layout_dir: LayoutDirsOption = None,
    allow_empty: Annotated[
        bool, typer.Option("--allow-empty", help="Build an empty site when no brief is found.")
    ] = False,
    config_file: ConfigOption = None,
) -> None:
    """Publish a repository of briefs as a static site: a page and a PDF per brief, a library
    index, an Atom feed and a sitemap.

    Only briefs whose TLP marking is in `publish-tlp` (default ["TLP:CLEAR"]) appear anywhere in
    the site. A rebuild renders only what changed (see the manifest in the out folder); --force
    renders everything. Exit 1 when any brief failed; the others are still published.

    Examples:

      briefkit build

      briefkit build briefs/ --out public/ --jobs 2
    """
    from briefkit.render.batch import default_jobs

    if not folder.is_dir():
        fail(f"{folder}: not a folder; give the repository of briefs to publish", EXIT_USAGE)
    finder = config_finder(config_file)
    with user_errors(), interrupts_stop():
        from briefkit.publish.site import BuildOptions, NothingToBuild, build_site

        chosen = required_brand(brand, finder.for_path(folder), "build")
        options = BuildOptions(
            root=folder,
            out=out,
            jobs=jobs or default_jobs(),
            force=force,
            brand_path=chosen,
            layout_dirs=tuple(layout_dir or ()),
            allow_empty=allow_empty,
        )
        progress = Progress()
        try:
            report = build_site(options, finder, progress)
        except NothingToBuild as error:
            fail(error_line(error), EXIT_USAGE)
        progress.clear()
        for warning in report.warnings:
            warn(warning)
        for failure in report.failed:
            typer.echo(f"briefkit: error: {failure_line(failure)}", err=True)
        parts = [
            f"{len(report.published)} published",
            f"{len(report.rendered)} rendered",
            f"{len(report.up_to_date)} up to date",
        ]
        if report.removed:
            parts.append(f"{len(report.removed)} removed")
        if report.withheld:
            parts.append(f"{report.withheld} withheld by their marking")
        if report.skipped:
            skipped = plural(
                report.skipped, "JSON file that is not a brief", "JSON files that are not briefs"
            )
            parts.append(f"{skipped} skipped")
        parts.append(f"{len(report.failed)} failed")
        typer.echo(f"Built {report.out}: {', '.join(parts)}.", err=True)
        if report.failed:
            raise typer.Exit(1)


def digest(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="The briefs to include (files, or folders to search).",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The PDF to write.", show_default=False)
    ],
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            help="The digest's title, on the cover and in the header "
            '[default: "Briefing digest", in the digest\'s language].',
            show_default=False,
        ),
    ] = None,
    order: Annotated[
        DigestOrder,
        typer.Option("--order", help="date: oldest brief first; given: as on the command line."),
    ] = DigestOrder.date,
    allow_red: Annotated[
        bool,
        typer.Option(
            "--allow-red", help="Include TLP:RED briefs (for a recipient entitled to them)."
        ),
    ] = False,
    brand: BrandOption = None,
    paper: PaperOption = None,
    layout_dir: LayoutDirsOption = None,
    config_file: ConfigOption = None,
    language: Annotated[
        str | None,
        typer.Option(
            "--language",
            metavar="CODE",
            help="The digest's language (BCP 47, e.g. fr): every word it adds, and each brief "
            "in its edition in that language when its desk has one, else as it is (with a "
            "warning). Default: the language the briefs share, else `language` in "
            "briefkit.toml, else en.",
        ),
    ] = None,
) -> None:
    """Make one PDF of many briefs for a client: a cover, a table of contents, each brief in its
    layout from a new page, one contact panel at the end.

    Every page carries the most restrictive TLP marking of the briefs included. TLP:RED briefs are
    refused unless --allow-red. Nothing is written when a brief has lint errors.

    Example:

      briefkit digest briefs/2025-w44/ -o week-44.pdf --title "Week 44"
    """
    if is_stdout(output) or is_stderr(output):
        fail(f"-o {output}: a digest is written to a file", EXIT_USAGE)
    finder = config_finder(config_file)
    # The configuration at the digest's root: the folder that holds every path given.
    root = finder.for_path(Path(os.path.commonpath([path.absolute() for path in paths])))
    chosen = required_brand(brand, root, "digest")
    with user_errors(), interrupts_stop():
        from briefkit.desk.repository import find_briefs
        from briefkit.files import resolve_output
        from briefkit.publish.digest import make_digest
        from briefkit.render.brand import brand_warning, load_brand

        found = find_briefs(paths, finder)
        if found.failed:  # a digest is whole or not written
            for failure in found.failed[:-1]:
                typer.echo(f"briefkit: error: {failure_line(failure)}", err=True)
            fail(f"{failure_line(found.failed[-1])}; no digest was written")
        briefs = [brief for brief, _ in found.briefs]
        if not briefs:
            where = ", ".join(str(path) for path in paths)
            fail(f"no briefs found under {where}; create one with `briefkit new`", EXIT_USAGE)
        if language is not None:
            from briefkit.desk.editions import desk_briefs
            from briefkit.publish.editions import in_language

            briefs, missing = in_language(briefs, desk_briefs(paths, finder), language)
            for brief in missing:
                warn(f"{brief.path}: no edition in {language!r}; included in {brief.language!r}")
        resolve_output(output, [brief.path for brief in briefs])
        digest_brand = load_brand(chosen)
        result = make_digest(
            briefs,
            digest_brand,
            output,
            title=title,
            order=order.value,
            allow_red=allow_red,
            paper=chosen_value(paper, root.render.paper, "a4"),
            layout_dirs=tuple(layout_dir or ()),
            config_for=lambda brief: finder.for_path(Path(brief.path)),
            limits=root.render.limits,
            language=language,
            desk_language=root.language,
        )
        for message in result.warnings:
            warn(message)
        placeholder = brand_warning(digest_brand)
        if placeholder:
            warn(placeholder)
        typer.echo(
            f"Wrote {result.path} ({plural(len(result.entries), 'brief')}, "
            f"{plural(result.pages, 'page')}, "
            f"marked {result.marking or 'without a marking'}).",
            err=True,
        )
