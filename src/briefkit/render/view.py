"""The view model: a valid brief and a brand turned into exactly what a layout prints.

Templates hold markup; every decision (labels in the brief's language, formatted dates, country
names, section numbers, the marking's colour class, reading time, PDF metadata) is made here.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from markupsafe import Markup

from briefkit.document.brief import DEFAULT_LIMITS, Brief, Limits
from briefkit.document.figures import inline_uri
from briefkit.document.images import ImageProblem, read_image
from briefkit.document.invariants import card_link, figure_url, link_target
from briefkit.document.jsonsource import walk
from briefkit.document.markings import tlp_class
from briefkit.document.markup import MarkupBudget
from briefkit.document.text import CONTROL_CHARACTERS, is_blank
from briefkit.errors import BriefkitError
from briefkit.files import read_file, stamp
from briefkit.render.brand import Brand, localised_brand
from briefkit.render.locator_map import LocatorMap, brief_map
from briefkit.render.logo import Logo, brand_logo
from briefkit.render.typography import Typesetter, printed_url

FALLBACK_LANGUAGE = "en"
MAX_SOURCE_DATE_EPOCH = 253_402_300_799
"""The last second of year 9999, the latest date a PDF's metadata can hold."""
WORDS_PER_MINUTE = 200
READING_SECTIONS = ("executive_summary", "key_developments", "strategic_implications", "assessment")


MAX_LABELS_BYTES = 1_048_576


def load_labels(path: Path) -> dict[str, dict[str, str]]:
    """Fixed labels by language, from a layout folder's ``labels.json``, checked against the
    labels schema (read again only when the file changes). Raises :class:`BriefkitError` (one
    line, naming the file and the place) when the file is not JSON, lacks English, or holds a
    label that is not plain text."""
    return _load_labels(path, stamp(path))


@cache
def _load_labels(path: Path, changed: tuple[int, int]) -> dict[str, dict[str, str]]:
    from briefkit.validation.schema import schema_problem

    try:
        raw = read_file(path, MAX_LABELS_BYTES, regular_only=False)
        if len(raw) > MAX_LABELS_BYTES:
            raise BriefkitError(f"{path}: larger than {MAX_LABELS_BYTES:,} bytes")
        labels = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BriefkitError(f"{path}: cannot read the layout's labels: {exc}") from None
    problem = schema_problem(labels, "labels")
    if problem:
        raise BriefkitError(f"{path}: {problem}")
    checked: dict[str, dict[str, str]] = labels
    return checked


@cache
def locale_of(language: str) -> Locale:
    """The Babel locale of a BCP 47 tag (English for a tag Babel does not know)."""
    try:
        return Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK_LANGUAGE)


def long_date(value: Any, language: str) -> str:
    """An ISO date as briefs print it: long, in ``language`` ("October 2, 2025", "2 octobre
    2025"); a value that is not a date is returned as it is."""
    return _format_date(value, locale_of(language))


@dataclass(frozen=True)
class Labelled:
    label: str
    text: Markup


@dataclass(frozen=True)
class Figure:
    src: str
    caption: str
    alt: str
    credit: str


@dataclass(frozen=True)
class Implication:
    number: int
    title: str
    points: list[Markup]


@dataclass(frozen=True)
class Related:
    title: str
    teaser: Markup
    date: str
    href: str


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    date: str
    href: str
    url_text: Markup
    """The URL as printed: whole, since paper loses the link (see :func:`printed_url`)."""


@dataclass(frozen=True)
class View:
    """Everything a layout template reads, already decided and formatted."""

    language: str
    direction: str
    kind: str
    kind_label: str
    title: str
    subtitle: str
    date_iso: str
    date_text: str
    modified_iso: str
    marking: str
    marking_class: str
    risk_label: str
    risk_class: str
    confidence_label: str
    region: str
    countries: list[Markup]
    authors: list[Markup]
    keywords: list[str]
    reading_minutes: int
    summary: list[Markup]
    developments: list[Labelled]
    figures: list[Figure]
    implications: list[Implication]
    assessment_summary: Markup
    judgements: list[Labelled]
    assessment_conclusion: Markup
    related: list[Related]
    sources: list[Source]
    labels: dict[str, str]
    brand: dict[str, Any]
    logo_url: str
    logo: Logo
    locator_map: LocatorMap | None = None
    meta: dict[str, str] = field(default_factory=dict)
    author_names: list[str] = field(default_factory=list)
    """The authors as plain text, for the document's metadata."""

    @property
    def has_assessment(self) -> bool:
        return bool(self.assessment_summary or self.judgements or self.assessment_conclusion)

    @property
    def page_label(self) -> str:
        return self.labels["page"]


def _text(value: Any) -> str:
    """Text as printed: stripped, without control characters a PDF cannot show (rule BK121)."""
    return CONTROL_CHARACTERS.sub("", value).strip() if isinstance(value, str) else ""


def _texts(values: Any) -> list[str]:
    return [text for text in (_text(value) for value in values or ()) if text]


def _labelled(
    items: Any, rich: Callable[[Any], Markup], line: Callable[[str], Markup]
) -> list[Labelled]:
    return [
        Labelled(line(_text(item.get("label"))), rich(item.get("text")))
        for item in items or ()
        if not is_blank(item)
    ]


def _format_date(value: Any, locale: Locale) -> str:
    if not isinstance(value, str) or not value:
        return ""
    try:
        return format_date(date.fromisoformat(value), "long", locale=locale)
    except ValueError:
        return value


def _source_date() -> str:
    """The date of ``SOURCE_DATE_EPOCH`` (reproducible builds), or ``""`` when it is not set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return ""
    if not (epoch.isascii() and epoch.isdigit()) or int(epoch) > MAX_SOURCE_DATE_EPOCH:
        raise BriefkitError(
            f"SOURCE_DATE_EPOCH must be whole seconds since 1970, at most "
            f"{MAX_SOURCE_DATE_EPOCH} (the end of year 9999), not {epoch[:40]!r}"
        )
    return datetime.fromtimestamp(int(epoch), tz=UTC).date().isoformat()


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(?:\s|$)", text)
    return match.group(1) if match else text


def _words(*values: Any) -> int:
    """Words in every string inside ``values``, however nested."""
    return sum(
        len(re.findall(r"\w+", value)) for _, value in walk(list(values)) if isinstance(value, str)
    )


def typeset_brand(data: dict[str, Any], typeset: Typesetter) -> dict[str, Any]:
    data = {**data, "contact": dict(data["contact"])}
    for key in ("name", "assessment_heading"):
        data[key] = typeset.line(data[key])
    data["disclaimer"] = typeset(data["disclaimer"]) if data["disclaimer"] else ""
    data["contact"]["heading"] = typeset.line(data["contact"]["heading"])
    for key in ("call_to_action", "text"):
        data["contact"][key] = typeset(data["contact"][key])
    data["logo_alt"] = typeset.plain(data["logo_alt"])
    return data


def file_url(path: Path) -> str:
    """A ``file:`` URL, for documents laid out here (every fetch goes through the sandbox)."""
    return path.as_uri()


def data_url(path: Path) -> str:
    """A ``data:`` URL holding a brand's logo, for documents that must stand alone (HTML
    output): read by the sandboxed image reader within the caps the brand was loaded with, so
    only a checked SVG, PNG or JPEG is ever inlined."""
    try:
        info, data = read_image(
            path,
            max_bytes=DEFAULT_LIMITS.max_image_bytes,
            max_pixels=DEFAULT_LIMITS.max_image_pixels,
        )
    except ImageProblem as problem:
        raise BriefkitError(f"image {path.name}: {problem.message}") from None
    return inline_uri(info, data)


def build_view(
    brief: Brief,
    brand: Brand,
    labels_by_language: dict[str, dict[str, str]],
    asset_url: Callable[[Path], str] | None = file_url,
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> View:
    """The view of ``brief`` in ``brand``; the brief must already be valid and lint-clean.

    ``asset_url`` turns the logo's and figures' paths into the URLs the document uses; ``None``
    embeds them as ``data:`` URLs (a document that stands alone). Figures are read within
    ``limits``, the caps the brief was linted within.
    """
    logo_url = asset_url or data_url
    data = brief.data
    budget = MarkupBudget()

    def rich(value: Any) -> Markup:
        """Running text with its inline markup applied (and everything else escaped)."""
        return budget.render(typeset.plain(_text(value)), typeset.fragment)

    language = brief.language
    locale = locale_of(language)
    base = labels_by_language[FALLBACK_LANGUAGE]
    labels = {**base, **labels_by_language.get(locale.language, {})}
    kind = data.get("kind") or "analysis"
    typeset = Typesetter(language, locale.text_direction)

    countries = [
        typeset.line(locale.territories.get(code, code))
        for code in data.get("countries", ())
        if code
    ]
    authors = [
        _text(author if isinstance(author, str) else author["name"])
        for author in data.get("authors", ())
    ]
    assessment = data.get("assessment") or {}
    brief_url = brand.data.get("brief_url", "")

    related = []
    for item in data.get("discover_more", ()):
        href = card_link(item, brief_url)
        related.append(
            Related(
                typeset.line(_text(item.get("title"))),
                rich(item.get("teaser")),
                _format_date(item.get("date"), locale),
                href,
            )
        )
    sources = [
        Source(
            typeset.line(_text(item.get("title"))),
            typeset.line(_text(item.get("publisher"))),
            _format_date(item.get("date"), locale),
            link_target(item.get("url")) or "",
            printed_url(item.get("url", "")),
        )
        for item in data.get("sources", ())
    ]
    summary = [rich(text) for text in _texts(data.get("executive_summary"))]
    developments = _labelled(data.get("key_developments"), rich, typeset.line)
    folder = brief.folder
    figures = [
        Figure(
            figure_url(folder, item.get("image"), asset_url, limits=limits, index=index),
            typeset.line(_text(item.get("caption"))),
            typeset.plain(_text(item.get("alt"))),
            typeset.line(_text(item.get("credit"))),
        )
        for index, item in enumerate(data.get("figures", ()))
    ]
    implications = [
        Implication(
            number,
            typeset.line(_text(item.get("title"))),
            [rich(point) for point in _texts(item.get("points"))],
        )
        for number, item in enumerate(data.get("strategic_implications", ()), start=1)
    ]
    judgements = _labelled(assessment.get("judgements"), rich, typeset.line)
    body_words = _words(*(data.get(section) for section in READING_SECTIONS))
    first_paragraph = _texts(data.get("executive_summary"))[:1]
    title = _text(data.get("title"))
    logo = brand_logo(brand, logo_url)
    return View(
        language=language,
        direction=locale.text_direction,
        kind=kind,
        kind_label=labels.get(f"kind.{kind}", kind.title()),
        title=typeset.line(title),
        subtitle=typeset.line(_text(data.get("subtitle"))),
        date_iso=_text(data.get("date")),
        date_text=_format_date(data.get("date"), locale),
        modified_iso=_source_date() or _text(data.get("date")),
        marking=_text(data.get("tlp")),
        marking_class=tlp_class(_text(data.get("tlp"))),
        risk_label=labels.get(f"risk.{data.get('risk_level')}", "")
        if data.get("risk_level")
        else "",
        risk_class=f"risk-{data['risk_level']}" if data.get("risk_level") else "",
        confidence_label=(
            labels.get(f"confidence.{assessment.get('confidence')}", "")
            if assessment.get("confidence")
            else ""
        ),
        region=typeset.line(_text(data.get("region"))),
        countries=countries,
        authors=[typeset.line(author) for author in authors],
        keywords=_texts(data.get("tags")),
        reading_minutes=max(1, math.ceil(body_words / WORDS_PER_MINUTE)),
        summary=summary,
        developments=developments,
        figures=figures,
        implications=implications,
        assessment_summary=rich(assessment.get("summary")),
        judgements=judgements,
        assessment_conclusion=rich(assessment.get("conclusion")),
        related=related,
        sources=sources,
        labels=labels,
        brand=typeset_brand(localised_brand(brand.data, language), typeset),
        logo_url=logo.url,
        logo=logo,
        locator_map=brief_map(data, brand.data, locale, labels),
        meta={
            "title": title,
            "author": ", ".join(authors),
            "description": _first_sentence(first_paragraph[0]) if first_paragraph else title,
            "keywords": ", ".join(_texts(data.get("tags"))),
        },
        author_names=authors,
    )
