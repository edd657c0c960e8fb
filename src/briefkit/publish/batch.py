"""Render many briefs: a list of render jobs in, one outcome per job out, as each finishes.

With one job at a time the briefs are rendered in this process, with one warm
:class:`~briefkit.render.pdf.Renderer` (fonts and stylesheets loaded once). With several, each
worker process keeps its own warm renderer; a worker that dies takes only the brief it was
rendering with it (that brief is retried once in a fresh worker, then reported as failed).

This is the seam for the isolated render workers of ``render/worker.py``: callers only see
:func:`render_batch`, so switching the pool changes nothing above it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefkit.check.config import Config
from briefkit.document.brief import Brief
from briefkit.errors import BriefkitError

if TYPE_CHECKING:
    from briefkit.render.brand import Brand
    from briefkit.render.pdf import Renderer


@dataclass(frozen=True)
class Output:
    """One file a job writes: its format, its path, and the brief data it shows (``None``: the
    brief's own)."""

    format: str
    path: Path
    data: dict[str, Any] | None = None


@dataclass(frozen=True)
class RenderJob:
    """One brief to lint (with the configuration that applies to it) and render to ``outputs``."""

    key: str
    brief: Brief
    config: Config
    outputs: tuple[Output, ...]


@dataclass(frozen=True)
class RenderSettings:
    """What every job of a batch shares."""

    brand_path: Path | None = None
    layout_dirs: tuple[Path, ...] = ()
    paper: str = "a4"
    layout_name: str | None = None
    standard: str | None = None
    dpi: int = 96
    timeout: float | None = None
    brief_links_from_brand: bool = True
    """False in a site build: links come from the build (``site-url``), not the brand's
    ``brief_url`` pattern."""


@dataclass(frozen=True)
class RenderOutcome:
    """What became of one job: the files written and pages, or why nothing was written."""

    key: str
    paths: tuple[Path, ...] = ()
    pages: int = 0
    error: str | None = None
    lint_errors: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.error is None


class _Worker:
    """A warm renderer and the brand, built once per process."""

    def __init__(self, settings: RenderSettings) -> None:
        from briefkit.render.brand import Brand, load_brand

        brand = load_brand(settings.brand_path)
        if not settings.brief_links_from_brand:
            data = {key: value for key, value in brand.data.items() if key != "brief_url"}
            brand = Brand(brand.path, data)
        self.brand: Brand = brand
        self.settings = settings
        self.renderers: dict[Any, Renderer] = {}

    def renderer(self, config: Config) -> Renderer:
        from briefkit.render.pdf import Renderer

        lint = config.lint
        if self.settings.timeout is not None:
            from dataclasses import replace

            lint = replace(lint, limits=replace(lint.limits, render_seconds=self.settings.timeout))
        key = (config.path, self.settings.timeout)
        if key not in self.renderers:
            self.renderers[key] = Renderer(layout_dirs=self.settings.layout_dirs, lint_config=lint)
        return self.renderers[key]

    def run(self, job: RenderJob) -> RenderOutcome:
        from briefkit.check.runner import lint_with_config
        from briefkit.render.pdf import captured_warnings

        try:
            findings = lint_with_config(job.brief, job.config)
            errors = sum(1 for finding in findings if finding.severity == "error")
            if errors:
                return RenderOutcome(
                    job.key,
                    error=f"{errors} lint error{'s' * (errors != 1)}; run briefkit check "
                    f"{job.brief.path}",
                    lint_errors=errors,
                )
            renderer = self.renderer(job.config)
            written: list[Path] = []
            pages = 0
            with captured_warnings() as records:
                for output in job.outputs:
                    brief = job.brief
                    if output.data is not None:
                        brief = Brief(job.brief.path, output.data, job.brief.source)
                    result = renderer.render(
                        brief,
                        self.brand,
                        output.path,
                        output_format=output.format,
                        paper=self.settings.paper,
                        layout_name=self.settings.layout_name,
                        findings=findings,
                        standard=self.settings.standard,
                        dpi=self.settings.dpi,
                    )
                    written.extend(result.paths)
                    pages = max(pages, result.pages)
            warnings = tuple(record.getMessage() for record in records)
            return RenderOutcome(job.key, tuple(written), pages, warnings=warnings)
        except BriefkitError as error:
            return RenderOutcome(job.key, error=error.message)


_WORKER: _Worker | None = None


def _start_worker(settings: RenderSettings) -> None:
    global _WORKER
    _WORKER = _Worker(settings)


def _run_in_worker(job: RenderJob) -> RenderOutcome:
    assert _WORKER is not None, "worker not started"
    return _WORKER.run(job)


def render_batch(
    jobs: Sequence[RenderJob], settings: RenderSettings, workers: int = 1
) -> Iterator[RenderOutcome]:
    """Render every job; yield each outcome as it finishes (in completion order).

    A failing brief never stops the batch: its outcome carries the reason. ``workers`` above 1
    renders in that many processes.
    """
    if not jobs:
        return
    if workers <= 1 or len(jobs) == 1:
        worker = _Worker(settings)
        for job in jobs:
            yield worker.run(job)
        return
    yield from _render_in_processes(list(jobs), settings, min(workers, len(jobs)))


def _render_in_processes(
    jobs: list[RenderJob], settings: RenderSettings, workers: int
) -> Iterator[RenderOutcome]:
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import get_context

    attempts = {job.key: 0 for job in jobs}
    pending = list(reversed(jobs))
    while pending:
        pool = ProcessPoolExecutor(
            workers,
            mp_context=get_context("forkserver"),
            initializer=_start_worker,
            initargs=(settings,),
        )
        running: dict[Future[RenderOutcome], RenderJob] = {}
        broken = False
        try:
            while pending or running:
                while pending and len(running) < workers * 2 and not broken:
                    job = pending.pop()
                    attempts[job.key] += 1
                    running[pool.submit(_run_in_worker, job)] = job
                if not running:
                    break
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    job = running.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        broken = True
                        if attempts[job.key] >= 2:
                            yield RenderOutcome(
                                job.key, error="the render worker died while rendering it"
                            )
                        else:
                            pending.append(job)
                    except BriefkitError as error:
                        yield RenderOutcome(job.key, error=error.message)
                if broken and not running:
                    break
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


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
