"""A collection of briefs as a publication sees it: which are publishable, and what links where.

Nothing here renders. From the loaded briefs it decides, for each publishable brief, the copy of
its data a public output shows: discover-more cards pointing at other published briefs (relative
links for the site's HTML, ``site-url`` links inside PDFs), cards naming a restricted brief
dropped, and suggestions for a brief that offers none. A restricted brief never reaches a copy.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from markupsafe import Markup

from briefkit.document.brief import Brief
from briefkit.document.markings import TLP_MARKINGS
from briefkit.document.markup import render_inline

SUGGESTIONS = 3
"""How many briefs a brief without discover-more items is offered."""
TEASER_WORDS = 40


def secret_digest(text: str) -> str:
    """A one-way digest, for recording that something restricted existed without naming it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _strings(value: Any) -> list[str]:
    """The strings of a list, whatever else ``value`` is: typed access never meets a surprise."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def plain(value: Any) -> str:
    """Running text with its inline markup removed: what a reader sees, as plain text."""
    return Markup(render_inline(_text(value))).striptags()


def _shorten(text: str, words: int = TEASER_WORDS) -> str:
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + "…"


@dataclass(frozen=True, eq=False)
class Entry:
    """One loaded brief and what a library lists about it (each value worked out once)."""

    brief: Brief
    relative: str
    """The brief's path relative to the build root, with forward slashes."""

    @property
    def data(self) -> dict[str, Any]:
        return self.brief.data

    @property
    def id(self) -> str:
        return self.brief.id

    @cached_property
    def title(self) -> str:
        return _text(self.data.get("title")) or self.id

    @cached_property
    def date(self) -> str:
        value = _text(self.data.get("date"))
        return value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else ""

    @cached_property
    def tlp(self) -> str:
        return _text(self.data.get("tlp"))

    @cached_property
    def kind(self) -> str:
        return _text(self.data.get("kind")) or "analysis"

    @cached_property
    def countries(self) -> list[str]:
        return _strings(self.data.get("countries"))

    @cached_property
    def tags(self) -> list[str]:
        return [tag.strip() for tag in _strings(self.data.get("tags"))]

    @cached_property
    def teaser(self) -> str:
        """The subtitle, or the start of the executive summary, as plain text."""
        subtitle = plain(self.data.get("subtitle"))
        if subtitle:
            return subtitle
        summary = _strings(self.data.get("executive_summary"))
        first = next((item for item in summary if item.strip()), "")
        return _shorten(plain(first))


def is_publishable(entry: Entry, allowed: Sequence[str]) -> bool:
    """Whether the brief's marking is one the site may show. No marking is not publishable."""
    return entry.tlp in allowed


def most_restrictive(markings: Iterable[str]) -> str:
    """The most restrictive TLP marking among ``markings`` (unknown ones count as the strictest
    known below RED, so a typo never lowers a marking)."""
    rank = -1
    for marking in markings:
        if marking in TLP_MARKINGS:
            rank = max(rank, TLP_MARKINGS.index(marking))
        elif marking:
            rank = max(rank, TLP_MARKINGS.index("TLP:AMBER+STRICT"))
    return TLP_MARKINGS[rank] if rank >= 0 else ""


def newest_first(entries: Iterable[Entry]) -> list[Entry]:
    """Entries by date, newest first; ties (and undated briefs, last) by id."""
    ordered = sorted(entries, key=lambda entry: entry.id)
    return sorted(ordered, key=lambda entry: entry.date, reverse=True)


@dataclass
class LinkPlan:
    """What one published brief shows of the others, and what went wrong deciding it."""

    html_data: dict[str, Any]
    pdf_data: dict[str, Any]
    linked: list[str] = field(default_factory=list)
    """Ids of the published briefs its cards point to."""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _card(target: Entry, href: str | None) -> dict[str, Any]:
    card: dict[str, Any] = {"title": target.title, "teaser": target.teaser, "id": target.id}
    if target.date:
        card["date"] = target.date
    if href:
        card["url"] = href
    return card


def suggestions(entry: Entry, ordered: Sequence[Entry], count: int = SUGGESTIONS) -> list[Entry]:
    """The most recent published briefs in ``entry``'s language sharing a country with it, then
    a tag. ``ordered`` is every published brief, newest first."""
    countries = set(entry.countries)
    tags = {tag.casefold() for tag in entry.tags}
    by_country: list[Entry] = []
    by_tag: list[Entry] = []
    for other in ordered:
        if other.id == entry.id or other.brief.language != entry.brief.language:
            continue
        if countries.intersection(other.countries):
            by_country.append(other)
            if len(by_country) == count:
                break
        elif len(by_tag) < count and any(tag.casefold() in tags for tag in other.tags):
            by_tag.append(other)
    return (by_country + by_tag)[:count]


def plan_links(
    entry: Entry,
    published: dict[str, Entry],
    known_ids: set[str],
    site_url: str,
    ordered: Sequence[Entry] | None = None,
) -> LinkPlan:
    """The public copies of ``entry``'s data (for HTML and for PDF) with resolved cards.

    A card naming a published brief keeps its own title and teaser and links to that brief's page;
    a card naming a brief that exists but is not published is dropped with a warning that does
    not repeat its id; an id that no brief has is an error. A brief left without cards gets
    suggestions on its page (never in its PDF). ``published`` maps ids to entries; ``known_ids``
    are the ids of every brief; ``ordered`` is the published entries newest first (worked out
    here when not given).
    """
    # Shallow copies: only "discover_more" is replaced, nothing nested is changed.
    html_data = dict(entry.data)
    pdf_data = dict(entry.data)
    plan = LinkPlan(html_data, pdf_data)
    html_cards: list[dict[str, Any]] = []
    pdf_cards: list[dict[str, Any]] = []
    items = entry.data.get("discover_more") or []
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue
        target_id = _text(item.get("id"))
        if not target_id:
            html_cards.append(dict(item))
            pdf_cards.append(dict(item))
            continue
        if target_id not in known_ids:
            plan.errors.append(
                f"{entry.brief.path}: discover_more[{index}].id: no brief has the id "
                f"{target_id!r}; fix the id or remove the card"
            )
            continue
        if target_id not in published:
            plan.warnings.append(
                f"{entry.brief.path}: discover_more[{index}]: card dropped from the site: the "
                "brief it names is not publishable"
            )
            continue
        plan.linked.append(target_id)
        html_card = {key: value for key, value in item.items() if key != "url"}
        html_cards.append({**html_card, "url": f"{target_id}.html"})
        pdf_card = dict(html_card)
        if site_url:
            pdf_card["url"] = f"{site_url}{target_id}.html"
        pdf_cards.append(pdf_card)
    if not html_cards and not plan.errors:
        # Suggestions are the site's, on its pages only: a PDF shows the author's cards, so a
        # suggestion never adds a page to a brief in print.
        newest = ordered if ordered is not None else newest_first(published.values())
        for target in suggestions(entry, newest):
            plan.linked.append(target.id)
            html_cards.append(_card(target, f"{target.id}.html"))
    for data, cards in ((html_data, html_cards), (pdf_data, pdf_cards)):
        if cards:
            data["discover_more"] = cards
        else:
            data.pop("discover_more", None)
    return plan


def normalise_site_url(url: str) -> str:
    """``site-url`` with exactly one trailing slash (or empty)."""
    url = url.strip()
    return url.rstrip("/") + "/" if url else ""
