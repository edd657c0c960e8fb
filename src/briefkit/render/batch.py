"""Render many briefs: a list of render jobs in, one outcome per job out, as each finishes.

``briefkit render PATH...`` and ``build`` go through here: :func:`plan_renders` turns files and
folders into jobs (``OUTDIR/<id>.<ext>``), :func:`render_batch` runs them on the isolated,
killable render workers of :mod:`briefkit.render.pool`, kept warm across the batch (fonts and
stylesheets loaded once per worker). A job here is one brief with one or more outputs (a site
build writes its HTML page and its PDF).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefkit.desk.config import Config, ConfigFinder
from briefkit.desk.repository import find_briefs
from briefkit.document.brief import Brief
from briefkit.document.invariants import confined, output_name
from briefkit.errors import EXIT_USAGE, BriefkitError, Failure, Hint
from briefkit.findings import error_count
from briefkit.rules.lint import lint_with_config
from briefkit.vocabulary import DEFAULT_DPI, OUTPUT_FORMATS
from briefkit.wording import plural

if TYPE_CHECKING:
    from briefkit.render.brand import Brand
    from briefkit.render.jobs import BriefJob as PoolJob
    from briefkit.render.pool import RenderPool
    from briefkit.render.renderer import Renderer


@dataclass(frozen=True)
class Output:
    """One file a job writes: its format, its path, and the brief data it shows (``None``: the
    brief's own)."""

    format: str
    path: Path
    data: dict[str, Any] | None = None


@dataclass(frozen=True)
class BatchJob:
    """One brief to lint (with the configuration that applies to it) and render to ``outputs``."""

    key: str
    brief: Brief
    config: Config
    outputs: tuple[Output, ...]


@dataclass(frozen=True)
class RenderSettings:
    """What every job of a batch shares. ``None`` for the brand, paper, layout or standard: each
    brief's configuration says (``brand``, ``paper``...), else briefkit's default (the demo
    brand, A4, the layout for the brief's kind, no standard)."""

    brand_path: Path | None = None
    layout_dirs: tuple[Path, ...] = ()
    paper: str | None = None
    layout_name: str | None = None
    standard: str | None = None
    dpi: int = DEFAULT_DPI
    timeout: float | None = None
    brief_links_from_brand: bool = True
    """False in a site build: links come from the build (``site-url``), not the brand's
    ``brief_url`` pattern."""
    accept_warnings: bool = False
    """Write an output even when WeasyPrint could not draw part of it."""


@dataclass(frozen=True)
class RenderOutcome:
    """What became of one job: the files written and pages, or why nothing was written."""

    key: str
    paths: tuple[Path, ...] = ()
    pages: int = 0
    error: str | None = None
    lint_errors: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)
    hint: Hint | None = None
    """What the user may change so that the render succeeds (see :class:`Hint`)."""

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def failure(self) -> Failure:
        """Why the job failed (for an outcome that is not :attr:`ok`)."""
        return Failure(self.key, self.error or "failed", self.hint)


def _brand(settings: RenderSettings, path: Path | None) -> Brand:
    """The brand at ``path``, without its ``brief_url`` pattern in a site build."""
    from briefkit.render.brand import Brand, load_brand

    brand = load_brand(path)
    if settings.brief_links_from_brand:
        return brand
    data = {key: value for key, value in brand.data.items() if key != "brief_url"}
    return Brand(brand.path, data)


def _renderer(settings: RenderSettings, config: Config, pool: RenderPool) -> Renderer:
    from briefkit.render.renderer import Renderer

    limits = config.render.limits
    if settings.timeout is not None:
        limits = replace(limits, render_seconds=settings.timeout)
    return Renderer(
        layout_dirs=settings.layout_dirs, lint_config=config.lint, pool=pool, limits=limits
    )


def render_batch(
    jobs: Sequence[BatchJob], settings: RenderSettings, workers: int = 1
) -> Iterator[RenderOutcome]:
    """Render every job on ``workers`` warm render workers (:mod:`briefkit.render.pool`); yield
    each job's outcome once all its outputs are written or one of them failed.

    Each brief is linted here, with the configuration that applies to it; a brief with errors
    is not sent to a worker. A failing brief never stops the batch: its outcome carries the
    reason. A worker that crashes or passes a limit is replaced and takes only its job with it.
    """
    if not jobs:
        return
    from briefkit.render.pool import RenderPool

    brands: dict[Path | None, Brand] = {}
    with RenderPool(jobs=max(1, min(workers, len(jobs)))) as pool:
        pool.start()  # the workers load WeasyPrint while the briefs are linted here
        owners: dict[Path, BatchJob] = {}
        waiting: dict[str, int] = {}
        renderers: dict[Path | None, Renderer] = {}
        refused: list[RenderOutcome] = []

        def linted_jobs() -> Iterator[PoolJob]:
            """Each brief's render jobs, linted only when a worker is about to be free, so that
            linting overlaps rendering; briefs that cannot be rendered go to ``refused``."""
            for job in jobs:
                findings = lint_with_config(job.brief, job.config)
                errors = error_count(findings)
                if errors:
                    error = f"{plural(errors, 'lint error')}; run briefkit check {job.brief.path}"
                    refused.append(RenderOutcome(job.key, error=error, lint_errors=errors))
                    continue
                if job.config.path not in renderers:
                    renderers[job.config.path] = _renderer(settings, job.config, pool)
                renderer = renderers[job.config.path]
                desk = job.config.render
                path = settings.brand_path or desk.brand
                try:
                    if path not in brands:
                        brands[path] = _brand(settings, path)
                    brand = brands[path]
                    prepared = [
                        renderer.job(
                            job.brief
                            if output.data is None
                            else Brief(job.brief.path, output.data, job.brief.source),
                            brand,
                            output.path,
                            output_format=output.format,
                            paper=settings.paper or desk.paper or "a4",
                            layout_name=settings.layout_name or desk.layout,
                            findings=findings,
                            standard=settings.standard or desk.standard,
                            dpi=settings.dpi,
                            accept_warnings=settings.accept_warnings,
                        )
                        for output in job.outputs
                    ]
                except BriefkitError as error:
                    refused.append(RenderOutcome(job.key, error=error.message))
                    continue
                waiting[job.key] = len(prepared)
                for pool_job in prepared:
                    assert pool_job.target is not None  # a batch writes files
                    owners[pool_job.target] = job
                    yield pool_job

        written: dict[str, list[Path]] = {}
        pages: dict[str, int] = {}
        warnings: dict[str, list[str]] = {}
        for pool_job, outcome in pool.render_many(linted_jobs()):
            yield from refused
            refused.clear()
            assert isinstance(pool_job.target, Path)
            job = owners[pool_job.target]
            if job.key not in waiting:
                continue  # an earlier output of this brief failed; already reported
            if isinstance(outcome, BaseException):
                del waiting[job.key]
                message = getattr(outcome, "message", None) or str(outcome)
                hint = outcome.hint if isinstance(outcome, BriefkitError) else None
                paths = tuple(written.get(job.key, ()))
                yield RenderOutcome(job.key, paths, error=message, hint=hint)
                continue
            written.setdefault(job.key, []).extend(outcome.paths)
            pages[job.key] = max(pages.get(job.key, 0), outcome.pages)
            warnings.setdefault(job.key, []).extend(outcome.warnings)
            waiting[job.key] -= 1
            if not waiting[job.key]:
                del waiting[job.key]
                yield RenderOutcome(
                    job.key,
                    tuple(written[job.key]),
                    pages[job.key],
                    warnings=tuple(warnings[job.key]),
                )

        yield from refused


def shard_selected(name: str, shard: tuple[int, int]) -> bool:
    """Whether ``name`` (a brief's path as given) falls in shard ``I/N`` (1-based): a stable
    hash, the same on every machine and run."""
    index, count = shard
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count == index - 1


def default_jobs() -> int:
    """Worker processes when ``--jobs`` is not given: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


OUTPUT_SUFFIXES = OUTPUT_FORMATS
"""The suffix of each format."""


@dataclass
class RenderPlan:
    """The jobs of a batch render, and what was skipped or failed before rendering."""

    jobs: list[BatchJob] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)


def parse_shard(text: str) -> tuple[int, int]:
    """``I/N`` as two integers, 1 ≤ I ≤ N; raises :class:`BriefkitError` otherwise."""
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit()) or not 1 <= int(index) <= int(count):
        raise BriefkitError(
            f"shard {text!r}: give I/N with 1 <= I <= N, e.g. 1/4", exit_code=EXIT_USAGE
        )
    return int(index), int(count)


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
        try:
            target = (
                confined(out, output_name(brief.id, reserved=frozenset()) + suffix)
                if out is not None
                else path.with_suffix(suffix)
            )
        except BriefkitError as error:
            plan.failed.append(Failure.of(name, error))
            continue
        if target in targets:
            plan.failed.append(Failure(name, f"{target} is also the output of {targets[target]}"))
            continue
        targets[target] = name
        plan.jobs.append(BatchJob(name, brief, config, (Output(output_format, target),)))
    return plan
