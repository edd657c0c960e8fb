"""``briefkit digest``: one PDF of many briefs for a client entitled to all of them.

A cover in the brand, a table of contents with the real page numbers, each brief in its own layout
from a new page (its contact panel left out), one contact panel at the end, a nested outline
(brief → sections) and, on every page, the most restrictive marking of the briefs included.

Each part is laid out separately by WeasyPrint and the pages are joined. Page numbers run across
the whole digest, so the parts are laid out twice: once to count pages, once with the numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from babel.dates import format_date
from jinja2 import Environment, TemplateError

from briefkit.desk.settings import DEFAULT_RENDER_LIMITS, RenderLimits
from briefkit.document.brief import Brief
from briefkit.document.invariants import tlp_marking
from briefkit.document.markings import tlp_class
from briefkit.errors import BriefkitError
from briefkit.files import write_atomically
from briefkit.findings import Finding, error_count, has_errors
from briefkit.publish.collection import most_restrictive
from briefkit.publish.pages import english_labels
from briefkit.render.brand import Brand
from briefkit.render.css import brand_color, brand_css, page_number_rule
from briefkit.render.fonts import configure_fonts
from briefkit.render.html import (
    PAPER_SIZES,
    SHARED_STYLESHEETS,
    RenderedHtml,
    first_on_path,
    layout_search_path,
    render_html,
    template_environment,
)
from briefkit.render.isolated import run_isolated
from briefkit.render.logo import brand_logo
from briefkit.render.view import data_url
from briefkit.rules.lint import lint_brief
from briefkit.version import __version__
from briefkit.wording import plural

ORDERS = ("date", "given")
MEMORY_PER_BRIEF_MB = 64
"""Memory the digest's layout may use per brief, on top of ``render-memory-mb``."""

BRIEF_CSS = """
/* In a digest: each brief's title is a top-level outline entry with its sections under it; one
   contact panel at the end, not one per brief; cards are not outline entries. */
h1.title { bookmark-level: 1 !important; }
.contact { display: none; }
.related .card h3 { bookmark-level: none; }
"""


@dataclass(frozen=True)
class DigestEntry:
    """One brief as the table of contents lists it."""

    title: str
    date: str
    kind: str
    marking: str
    page: int


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


def _period(briefs: Sequence[Brief]) -> str:
    days = sorted(brief.data["date"] for brief in briefs if isinstance(brief.data.get("date"), str))
    texts = []
    for value in dict.fromkeys([days[0], days[-1]] if days else []):
        try:
            texts.append(format_date(date.fromisoformat(value), "long", locale="en"))
        except ValueError:
            texts.append(value)
    return " – ".join(texts)


class _Layouter:
    """Lays out the digest's parts with one font configuration and cached stylesheets."""

    def __init__(self, brand: Brand, paper: str, layout_dirs: Sequence[Path]) -> None:
        configure_fonts()  # before WeasyPrint builds its fontconfig: briefkit's fonts only
        from weasyprint.text.fonts import FontConfiguration

        self.font_config = FontConfiguration()
        self.brand = brand
        self.paper = paper
        self.search_path = layout_search_path(layout_dirs)
        self.page_label = english_labels(layout_dirs)["page"]
        self.css: dict[str, Any] = {}

    def _css(self, key: str, text: str | None = None, path: Path | None = None) -> Any:
        from weasyprint import CSS

        from briefkit.render.engine import SandboxFetcher

        if key not in self.css:
            roots = [path.parent] if path is not None else []
            self.css[key] = CSS(
                string=text,
                filename=str(path) if path is not None else None,
                font_config=self.font_config,
                url_fetcher=SandboxFetcher(roots),
            )
        return self.css[key]

    def _page_css(self, label: str, first: int, total: int, *, rtl: bool = False) -> Any:
        css = (
            page_number_rule(
                PAPER_SIZES[self.paper],
                label,
                self.brand,
                script_font='"Noto Naskh Arabic", ' if rtl else "",
                total=total,
            )
            + "\n"
            f"@page:first {{ counter-reset: page {first}; }}\n"
            f"@page cover {{ margin: 0; background: {brand_color(self.brand, 'primary')}; "
            "@top-left { content: none; } @top-right { content: none; } "
            "@bottom-left { content: none; } @bottom-right { content: none; } }"
        )
        return self._css(f"page:{label}:{first}:{total}:{rtl}", text=css)

    def _shared(self) -> list[Any]:
        found = (first_on_path(name, self.search_path) for name in SHARED_STYLESHEETS)
        return [self._css(f"file:{path}", path=path) for path in found if path is not None]

    def brief(self, rendered: RenderedHtml, html: str, first: int, total: int) -> Any:
        """Lay out one brief's HTML (from :func:`_brief_html`) with its layout's stylesheets."""
        from weasyprint import HTML

        from briefkit.render.engine import SandboxFetcher

        sheets = [self._css(f"file:{path}", path=path) for path in rendered.shared_stylesheets]
        style = rendered.layout.stylesheet
        sheets.append(self._css(f"file:{style}", path=style))
        sheets.append(self._css("brand", text=brand_css(self.brand)))
        sheets.append(self._css("brief", text=BRIEF_CSS))
        rtl = rendered.view.direction == "rtl"
        sheets.append(self._page_css(rendered.view.page_label, first, total, rtl=rtl))
        fetcher = SandboxFetcher([*rendered.search_path, self.brand.folder])
        document = HTML(string=html, base_url=rendered.base_url, url_fetcher=fetcher)
        return self._render(document, sheets)

    def part(self, template: str, context: dict[str, Any], first: int, total: int) -> Any:
        """Lay out one of the digest's own pages (cover, contents, contact)."""
        from weasyprint import HTML

        from briefkit.render.engine import SandboxFetcher

        environment = template_environment(self.search_path)
        html = _render(environment, f"digest/{template}", context)
        style = first_on_path("digest/style.css", self.search_path)
        if style is None:
            raise BriefkitError("no digest/style.css found on the layout search path")
        sheets = [
            *self._shared(),
            self._css(f"file:{style}", path=style),
            self._css("brand", text=brand_css(self.brand)),
            self._page_css(self.page_label, first, total),
        ]
        # The logo is a data: URL; these pages fetch nothing else.
        document = HTML(
            string=html, base_url=style.parent.as_uri() + "/", url_fetcher=SandboxFetcher([])
        )
        return self._render(document, sheets)

    def _render(self, document: Any, sheets: list[Any]) -> Any:
        return document.render(stylesheets=sheets, font_config=self.font_config)


def make_digest(
    briefs: Sequence[Brief],
    brand: Brand,
    output: Path,
    *,
    title: str = "Briefing digest",
    order: str = "date",
    allow_red: bool = False,
    paper: str = "a4",
    layout_dirs: Sequence[Path] = (),
    lint: Callable[[Brief], list[Finding]] | None = None,
    limits: RenderLimits = DEFAULT_RENDER_LIMITS,
) -> DigestResult:
    """Write one PDF of ``briefs`` to ``output`` (atomically); see the module's description.

    Refuses (raising :class:`BriefkitError`, writing nothing) a TLP:RED brief unless
    ``allow_red``, and any brief with lint errors (``lint`` lints one brief under the caller's
    configuration; default: the built-in rules).
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
            f"{red[0]}: is TLP:RED; a digest includes TLP:RED briefs only with --allow-red, for a "
            "recipient entitled to them (a marking not spelled exactly counts as TLP:RED)"
        )
    findings: list[Finding] = []
    for brief in ordered:
        findings.extend(lint(brief) if lint is not None else lint_brief(brief))
    if has_errors(findings):
        count = error_count(findings)
        raise BriefkitError(f"digest not written: {plural(count, 'error')} to fix first", findings)
    marking = most_restrictive(markings)
    seconds = limits.render_seconds * (2 * len(ordered) + 4)
    megabytes = limits.render_memory_mb + MEMORY_PER_BRIEF_MB * len(ordered)
    header, pdf = run_isolated(
        _lay_out,
        (ordered, brand, title, marking, paper, tuple(layout_dirs)),
        seconds,
        megabytes,
        "laying out the digest",
    )
    write_atomically(output, pdf)
    entries = tuple(DigestEntry(**entry) for entry in header["entries"])
    return DigestResult(
        output,
        header["pages"],
        marking,
        entries,
        header["contact_page"],
        tuple(header["warnings"]),
    )


def _shown(page: Any) -> str:
    """The text a reader sees on a laid-out page: every visible text box, margin boxes (the
    running header) included."""
    from weasyprint.formatting_structure import boxes

    shown: list[str] = []
    pending = [page._page_box]
    while pending:
        box = pending.pop()
        visible = box.style["visibility"] == "visible" and box.style["color"].alpha > 0
        if isinstance(box, boxes.TextBox) and visible:
            shown.append(box.text)
        pending.extend(getattr(box, "children", ()) or ())
    return " ".join(shown)


def _own_marking(brief: Brief) -> str:
    tlp = brief.data.get("tlp")
    return tlp if isinstance(tlp, str) else ""


def _render(environment: Environment, name: str, context: dict[str, Any]) -> str:
    """Template ``name`` rendered with ``context``; a layout's mistake as a user error."""
    try:
        return environment.get_template(name).render(**context)
    except TemplateError as exc:
        raise BriefkitError(f"layout {name}: {exc.message or exc}") from None
    except (TypeError, ValueError, LookupError, ArithmeticError) as exc:  # the layout's mistake
        raise BriefkitError(f"layout {name}: {type(exc).__name__}: {exc}") from None


def _lay_out(
    ordered: Sequence[Brief],
    brand: Brand,
    title: str,
    marking: str,
    paper: str,
    layout_dirs: tuple[Path, ...],
) -> tuple[dict[str, Any], bytes]:
    """Lay out the whole digest (in the child process); its facts and the PDF's bytes."""
    layouter = _Layouter(brand, paper, layout_dirs)
    context: dict[str, Any] = {
        "version": __version__,
        "digest": {
            "title": title,
            "brand": {"logo_alt": brand.name, "disclaimer": "", **brand.data},
            "logo_url": data_url(brand.logo),
            "logo": brand_logo(brand, data_url),
            "marking": marking,
            "marking_class": tlp_class(marking),
            "period": _period(ordered),
            "entries": [],
            "contact_page": 0,
        },
    }

    def entries(starts: Sequence[int]) -> list[DigestEntry]:
        return [
            DigestEntry(
                item.view.title,
                item.view.date_text,
                item.view.kind_label,
                own,  # the brief's own marking, which its pages no longer show
                start,
            )
            for item, own, start in zip(rendered, own_markings, starts, strict=True)
        ]

    # Each brief in its own layout, every page marked with the digest's marking: the layout is
    # given that one in place of the brief's own.
    rendered = [
        render_html(brief, brand, layout_dirs=layout_dirs, marking=marking) for brief in ordered
    ]
    own_markings = [_own_marking(brief) for brief in ordered]
    htmls = [item.html for item in rendered]
    # Pass 1 counts pages (a part's page count does not depend on its page numbers); pass 2 lays
    # out with the numbers. The contents are laid out until their own length settles.
    counts = [
        len(layouter.brief(item, html, 1, 1).pages)
        for item, html in zip(rendered, htmls, strict=True)
    ]
    contents_pages = 1
    for _ in range(3):
        starts = _starts(contents_pages, counts)
        context["digest"]["entries"] = entries(starts)
        context["digest"]["contact_page"] = starts[-1] + counts[-1]
        laid = len(layouter.part("contents.html", context, 2, 1).pages)
        if laid == contents_pages:
            break
        contents_pages = laid
    starts = _starts(contents_pages, counts)
    contact_page = starts[-1] + counts[-1]
    contact_doc = layouter.part("contact.html", context, contact_page, 1)
    total = contact_page + len(contact_doc.pages) - 1
    documents = [
        layouter.part("cover.html", context, 1, total),
        layouter.part("contents.html", context, 2, total),
        *(
            layouter.brief(item, html, start, total)
            for item, html, start in zip(rendered, htmls, starts, strict=True)
        ),
        layouter.part("contact.html", context, contact_page, total),
    ]
    for document, expected in zip(documents[2:-1], counts, strict=True):
        if len(document.pages) != expected:
            raise BriefkitError("a brief changed length between the two layout passes")
    pages = [page for document in documents for page in document.pages]
    if marking:
        unmarked = [number for number, page in enumerate(pages, 1) if marking not in _shown(page)]
        if unmarked:
            raise BriefkitError(
                f"a layout leaves page {unmarked[0]} of the digest without its marking "
                f"({marking}); every page of a digest shows it (the built-in layouts print "
                "view.marking in the running header)"
            )
    pdf: bytes = documents[0].copy(pages).write_pdf()
    header = {
        "pages": len(pages),
        "contact_page": contact_page,
        "entries": [asdict(entry) for entry in context["digest"]["entries"]],
    }
    return header, pdf


def _starts(contents_pages: int, counts: Sequence[int]) -> list[int]:
    """The first page of each brief: after the cover and the contents."""
    starts = []
    page = 2 + contents_pages
    for count in counts:
        starts.append(page)
        page += count
    return starts
