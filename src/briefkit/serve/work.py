"""The work behind each route, with no HTTP in it: render on warm pools, lint, check.

Renders run on ``workers`` render pools of one worker each (:class:`RenderSlots`): a request
takes a free pool, or waits in a bounded queue until one frees or its deadline passes. Each pool
is the engine's own :class:`~briefkit.render.pool.RenderPool`, so the limits are the engine's:
enforced from outside the worker, which is killed and replaced past them; only that request
fails.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from briefkit.check.judging import collection_findings, judge
from briefkit.desk.config import Config, ConfigFinder
from briefkit.desk.settings import RenderLimits
from briefkit.document.brief import Brief, parse_brief
from briefkit.errors import BriefkitError
from briefkit.findings import Finding, Severity
from briefkit.render.brand import Brand
from briefkit.render.jobs import RenderResult
from briefkit.render.pool import RenderPool
from briefkit.render.renderer import Renderer
from briefkit.rules.lint import lint_findings
from briefkit.serve.pages import pack_pages
from briefkit.serve.settings import ServeSettings
from briefkit.vocabulary import DEFAULT_DPI

LIMIT_CODE = "render-limit"
"""The finding code of a render stopped at one of its limits (time, memory, pixels)."""
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "png": "application/zip",
}
SUFFIXES = {"pdf": ".pdf", "html": ".html", "png": ".zip"}
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class QueueFull(Exception):
    """Every worker is busy and the queue is full."""


class DeadlineExceeded(Exception):
    """The request's deadline passed while it waited for a worker."""


@dataclass
class Counters:
    """What the metrics report that only the work knows."""

    waiting: int = 0
    worker_restarts: int = 0


class RenderSlots:
    """``workers`` warm render pools of one worker each, handed out one request at a time."""

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self.pools = [
            RenderPool(jobs=1, max_renders=settings.max_renders) for _ in range(settings.workers)
        ]
        self.counters = Counters()
        self._free: asyncio.Queue[RenderPool] | None = None
        self.busy = 0

    def free_queue(self) -> asyncio.Queue[RenderPool]:
        if self._free is None:
            self._free = asyncio.Queue()
            for pool in self.pools:
                self._free.put_nowait(pool)
        return self._free

    def live(self) -> bool:
        """Whether some worker process is running (and so can take a render)."""
        return any(pool.pids for pool in self.pools)

    def close(self) -> None:
        for pool in self.pools:
            pool.close()

    async def run(
        self, work: Callable[[RenderPool, float], RenderResult], deadline: float
    ) -> RenderResult:
        """``work(pool, seconds_left)`` on a free pool, in a thread; raises :class:`QueueFull`
        when no pool is free and the queue is full, :class:`DeadlineExceeded` when ``deadline``
        (a ``time.monotonic()`` value) passes before a pool frees."""
        free = self.free_queue()
        if free.empty() and self.counters.waiting >= self.settings.queue:
            raise QueueFull
        self.counters.waiting += 1
        try:
            pool = await asyncio.wait_for(free.get(), max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            raise DeadlineExceeded from None
        finally:
            self.counters.waiting -= 1
        self.busy += 1
        before = set(pool.pids)
        try:
            left = deadline - time.monotonic()
            if left <= 0:
                raise DeadlineExceeded
            return await asyncio.to_thread(work, pool, left)
        finally:
            self.busy -= 1
            if before and set(pool.pids) != before:  # killed at a limit, crashed or recycled
                self.counters.worker_restarts += 1
            free.put_nowait(pool)


def request_name(index: int) -> str:
    """How findings name the ``index``-th brief of a request."""
    return f"request/{index}"


def parse_request_brief(raw: bytes, index: int, config: Config) -> Brief:
    """The brief in ``raw``; raises :class:`BriefkitError` with located findings (BK001...)."""
    return parse_brief(raw, request_name(index), config.lint.limits)


def lint_request(raw: bytes, config: Config) -> tuple[list[Finding], list[str]]:
    """Findings for one brief sent as ``raw`` (broken JSON is a BK001 finding, not an error),
    as ``briefkit lint`` gives them under the service's configuration; and the names checked."""
    return check_request([raw], config, collection=False)


def check_request(
    raws: Sequence[bytes], config: Config, *, collection: bool = True
) -> tuple[list[Finding], list[str]]:
    """Findings for several briefs, the rules across briefs included (as ``briefkit check``)."""
    finder = ConfigFinder()
    names = [request_name(index) for index in range(len(raws))]
    findings: list[Finding] = []
    briefs: list[Brief] = []
    for index, raw in enumerate(raws):
        try:
            brief = parse_request_brief(raw, index, config)
        except BriefkitError as error:
            if not error.findings:
                raise
            findings.extend(error.findings)
            continue
        briefs.append(brief)
        findings.extend(lint_findings(brief, config.lint))
    if collection:
        findings.extend(collection_findings(briefs, []))
    configs = dict.fromkeys(names, config)
    judged = judge(findings, briefs, [], configs, finder, collection=collection)
    return sorted(judged, key=lambda finding: finding.sort_key), names


def limit_finding(error: BriefkitError, name: str) -> Finding:
    """A render stopped at a limit, as a finding (code :data:`LIMIT_CODE`)."""
    return Finding(
        code=LIMIT_CODE,
        rule="render-limit",
        severity=Severity.ERROR,
        message=error.message.removeprefix(f"{name}: "),
        file=name,
    )


def lowered_limits(
    limits: RenderLimits, seconds: float | None, memory_mb: int | None
) -> RenderLimits:
    """``limits`` lowered to what a request asked; raises :class:`BriefkitError` when it asked
    for more than the service allows."""
    if seconds is not None:
        if not 0 < seconds <= limits.render_seconds:
            raise BriefkitError(
                f"timeout must be above 0 and at most {limits.render_seconds:g} s (the "
                "service's limit)"
            )
        limits = replace(limits, render_seconds=seconds)
    if memory_mb is not None:
        if not 64 <= memory_mb <= limits.render_memory_mb:
            raise BriefkitError(
                f"memory_mb must be between 64 and {limits.render_memory_mb} (the service's limit)"
            )
        limits = replace(limits, render_memory_mb=memory_mb)
    return limits


@dataclass(frozen=True)
class RenderRequest:
    """One render asked for: the brief and every option, checked against the settings."""

    brief: Brief
    brand: Brand
    output_format: str
    paper: str
    standard: str | None
    layout: str | None
    limits: RenderLimits
    dpi: int = DEFAULT_DPI


def render_in(
    pool: RenderPool, request: RenderRequest, settings: ServeSettings, left: float
) -> RenderResult:
    """Render ``request`` on ``pool`` within ``left`` seconds (the request's deadline)."""
    limits = request.limits
    if left < limits.render_seconds:
        limits = replace(limits, render_seconds=max(left, 0.001))
    renderer = Renderer(
        layout_dirs=settings.layout_dirs,
        lint_config=settings.config.lint,
        pool=pool,
        limits=limits,
    )
    return renderer.render_bytes(
        request.brief,
        request.brand,
        formats=(request.output_format,),
        paper=request.paper,
        layout_name=request.layout,
        standard=request.standard,
        dpi=request.dpi,
        findings=lint_request_findings(request.brief, settings.config),
    )


def lint_request_findings(brief: Brief, config: Config) -> list[Finding]:
    """A brief's findings, judged as lint judges them (its suppressions, the configuration)."""
    findings = lint_findings(brief, config.lint)
    return judge(findings, [brief], [], {brief.path: config}, ConfigFinder(), collection=False)


def document(result: RenderResult, output_format: str, stem: str) -> bytes:
    """The response body: the PDF, the HTML, or the PNG pages in a zip (``stem-N.png``)."""
    if output_format == "pdf":
        assert result.pdf is not None
        return result.pdf
    if output_format == "html":
        assert result.html is not None
        return result.html
    return pack_pages(result.png or (), stem)


def file_stem(brief: Brief) -> str:
    """A file name for the brief's document: its id, reduced to safe characters."""
    value = brief.data.get("id")
    stem = SAFE_NAME.sub("-", value).strip(".-") if isinstance(value, str) else ""
    return stem[:100] or "brief"
