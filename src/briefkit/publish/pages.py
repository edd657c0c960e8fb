"""The site's own pages: the library index (HTML), the Atom feed and the sitemap.

They list only the briefs given to them; the caller passes published briefs only. The index is
rendered from ``site/index.html`` on the layout search path (a firm can override it like any
layout part); the feed and sitemap are built as XML trees, so nothing in a brief can break them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from markupsafe import Markup

from briefkit.publish.collection import Entry, newest_first
from briefkit.publish.editions import Edition, edition_groups, editions_of, primary_entries
from briefkit.render.brand import Brand
from briefkit.render.css import brand_properties
from briefkit.render.html import labels_file, layout_search_path, template_environment
from briefkit.render.logo import brand_logo
from briefkit.render.policy import with_content_security_policy
from briefkit.render.standalone import embedded_fonts
from briefkit.render.typography import Typesetter
from briefkit.render.view import data_url, load_labels, locale_of, long_date
from briefkit.version import __version__

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
EPOCH = "1970-01-01"


@dataclass(frozen=True)
class Listing:
    """One brief as the library page shows it."""

    id: str
    href: str
    pdf_href: str
    title: Markup
    date: str
    date_text: str
    """The date as the brief prints it (long, in the brief's language)."""
    language: str
    year: str
    kind: str
    kind_label: str
    region: str
    countries: list[tuple[str, str]]
    tags: list[str]
    risk: str
    risk_label: str
    marking: str
    teaser: Markup
    editions: list[Edition]
    """The brief in each language it is published in (empty when only one)."""


def english_labels(layout_dirs: Sequence[Path] = ()) -> dict[str, str]:
    """The layouts' fixed labels in English (the language of the site's and digest's own pages)."""
    return load_labels(labels_file(layout_search_path(layout_dirs)))["en"]


def listings(entries: Sequence[Entry], layout_dirs: Sequence[Path] = ()) -> list[Listing]:
    """The briefs as the library lists them, newest first, with labels in English; a brief and
    its editions are one listing, with a link to each language."""
    labels = english_labels(layout_dirs)
    territories = Locale.parse("en").territories
    groups = edition_groups(entries)
    result = []
    for entry in primary_entries(newest_first(entries), groups):
        group = groups.get(entry.id, (entry,))
        risk = entry.data.get("risk_level")
        risk = risk if isinstance(risk, str) else ""
        region = entry.data.get("region")
        language = entry.brief.language
        typeset = Typesetter(language, locale_of(language).text_direction)
        result.append(
            Listing(
                id=entry.id,
                href=f"{entry.id}.html",
                pdf_href=f"{entry.id}.pdf",
                title=typeset.line(entry.title),
                date=entry.date,
                date_text=long_date(entry.date, language),
                language=language,
                year=entry.date[:4],
                kind=entry.kind,
                kind_label=labels.get(f"kind.{entry.kind}", entry.kind.title()),
                region=region.strip() if isinstance(region, str) else "",
                countries=[(code, territories.get(code, code)) for code in entry.countries],
                tags=entry.tags,
                risk=risk,
                risk_label=labels.get(f"risk.{risk}", "") if risk else "",
                marking=entry.tlp,
                teaser=typeset.line(entry.teaser),
                editions=editions_of(group) if len(group) > 1 else [],
            )
        )
    return result


def index_page(
    entries: Sequence[Entry], brand: Brand, layout_dirs: Sequence[Path] = (), site_url: str = ""
) -> bytes:
    """The library page: every brief newest first, with filters that need no network."""
    items = listings(entries, layout_dirs)
    facets = {
        "country": sorted({pair for item in items for pair in item.countries}, key=lambda p: p[1]),
        "tag": sorted({(tag, tag) for item in items for tag in item.tags}, key=lambda p: p[1]),
        "kind": sorted({(item.kind, item.kind_label) for item in items}),
        "year": sorted({(item.year, item.year) for item in items if item.year}, reverse=True),
    }
    search_path = layout_search_path(layout_dirs)
    template = template_environment(search_path).get_template("site/index.html")
    values = {
        "items": items,
        "facets": facets,
        "brand": brand.data,
        "brand_properties": Markup(brand_properties(brand)),  # validated and escaped CSS
        "logo_url": data_url(brand.logo),
        "logo": brand_logo(brand, data_url),
        "site_url": site_url,
        "version": __version__,
    }
    # Rendered twice: the fonts are subset to the characters of the page they are embedded in.
    draft = template.render(**values, fonts_css="")
    fonts = embedded_fonts(draft, search_path, brand).replace("</", "<\\/")
    html = template.render(**values, fonts_css=Markup(fonts))  # validated, escaped CSS
    return with_content_security_policy(html).encode("utf-8")


def brief_page_nav(
    entry: Entry, layout_dirs: Sequence[Path] = (), group: Sequence[Entry] = ()
) -> str:
    """The bar a site puts at the top of a brief's page (``site/nav.html``): a link back to the
    library, one to the brief's PDF, in the brief's language, and one to each other edition in
    ``group`` (the brief and its editions)."""
    search_path = layout_search_path(layout_dirs)
    by_language = load_labels(labels_file(search_path))
    language = entry.brief.language
    labels = {**by_language["en"], **by_language.get(locale_of(language).language, {})}
    template = template_environment(search_path).get_template("site/nav.html")
    linked = zip(group, editions_of(group), strict=True)
    editions = [edition for member, edition in linked if member is not entry]
    return template.render(labels=labels, pdf_href=f"{entry.id}.pdf", editions=editions)


def with_nav(html: str, nav: str) -> str:
    """A brief's page with ``nav`` first in its body."""
    match = re.search(r"<body[^>]*>", html)
    if match is None:
        return html
    return html[: match.end()] + "\n" + nav + html[match.end() :]


def _timestamp(day: str) -> str:
    return f"{day or EPOCH}T00:00:00Z"


def feed_xml(entries: Sequence[Entry], brand: Brand, site_url: str = "") -> bytes:
    """An Atom 1.0 feed of the briefs, newest first. Links are relative to ``site_url`` when it
    is set (``xml:base``), else to the feed itself."""
    ET.register_namespace("", ATOM)
    ordered = newest_first(entries)
    feed = ET.Element(f"{{{ATOM}}}feed")
    if site_url:
        feed.set("{http://www.w3.org/XML/1998/namespace}base", site_url)
    ET.SubElement(feed, f"{{{ATOM}}}id").text = (
        f"{site_url}feed.xml" if site_url else f"urn:briefkit:{brand.data.get('short_name', '')}"
    )
    ET.SubElement(feed, f"{{{ATOM}}}title").text = str(brand.data["name"])
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _timestamp(ordered[0].date if ordered else "")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = str(brand.data["name"])
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href="feed.xml")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href="index.html")
    generator = ET.SubElement(feed, f"{{{ATOM}}}generator", version=__version__)
    generator.text = "briefkit"
    for entry in ordered:
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(item, f"{{{ATOM}}}id").text = (
            f"{site_url}{entry.id}.html" if site_url else f"urn:briefkit:brief:{entry.id}"
        )
        ET.SubElement(item, f"{{{ATOM}}}title").text = entry.title
        ET.SubElement(item, f"{{{ATOM}}}updated").text = _timestamp(entry.date)
        ET.SubElement(item, f"{{{ATOM}}}published").text = _timestamp(entry.date)
        ET.SubElement(item, f"{{{ATOM}}}link", rel="alternate", href=f"{entry.id}.html")
        ET.SubElement(
            item, f"{{{ATOM}}}link", rel="enclosure", type="application/pdf", href=f"{entry.id}.pdf"
        )
        ET.SubElement(item, f"{{{ATOM}}}summary").text = entry.teaser
        for tag in entry.tags:
            ET.SubElement(item, f"{{{ATOM}}}category", term=tag)
    ET.indent(feed)
    text: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return text + b"\n"


def sitemap_xml(entries: Sequence[Entry], site_url: str = "") -> bytes:
    """A sitemap of the index and every brief page. The protocol wants absolute addresses: without
    ``site-url`` they are relative (and the build warns)."""
    ET.register_namespace("", SITEMAP)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    ordered = newest_first(entries)
    pages = [("index.html", ordered[0].date if ordered else "")]
    pages += [(f"{entry.id}.html", entry.date) for entry in ordered]
    for page, day in pages:
        url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = f"{site_url}{page}"
        if day:
            ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = day
    ET.indent(urlset)
    text: bytes = ET.tostring(urlset, encoding="utf-8", xml_declaration=True)
    return text + b"\n"
