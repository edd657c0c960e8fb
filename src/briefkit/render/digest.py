"""A digest's layout, in the render worker: many briefs in one PDF (see
:mod:`briefkit.publish.digest`, which decides what goes in and writes the result).

A cover in the brand, a table of contents with the real page numbers, each brief in its own layout
from a new page (its contact panel left out), one contact panel at the end, a nested outline
(brief → sections) and, on every page, the digest's marking. Each part is laid out separately by
the worker's :class:`~briefkit.render.engine.Engine` (its fonts, stylesheet cache and sandboxed
fetcher) and the pages are joined. Page numbers run across the whole digest, so the parts are laid
out twice: once to count pages, once with the numbers. Every layout is a part of the job with
the whole render time limit (``progress``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, TemplateError

from briefkit.document.brief import Brief
from briefkit.document.markings import tlp_class
from briefkit.errors import BriefkitError
from briefkit.render.brand import localised_brand
from briefkit.render.css import brand_color, page_number_rule
from briefkit.render.html import (
    RenderedHtml,
    first_on_path,
    labels_for,
    layout_search_path,
    render_html,
    template_environment,
)
from briefkit.render.jobs import DigestJob
from briefkit.render.logo import brand_logo
from briefkit.render.protocol import ContentsEntry
from briefkit.render.typography import Typesetter
from briefkit.render.view import data_url, locale_of, typeset_brand
from briefkit.version import __version__
from briefkit.vocabulary import PAPER_SIZES

if TYPE_CHECKING:
    from briefkit.render.engine import Engine

BRIEF_CSS = """
/* In a digest: each brief's title is a top-level outline entry with its sections under it; one
   contact panel at the end, not one per brief; cards are not outline entries. */
h1.title { bookmark-level: 1 !important; }
.contact { display: none; }
.related .card h3 { bookmark-level: none; }
"""


@dataclass(frozen=True)
class LaidOutDigest:
    """The digest's PDF, its page count, where each brief starts and where the contact page is."""

    pdf: bytes
    pages: int
    contents: tuple[ContentsEntry, ...]
    contact_page: int


class _Parts:
    """Lays out the digest's parts with the engine's fonts and stylesheets."""

    def __init__(self, engine: Engine, job: DigestJob, progress: Callable[[int], None]) -> None:
        self.engine = engine
        self.job = job
        self.search_path = layout_search_path(job.layout_dirs)
        self.progress = progress
        self.parts = 0

    def _page_css(self, label: str, first: int, total: int, *, rtl: bool = False) -> Any:
        brand = self.job.brand
        css = (
            page_number_rule(
                PAPER_SIZES[self.job.paper],
                label,
                brand,
                script_font='"Noto Naskh Arabic", ' if rtl else "",
                total=total,
            )
            + "\n"
            f"@page:first {{ counter-reset: page {first}; }}\n"
            f"@page cover {{ margin: 0; background: {brand_color(brand, 'primary')}; "
            "@top-left { content: none; } @top-right { content: none; } "
            "@bottom-left { content: none; } @bottom-right { content: none; } }"
        )
        return self.engine.string_css(css)

    def brief(self, brief: Brief, rendered: RenderedHtml, first: int, total: int) -> Any:
        """Lay out one brief's HTML with its layout's stylesheets; its figures come from its
        folder, as when it is rendered alone."""
        sheets = [self.engine.file_css(path) for path in rendered.shared_stylesheets]
        sheets.append(self.engine.file_css(rendered.layout.stylesheet))
        sheets.append(self.engine.brand_stylesheet(self.job.brand))
        sheets.append(self.engine.string_css(BRIEF_CSS))
        rtl = rendered.view.direction == "rtl"
        sheets.append(self._page_css(rendered.view.page_label, first, total, rtl=rtl))
        roots = [*rendered.search_path, self.job.brand.folder]
        if brief.path != "-":
            roots.append(Path(brief.path).resolve().parent)
        return self._lay_out(rendered.html, rendered.base_url, roots, sheets)

    def own(self, template: str, context: dict[str, Any], first: int, total: int) -> Any:
        """Lay out one of the digest's own pages (cover, contents, contact)."""
        environment = template_environment(self.search_path)
        html = _render(environment, f"digest/{template}", context)
        style = first_on_path("digest/style.css", self.search_path)
        if style is None:
            raise BriefkitError("no digest/style.css found on the layout search path")
        shared = (first_on_path(name, self.search_path) for name in ("fonts.css", "base.css"))
        sheets = [self.engine.file_css(path) for path in shared if path is not None]
        sheets += [
            self.engine.file_css(style),
            self.engine.brand_stylesheet(self.job.brand),
            self._page_css(self.job.page_label, first, total),
        ]
        # The logo is a data: URL; these pages fetch nothing else.
        return self._lay_out(html, style.parent.as_uri() + "/", [], sheets)

    def _lay_out(self, html: str, base_url: str, roots: Sequence[Path], sheets: list[Any]) -> Any:
        self.parts += 1
        self.progress(self.parts)
        return self.engine.lay_out(html, base_url, roots, sheets)


def lay_out_digest(
    engine: Engine, job: DigestJob, progress: Callable[[int], None]
) -> LaidOutDigest:
    """Lay out the whole digest; see the module's description."""
    parts = _Parts(engine, job, progress)
    brand = job.brand
    locale = locale_of(job.language)
    typeset = Typesetter(job.language, locale.text_direction)
    labels = labels_for(job.language, job.layout_dirs)
    count = len(job.briefs)
    context: dict[str, Any] = {
        "version": __version__,
        "digest": {
            # Every word the digest adds is in its language (the briefs' pages are in theirs).
            "language": job.language,
            "direction": locale.text_direction,
            "labels": labels,
            "count_text": labels["digest.count_one"]
            if count == 1
            else labels["digest.count"].replace("{n}", str(count)),
            "title": typeset.line(job.title),
            # The brand's texts as a brief's pages show them: translated, placeholders filled.
            "brand": typeset_brand(localised_brand(brand.data, job.language), typeset),
            "logo_url": data_url(brand.logo),
            "logo": brand_logo(brand, data_url),
            "marking": job.marking,
            "marking_class": tlp_class(job.marking),
            "period": job.period,
            "entries": [],
            "contact_page": 0,
        },
    }
    # Each brief in its own layout, every page marked with the digest's marking: the layout is
    # given that one in place of the brief's own.
    rendered = [
        render_html(
            brief,
            brand,
            layout_dirs=job.layout_dirs,
            marking=job.marking,
            limits=limits,
        )
        for brief, limits in job.members
    ]

    def entries(starts: Sequence[int]) -> list[ContentsEntry]:
        return [
            ContentsEntry(
                item.view.title,
                item.view.date_text,
                item.view.kind_label,
                _own_marking(brief),  # the brief's own marking, which its pages no longer show
                start,
            )
            for item, brief, start in zip(rendered, job.briefs, starts, strict=True)
        ]

    # Pass 1 counts pages (a part's page count does not depend on its page numbers); pass 2 lays
    # out with the numbers. The contents are laid out until their own length settles.
    counts = [
        len(parts.brief(brief, item, 1, 1).pages)
        for brief, item in zip(job.briefs, rendered, strict=True)
    ]
    contents_pages = 1
    for _ in range(3):
        starts = _starts(contents_pages, counts)
        context["digest"]["entries"] = entries(starts)
        context["digest"]["contact_page"] = starts[-1] + counts[-1]
        laid = len(parts.own("contents.html", context, 2, 1).pages)
        if laid == contents_pages:
            break
        contents_pages = laid
    starts = _starts(contents_pages, counts)
    contact_page = starts[-1] + counts[-1]
    contact_doc = parts.own("contact.html", context, contact_page, 1)
    total = contact_page + len(contact_doc.pages) - 1
    documents = [
        parts.own("cover.html", context, 1, total),
        parts.own("contents.html", context, 2, total),
        *(
            parts.brief(brief, item, start, total)
            for brief, item, start in zip(job.briefs, rendered, starts, strict=True)
        ),
        parts.own("contact.html", context, contact_page, total),
    ]
    for document, expected in zip(documents[2:-1], counts, strict=True):
        if len(document.pages) != expected:
            raise BriefkitError("a brief changed length between the two layout passes")
    pages = [page for document in documents for page in document.pages]
    if job.marking:
        unmarked = [n for n, page in enumerate(pages, 1) if job.marking not in _shown(page)]
        if unmarked:
            raise BriefkitError(
                f"a layout leaves page {unmarked[0]} of the digest without its marking "
                f"({job.marking}); every page of a digest shows it (the built-in layouts print "
                "view.marking in the running header)"
            )
    pdf: bytes = documents[0].copy(pages).write_pdf()
    return LaidOutDigest(pdf, len(pages), tuple(context["digest"]["entries"]), contact_page)


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


def _starts(contents_pages: int, counts: Sequence[int]) -> list[int]:
    """The first page of each brief: after the cover and the contents."""
    starts = []
    page = 2 + contents_pages
    for count in counts:
        starts.append(page)
        page += count
    return starts
