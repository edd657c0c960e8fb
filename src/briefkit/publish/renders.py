"""``briefkit render PATH...``: many briefs, files and folders, to one output folder.

Folders are walked with the same discovery as ``check``; JSON files there that are not briefs
are skipped. Each brief becomes ``OUTDIR/<id>.<ext>`` (``<id>-N.png`` for PNG pages).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefkit.desk.config import Config, ConfigFinder
from briefkit.desk.detection import looks_like_brief
from briefkit.desk.discovery import discover_briefs
from briefkit.document.brief import Brief, load_brief
from briefkit.errors import BriefkitError
from briefkit.publish.batch import Output, RenderJob, shard_selected
from briefkit.publish.collection import Entry

OUTPUT_SUFFIXES = {"pdf": ".pdf", "html": ".html", "png": ".png"}
"""The suffix of each format (as ``render.pdf.OUTPUT_FORMATS``, without loading WeasyPrint)."""


@dataclass
class RenderPlan:
    """The jobs of a batch render, and what was skipped or failed before rendering."""

    jobs: list[RenderJob] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def parse_shard(text: str) -> tuple[int, int]:
    """``I/N`` as two integers, 1 ≤ I ≤ N; raises :class:`BriefkitError` otherwise."""
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit()) or not 1 <= int(index) <= int(count):
        raise BriefkitError(f"--shard {text!r}: give I/N with 1 <= I <= N, e.g. 1/4")
    return int(index), int(count)


@dataclass
class FoundBriefs:
    """The briefs under some paths, each with the configuration that applies to it, and the files
    that could not be read (with why) or were passed over as not briefs."""

    briefs: list[tuple[Brief, Config]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def find_briefs(
    paths: Sequence[Path], finder: ConfigFinder, select: Callable[[str], bool] | None = None
) -> FoundBriefs:
    """Every brief under ``paths`` (files as given, folders walked as ``check`` walks them),
    loaded; JSON files found in folders that are not briefs are skipped. ``select`` keeps only
    the files whose names it accepts, before they are read (a shard of a batch)."""
    found = FoundBriefs()
    discovery = discover_briefs(paths, finder, detect=False)
    found.failed.extend((finding.file, finding.message) for finding in discovery.findings)
    for candidate in discovery.candidates:
        name = candidate.path.as_posix()
        if select is not None and not select(name):
            continue
        try:
            brief = load_brief(candidate.path, candidate.config.lint.limits)
        except BriefkitError as error:
            found.failed.append((name, error.message))
            continue
        if not candidate.certain and not looks_like_brief(brief.data):
            found.skipped.append((name, "not a brief"))
            continue
        found.briefs.append((brief, candidate.config))
    return found


def plan_renders(
    paths: Sequence[Path],
    finder: ConfigFinder,
    out: Path | None,
    output_format: str,
    shard: tuple[int, int] | None = None,
) -> RenderPlan:
    """A job per brief under ``paths``, writing into ``out`` (or next to each brief)."""
    select = (lambda name: shard_selected(name, shard)) if shard is not None else None
    found = find_briefs(paths, finder, select)
    plan = RenderPlan(skipped=found.skipped, failed=found.failed)
    targets: dict[Path, str] = {}
    suffix = OUTPUT_SUFFIXES[output_format]
    for brief, config in found.briefs:
        path = Path(brief.path)
        name = path.as_posix()
        entry = Entry(brief, name)
        target = out / f"{entry.id}{suffix}" if out is not None else path.with_suffix(suffix)
        if target in targets:
            plan.failed.append((name, f"{target} is also the output of {targets[target]}"))
            continue
        targets[target] = name
        plan.jobs.append(RenderJob(name, brief, config, (Output(output_format, target),)))
    return plan
