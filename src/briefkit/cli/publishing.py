"""Commands that publish collections: build (a static site), digest (one PDF of many briefs)."""

from __future__ import annotations

import os
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from briefkit.check.reporters import one_line
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
    with_advice,
)
from briefkit.cli.settings import chosen_value, required_brand, say_demo_brand
from briefkit.desk.config import ConfigFinder
from briefkit.errors import BriefkitError, Failure
from briefkit.files import is_stderr, is_stdout
from briefkit.wording import plural

if TYPE_CHECKING:
    from briefkit.render.batch import RenderOutcome, RenderSettings


def failure_line(failure: Failure) -> str:
    """``name: reason`` and the command line's advice, on one line, without naming the file
    twice when the reason starts with it."""
    reason = with_advice(failure.message, failure.hint)
    return one_line(reason if reason.startswith(failure.name) else f"{failure.name}: {reason}")


class DigestOrder(StrEnum):
    """How a digest orders its briefs."""

    date = "date"
    given = "given"


class Progress:
    """Progress of a batch on standard error: a bar with counts and ETA on a terminal, one plain
    line per brief otherwise (logs, CI)."""

    WIDTH = 28

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty()
        self.started = time.monotonic()
        self.drawn = False

    def __call__(self, outcome: RenderOutcome, done: int, total: int) -> None:
        if not self.terminal:
            if outcome.ok:
                pages = f" ({plural(outcome.pages, 'page')})" * bool(outcome.pages)
                self.stream.write(f"[{done}/{total}] rendered {outcome.key}{pages}\n")
            else:
                self.stream.write(f"[{done}/{total}] failed {failure_line(outcome.failure)}\n")
            self.stream.flush()
            return
        if not outcome.ok:
            self.clear()
            self.stream.write(f"failed {failure_line(outcome.failure)}\n")
        elapsed = time.monotonic() - self.started
        remaining = elapsed / done * (total - done) if done else 0.0
        filled = int(self.WIDTH * done / total) if total else self.WIDTH
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        eta = f"ETA {int(remaining) // 60}:{int(remaining) % 60:02d}"
        self.stream.write(f"\r[{bar}] {done}/{total}  {eta} ")
        self.stream.flush()
        self.drawn = True
        if done == total:
            self.clear()

    def clear(self) -> None:
        """Erase the bar, so that the next line starts clean."""
        if self.drawn:
            self.stream.write("\r" + " " * (self.WIDTH + 30) + "\r")
            self.stream.flush()
            self.drawn = False


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


def end_batch(rendered: int, skipped: int, failed: list[Failure]) -> None:
    """The summary of a batch render, each failure on a line of its own; exit 1 if any."""
    summary = f"Rendered {rendered}, skipped {skipped}, failed {len(failed)}"
    typer.echo(summary + (":" if failed else "."), err=True)
    for failure in failed:
        typer.echo(f"  {failure_line(failure)}", err=True)
    if failed:
        raise typer.Exit(1)


def refuse_batch_output(paths: list[Path], output: Path | None) -> None:
    """Exit 2 unless ``-o`` can take several briefs (a folder) and none of ``paths`` is ``-``:
    the same rule for a local and a remote ``render PATH...``."""
    if output is not None and is_stdout(output):
        fail("-o -: several briefs cannot go to standard output; give a folder", EXIT_USAGE)
    if any(str(path) == "-" for path in paths):
        fail("'-' reads one brief from standard input; it cannot be combined with others", 2)
    if output is not None and output.exists() and not output.is_dir():
        fail(f"-o {output}: with several briefs or a folder, -o is a folder", EXIT_USAGE)


def render_many(
    paths: list[Path],
    finder: ConfigFinder,
    settings: RenderSettings,
    *,
    output: Path | None,
    output_format: str,
    jobs: int | None,
    shard: str | None,
) -> None:
    """``briefkit render PATH...`` with several briefs or a folder: each to ``-o DIR/<id>.<ext>``,
    past failures, with progress and a summary; exit 1 when any failed."""
    refuse_batch_output(paths, output)
    with user_errors(), interrupts_stop():
        from briefkit.render.batch import default_jobs, parse_shard, plan_renders, render_batch

        try:
            selected = parse_shard(shard) if shard else None
        except BriefkitError as error:
            fail(f"--{error.message}", error.exit_code)
        from briefkit.render.brand import brand_warning, load_brand

        plan = plan_renders(paths, finder, output, output_format, selected)
        # A broken brand stops here, once, not in every worker; a placeholder one is said once,
        # and so is the demo brand standing in for a brand nobody named.
        brands = {settings.brand_path or job.config.render.brand for job in plan.jobs}
        if not plan.jobs:
            brands = {settings.brand_path or finder.for_path(Path.cwd()).render.brand}
        for path in sorted(brands, key=str):
            if path is None:
                load_brand(None)
                say_demo_brand()
            elif placeholder := brand_warning(load_brand(path)):
                warn(placeholder)
        if not plan.jobs and not plan.failed and selected is None:
            where = ", ".join(str(path) for path in paths)
            fail(f"no briefs found under {where}; create one with `briefkit new`", EXIT_USAGE)
        if output is not None:
            try:
                output.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                fail(f"-o {output}: cannot create the folder: {exc.strerror}")
        progress = Progress()
        failed = list(plan.failed)
        rendered = 0
        warnings: list[str] = []
        workers = jobs or default_jobs()
        for done, outcome in enumerate(render_batch(plan.jobs, settings, workers), start=1):
            if outcome.ok:
                rendered += 1
                warnings.extend(f"{outcome.key}: {message}" for message in outcome.warnings)
            else:
                failed.append(outcome.failure)
            progress(outcome, done, len(plan.jobs))
        progress.clear()
        for message in warnings:
            warn(message)
        end_batch(rendered, len(plan.skipped), failed)


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
        from briefkit.rules.lint import lint_with_config

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
            lint=lambda brief: lint_with_config(brief, finder.for_path(Path(brief.path))),
            brief_limits=lambda brief: finder.for_path(Path(brief.path)).lint.limits,
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
