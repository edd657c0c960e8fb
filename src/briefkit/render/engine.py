"""The layout engine: WeasyPrint lays out rendered HTML and writes PDF, PNG or HTML bytes.

This module runs only inside a render worker (:mod:`briefkit.render.worker`); the parent process
never imports it, so a render can be killed at its limits and WeasyPrint's start-up cost is paid
once per worker. An :class:`Engine` holds what is expensive to build and the same for every
document: the font configuration (fonts are loaded once) and the parsed stylesheets (CSS is parsed
once per file, brand and paper size). Every resource WeasyPrint asks for goes through
:class:`SandboxFetcher`.
"""

from __future__ import annotations

import contextlib
import io
import logging
import mimetypes
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from briefkit.errors import BriefkitError, Hint, RenderLimitError
from briefkit.files import stamp
from briefkit.render.brand import Brand
from briefkit.render.css import brand_css, page_number_rule
from briefkit.render.html import RenderedHtml, render_html
from briefkit.render.jobs import BriefJob, DigestJob
from briefkit.render.protocol import ContentsEntry
from briefkit.render.view import View
from briefkit.vocabulary import PAPER_SIZES
from briefkit.wording import INSTALL_SYSTEM_LIBRARIES

# Importing this module sets no font environment (that is the worker's first step, see
# :func:`briefkit.render.worker._load_engine`): ``doctor`` imports it only to ask for a version.
_banner = io.StringIO()
try:
    # WeasyPrint prints a multi-line banner on stdout before raising when a system library is
    # missing; keep it out of the user's terminal and say it in one line instead.
    with contextlib.redirect_stdout(_banner):
        import weasyprint
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse
except OSError as exc:
    raise BriefkitError(
        f"WeasyPrint cannot load a system library ({exc}); on Debian or Ubuntu install them with: "
        f"{INSTALL_SYSTEM_LIBRARIES}"
    ) from None


def weasyprint_version() -> str:
    """The version of WeasyPrint in use."""
    return str(weasyprint.__version__)


LOGGER_NAMES = ("weasyprint", "fontTools")


class BlockedResource(FatalURLFetchingError):  # type: ignore[misc]
    """A resource outside the sandbox was requested; rendering stops."""


class SandboxFetcher(URLFetcher):  # type: ignore[misc]
    """Serves ``data:`` URIs and regular files inside the allowed roots, and nothing else.

    Paths are resolved (symlinks and ``..``) before the check, so a link inside a root that
    points outside it is refused. No network scheme is ever opened.
    """

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__(allowed_protocols=("data", "file"), fail_on_errors=True)
        self.roots = tuple(root.resolve() for root in roots)
        self.fetched: list[str] = []
        """Every file served, as a ``file:`` URL."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise BlockedResource(f"refused to fetch {url!r}: only local files and data: URIs")
        path = Path(unquote(urlsplit(url).path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise BlockedResource(f"refused to read {path}: outside the allowed folders")
        if not path.is_file():
            raise BlockedResource(f"missing resource {path}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self.fetched.append(path.as_uri())
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})


@dataclass(frozen=True)
class EngineOutput:
    """What the engine made of one job.

    ``documents`` are the outputs in the order of the job's formats (one PDF, one HTML document,
    one PNG image per page); ``lost`` what WeasyPrint could not draw (its error-level log lines),
    ``warnings`` its other warnings, ``resources`` every file it read; a digest's ``contents``
    and ``contact_page`` say where its parts start.
    """

    pages: int
    documents: tuple[bytes, ...] = ()
    warnings: tuple[str, ...] = ()
    lost: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    contents: tuple[ContentsEntry, ...] = ()
    contact_page: int = 0


@dataclass
class Engine:
    """Lays out briefs with WeasyPrint, reusing fonts and parsed stylesheets across documents."""

    _font_config: Any = field(default=None, init=False, repr=False)
    _stylesheets: dict[tuple[object, ...], Any] = field(
        default_factory=dict, init=False, repr=False
    )

    @property
    def font_config(self) -> Any:
        if self._font_config is None:
            self._font_config = FontConfiguration()
        return self._font_config

    def stylesheets(self, rendered: RenderedHtml, brand: Brand, paper: str) -> list[Any]:
        """Fonts, the layout's stylesheet, the brand's values and the page setup, all cached."""
        sheets = [self.file_css(path) for path in rendered.shared_stylesheets]
        sheets.append(self.file_css(rendered.layout.stylesheet))
        sheets.append(self.brand_stylesheet(brand))
        sheets.append(self._page_css(paper, rendered.view, brand))
        return sheets

    def file_css(self, path: Path) -> Any:
        """The stylesheet in ``path``, parsed once (and again once the file is edited); it may
        read files beside it."""
        key = ("file", str(path), stamp(path))
        if key not in self._stylesheets:
            self._stylesheets[key] = CSS(
                filename=str(path),
                font_config=self.font_config,
                url_fetcher=SandboxFetcher([path.parent]),
            )
        return self._stylesheets[key]

    def brand_stylesheet(self, brand: Brand) -> Any:
        """The brand's colours and fonts as a stylesheet (it may read the brand's folder)."""
        css = brand_css(brand)
        key = ("brand", str(brand.folder), css)
        if key not in self._stylesheets:
            self._stylesheets[key] = CSS(
                string=css,
                font_config=self.font_config,
                url_fetcher=SandboxFetcher([brand.folder]),
            )
        return self._stylesheets[key]

    def string_css(self, css: str) -> Any:
        """A stylesheet of briefkit's own making, parsed once; it reads no file."""
        key = ("string", css)
        if key not in self._stylesheets:
            self._stylesheets[key] = CSS(
                string=css, font_config=self.font_config, url_fetcher=SandboxFetcher([])
            )
        return self._stylesheets[key]

    def _page_css(self, paper: str, view: View, brand: Brand) -> Any:
        script_font = '"Noto Naskh Arabic", ' if view.direction == "rtl" else ""
        css = page_number_rule(PAPER_SIZES[paper], view.page_label, brand, script_font=script_font)
        return self.string_css(css)

    def lay_out(
        self, html: str, base_url: str, roots: Sequence[Path], stylesheets: list[Any]
    ) -> Any:
        """Lay out ``html`` with ``stylesheets``, resources read from ``roots`` only; the
        WeasyPrint document (for a digest, which joins the pages of several)."""
        fetcher = SandboxFetcher(roots)
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        try:
            return document.render(stylesheets=stylesheets, font_config=self.font_config)
        except FatalURLFetchingError as exc:
            cause = exc.__cause__ or exc
            raise BriefkitError(f"rendering stopped: {cause}") from None

    def pdf_bytes(
        self,
        rendered: RenderedHtml,
        brand: Brand,
        paper: str,
        roots: Sequence[Path] = (),
        *,
        standard: str | None = None,
        fetched: list[str] | None = None,
    ) -> tuple[bytes, int]:
        """Lay out ``rendered``; return the PDF and its number of pages.

        ``standard`` is ``"pdf/ua-1"`` (tagged, for accessibility) or ``"pdf/a-3b"`` (archiving).
        The files read are appended to ``fetched``.
        """
        if paper not in PAPER_SIZES:
            raise BriefkitError(
                f"unknown paper size {paper!r}; use one of {', '.join(PAPER_SIZES)}"
            )
        fetcher = SandboxFetcher([*rendered.search_path, brand.folder, *roots])
        document = HTML(string=rendered.html, base_url=rendered.base_url, url_fetcher=fetcher)
        try:
            laid_out = document.render(
                stylesheets=self.stylesheets(rendered, brand, paper),
                font_config=self.font_config,
                pdf_tags=standard == "pdf/ua-1",
            )
            pdf: bytes = laid_out.write_pdf(pdf_variant=standard)
        except FatalURLFetchingError as exc:
            cause = exc.__cause__ or exc
            raise BriefkitError(f"rendering stopped: {cause}") from None
        finally:
            if fetched is not None:
                fetched.extend(fetcher.fetched)
        return pdf, len(laid_out.pages)

    def run(
        self, job: BriefJob | DigestJob, progress: Callable[[int], None] = lambda part: None
    ) -> EngineOutput:
        """Make what ``job`` (already linted) asks for; ``progress(n)`` is called as part ``n``
        of a job of several parts starts. Raises :class:`BriefkitError` for what the user can
        fix."""
        if isinstance(job, DigestJob):
            from briefkit.render.digest import lay_out_digest

            with captured_warnings() as records:
                digest = lay_out_digest(self, job, progress)
            return _output(
                digest.pages,
                records,
                [],
                (digest.pdf,),
                contents=digest.contents,
                contact_page=digest.contact_page,
            )
        return self._run_brief(job)

    def _run_brief(self, job: BriefJob) -> EngineOutput:
        source = Path(job.brief.path).resolve() if job.brief.path != "-" else None
        roots = [source.parent] if source is not None else list(job.roots)
        fetched: list[str] = []
        documents: list[bytes] = []
        pages = 0
        with captured_warnings() as records:
            pdf: bytes | None = None
            if "pdf" in job.formats or "png" in job.formats:
                rendered = render_html(
                    job.brief,
                    job.brand,
                    layout_name=job.layout_name,
                    layout_dirs=job.layout_dirs,
                    limits=job.brief_limits,
                )
                pdf, pages = self.pdf_bytes(
                    rendered, job.brand, job.paper, roots, standard=job.standard, fetched=fetched
                )
            for output_format in job.formats:
                if output_format == "pdf" and pdf is not None:
                    documents.append(pdf)
                elif output_format == "png" and pdf is not None:
                    check_pixels(pdf, job.dpi, job.limits.max_png_pixels)
                    documents.extend(page_images(pdf, job.dpi))
                elif output_format == "html":
                    documents.append(self._standalone(job))
            return _output(pages, records, fetched, tuple(documents))

    @staticmethod
    def _standalone(job: BriefJob) -> bytes:
        from briefkit.render.standalone import standalone_html

        rendered = render_html(
            job.brief,
            job.brand,
            layout_name=job.layout_name,
            layout_dirs=job.layout_dirs,
            inline_assets=True,
            limits=job.brief_limits,
        )
        return standalone_html(rendered, job.brand).encode("utf-8")


def _output(
    pages: int,
    records: list[logging.LogRecord],
    fetched: list[str],
    documents: tuple[bytes, ...],
    *,
    contents: tuple[ContentsEntry, ...] = (),
    contact_page: int = 0,
) -> EngineOutput:
    lost = tuple(r.getMessage() for r in records if r.levelno >= logging.ERROR)
    warnings = tuple(r.getMessage() for r in records if r.levelno < logging.ERROR)
    return EngineOutput(pages, documents, warnings, lost, tuple(fetched), contents, contact_page)


def check_pixels(pdf: bytes, dpi: int, max_pixels: int | None) -> None:
    """Refuse a PNG set whose pages at ``dpi`` hold more than ``max_pixels`` pixels, before
    any page is drawn."""
    if max_pixels is None:
        return
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        scale = dpi / 72
        total = 0
        for index in range(len(document)):
            width, height = document.get_page_size(index)
            total += round(width * scale) * round(height * scale)
        if total > max_pixels:
            raise RenderLimitError(
                f"{len(document)} pages at {dpi} dpi are {total:,} pixels; a PNG set may "
                f"have at most {max_pixels:,}",
                hint=Hint.MAX_PNG_PIXELS,
            )
    finally:
        document.close()


def page_images(pdf: bytes, dpi: int) -> Iterator[bytes]:
    """Each page of ``pdf`` as PNG bytes at ``dpi`` (rendered by PDFium, no external program)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        scale = dpi / 72
        for page in document:
            bitmap = page.render(scale=scale)
            buffer = io.BytesIO()
            bitmap.to_pil().save(buffer, format="PNG", optimize=False)
            bitmap.close()
            page.close()
            yield buffer.getvalue()
    finally:
        document.close()


@contextlib.contextmanager
def captured_warnings() -> Iterator[list[logging.LogRecord]]:
    """Collect what WeasyPrint logs at warning level or above during a render."""
    records: list[logging.LogRecord] = []

    class _Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = _Collector(logging.WARNING)
    loggers = [logging.getLogger(name) for name in LOGGER_NAMES]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield records
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
