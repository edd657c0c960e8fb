"""``briefkit render PATH...``: many briefs, files and folders, to one output folder.

Folders are walked with the same discovery as ``check``; JSON files there that are not briefs
are skipped. Each brief becomes ``OUTDIR/<id>.<ext>`` (``<id>-N.png`` for PNG pages).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefkit.check.config import ConfigFinder
from briefkit.check.detection import looks_like_brief
from briefkit.check.discovery import discover_briefs
from briefkit.document.brief import load_brief
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


def plan_renders(
    paths: Sequence[Path],
    finder: ConfigFinder,
    out: Path | None,
    output_format: str,
    shard: tuple[int, int] | None = None,
) -> RenderPlan:
    """A job per brief under ``paths``, writing into ``out`` (or next to each brief)."""
    plan = RenderPlan()
    discovery = discover_briefs(paths, finder, detect=False)
    plan.failed.extend((finding.file, finding.message) for finding in discovery.findings)
    targets: dict[Path, str] = {}
    suffix = OUTPUT_SUFFIXES[output_format]
    for candidate in discovery.candidates:
        path = candidate.path
        name = path.as_posix()
        if shard is not None and not shard_selected(name, shard):
            continue
        config = candidate.config
        try:
            brief = load_brief(path, config.lint.limits)
        except BriefkitError as error:
            plan.failed.append((name, error.message))
            continue
        if not candidate.certain and not looks_like_brief(brief.data):
            plan.skipped.append((name, "not a brief"))
            continue
        entry = Entry(brief, name)
        target = out / f"{entry.id}{suffix}" if out is not None else path.with_suffix(suffix)
        if target in targets:
            plan.failed.append((name, f"{target} is also the output of {targets[target]}"))
            continue
        targets[target] = name
        plan.jobs.append(RenderJob(name, brief, config, (Output(output_format, target),)))
    return plan
