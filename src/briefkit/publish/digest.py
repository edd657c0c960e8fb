"""``briefkit digest``: one PDF of many briefs for a client entitled to all of them.

This module decides what goes in (the briefs in order, none with lint errors, no TLP:RED unless
allowed) and the digest's marking (the most restrictive of its briefs); the layout is one more
kind of job on the render pool (:class:`~briefkit.render.jobs.DigestJob`, laid out by
:mod:`briefkit.render.digest` in a render worker, with its limits, fonts, sandbox and the brand's
filled texts). The PDF is written atomically once the worker is done.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefkit.desk.settings import DEFAULT_RENDER_LIMITS, RenderLimits
from briefkit.document.brief import DEFAULT_LIMITS, Brief, Limits
from briefkit.document.invariants import tlp_marking
from briefkit.errors import BriefkitError, Hint
from briefkit.findings import Finding, error_count, has_errors
from briefkit.publish.collection import most_restrictive
from briefkit.render.brand import Brand
from briefkit.render.html import labels_for
from briefkit.render.jobs import DigestJob
from briefkit.render.pool import RenderPool
from briefkit.render.protocol import ContentsEntry
from briefkit.render.view import long_date
from briefkit.rules.lint import RuleSelection, lint_brief, lint_with_config
from briefkit.vocabulary import DIGEST_ORDERS, PAPER_SIZES
from briefkit.wording import plural

DigestEntry = ContentsEntry
"""One brief as the table of contents lists it (title, date, kind, its own marking, page)."""

ORDERS = DIGEST_ORDERS


@dataclass(frozen=True)
class DigestResult:
    """The digest written: its path, page count, marking, and where each brief starts."""

    path: Path
    pages: int
    marking: str
    entries: tuple[DigestEntry, ...]
    contact_page: int
    warnings: tuple[str, ...] = ()


def order_briefs(briefs: Sequence[Brief], order: str) -> list[Brief]:
    """``date``: oldest first (a week read as it happened), undated last; ``given``: as given."""
    if order not in ORDERS:
        raise BriefkitError(f"unknown order {order!r}; use {' or '.join(ORDERS)}")
    if order == "given":
        return list(briefs)

    def day(brief: Brief) -> str:
        value = brief.data.get("date")
        return value if isinstance(value, str) and value else "9999"

    return sorted(briefs, key=day)


def _period(briefs: Sequence[Brief], language: str = "en") -> str:
    days = sorted(brief.data["date"] for brief in briefs if isinstance(brief.data.get("date"), str))
    texts = [
        long_date(value, language) for value in dict.fromkeys([days[0], days[-1]] if days else [])
    ]
    return " – ".join(texts)


def make_digest(
    briefs: Sequence[Brief],
    brand: Brand,
    output: Path,
    *,
    title: str | None = None,
    order: str = "date",
    allow_red: bool = False,
    paper: str = "a4",
    layout_dirs: Sequence[Path] = (),
    config_for: Callable[[Brief], RuleSelection] | None = None,
    limits: RenderLimits = DEFAULT_RENDER_LIMITS,
    language: str | None = None,
    pool: RenderPool | None = None,
    desk_language: str = "en",
) -> DigestResult:
    """Write one PDF of ``briefs`` to ``output`` (atomically); see the module's description.

    Refuses (raising :class:`BriefkitError`, writing nothing) a TLP:RED brief unless
    ``allow_red``, and any brief with lint errors. ``config_for`` gives the configuration that
    applies to a brief (default: the built-in rules and caps): the brief is linted under it and
    its figures are read within its caps. Every word the digest adds (cover, contents, page
    numbers, the brand's texts) is in ``language``, by default the language the briefs share,
    else ``desk_language`` (the configuration's ``language``); ``title`` defaults to the
    layouts' "Briefing digest" in that language. The layout runs on ``pool``, by default a pool
    of its own, stopped when the digest is done.
    """
    if not briefs:
        raise BriefkitError("a digest needs at least one brief")
    if paper not in PAPER_SIZES:
        raise BriefkitError(f"unknown paper size {paper!r}; use one of {', '.join(PAPER_SIZES)}")
    ordered = order_briefs(briefs, order)
    markings = [tlp_marking(brief.data.get("tlp")) for brief in ordered]
    red = [brief.path for brief, mark in zip(ordered, markings, strict=True) if mark == "TLP:RED"]
    if red and not allow_red:
        raise BriefkitError(
            f"{red[0]}: is TLP:RED; a digest includes TLP:RED briefs only when asked to, for a "
            "recipient entitled to them (a marking not spelled exactly counts as TLP:RED)",
            hint=Hint.ALLOW_RED,
        )
    findings: list[Finding] = []
    members: list[tuple[Brief, Limits]] = []
    for brief in ordered:
        config = config_for(brief) if config_for is not None else None
        findings.extend(
            lint_with_config(brief, config) if config is not None else lint_brief(brief)
        )
        members.append((brief, config.lint.limits if config is not None else DEFAULT_LIMITS))
    if has_errors(findings):
        count = error_count(findings)
        raise BriefkitError(f"digest not written: {plural(count, 'error')} to fix first", findings)
    marking = most_restrictive(markings)
    shared = {brief.language for brief in ordered}
    language = language or (shared.pop() if len(shared) == 1 else desk_language)
    labels = labels_for(language, layout_dirs)
    job = DigestJob(
        members=tuple(members),
        brand=brand,
        title=title or labels["digest.title"],
        marking=marking,
        period=_period(ordered, language),
        page_label=labels["page"],
        language=language,
        target=output,
        paper=paper,
        layout_dirs=tuple(layout_dirs),
        limits=limits,
        findings=tuple(findings),
    )
    if pool is not None:
        result = pool.render(job)
    else:
        with RenderPool() as own:
            result = own.render(job)
    return DigestResult(
        output, result.pages, marking, result.contents, result.contact_page, result.warnings
    )
