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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from briefkit.errors import BriefkitError
from briefkit.files import stamp
from briefkit.render.brand import Brand
from briefkit.render.css import brand_css, page_number_rule
from briefkit.render.fonts import configure_fonts
from briefkit.render.html import PAPER_SIZES, RenderedHtml, render_html
from briefkit.render.jobs import RenderJob
from briefkit.render.view import View
from briefkit.wording import INSTALL_SYSTEM_LIBRARIES

# Before WeasyPrint loads Pango: a render sees briefkit's fonts only, never the machine's. The
# worker does this first thing too; here it also covers an in-process import (``doctor``).
configure_fonts()

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

    ``data`` is the PDF or HTML document (``None`` for PNG, whose pages are ``files`` in the job's
    staging folder); ``lost`` what WeasyPrint could not draw (its error-level log lines),
    ``warnings`` its other warnings, ``resources`` every file it read.
    """

    pages: int
    data: bytes | None = None
    files: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    lost: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()


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
        sheets = [self._file_css(path) for path in rendered.shared_stylesheets]
        sheets.append(self._file_css(rendered.layout.stylesheet))
        sheets.append(self._brand_css(brand))
        sheets.append(self._page_css(paper, rendered.view, brand))
        return sheets

    def _file_css(self, path: Path) -> Any:
        key = ("file", str(path), stamp(path))  # parsed again once the file is edited
        if key not in self._stylesheets:
            self._stylesheets[key] = CSS(
                filename=str(path),
                font_config=self.font_config,
                url_fetcher=SandboxFetcher([path.parent]),
            )
        return self._stylesheets[key]

    def _brand_css(self, brand: Brand) -> Any:
        css = brand_css(brand)
        key = ("brand", str(brand.folder), css)
        if key not in self._stylesheets:
            self._stylesheets[key] = CSS(
                string=css,
                font_config=self.font_config,
                url_fetcher=SandboxFetcher([brand.folder]),
            )
        return self._stylesheets[key]

    def _page_css(self, paper: str, view: View, brand: Brand) -> Any:
        script_font = '"Noto Naskh Arabic", ' if view.direction == "rtl" else ""
        css = page_number_rule(PAPER_SIZES[paper], view.page_label, brand, script_font=script_font)
        key = ("page", css)
        if key not in self._stylesheets:
            self._stylesheets[key] = CSS(
                string=css, font_config=self.font_config, url_fetcher=SandboxFetcher([])
            )
        return self._stylesheets[key]

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

    def run(self, job: RenderJob) -> EngineOutput:
        """Render ``job`` (already linted): HTML, then the layout and the output bytes.

        A PNG set is written into ``job.staging``, one file per page; PDF and HTML come back as
        bytes for the parent to write. Raises :class:`BriefkitError` for what the user can fix.
        """
        source = Path(job.brief.path).resolve() if job.brief.path != "-" else None
        roots = [source.parent] if source is not None else list(job.roots)
        fetched: list[str] = []
        with captured_warnings() as records:
            if job.output_format == "html":
                from briefkit.render.standalone import standalone_html

                rendered = render_html(
                    job.brief,
                    job.brand,
                    layout_name=job.layout_name,
                    layout_dirs=job.layout_dirs,
                    inline_assets=True,
                )
                data = standalone_html(rendered, job.brand).encode("utf-8")
                return _output(0, records, fetched, data=data)
            rendered = render_html(
                job.brief, job.brand, layout_name=job.layout_name, layout_dirs=job.layout_dirs
            )
            pdf, pages = self.pdf_bytes(
                rendered, job.brand, job.paper, roots, standard=job.standard, fetched=fetched
            )
            if job.output_format == "pdf":
                return _output(pages, records, fetched, data=pdf)
            if job.staging is None:
                raise BriefkitError("a PNG render needs a staging folder")  # the pool sets it
            files = []
            images = page_images(pdf, job.dpi, job.limits.max_png_pixels)
            for number, image in enumerate(images, start=1):
                name = job.page_path(number).name
                (job.staging / name).write_bytes(image)
                files.append(name)
            return _output(pages, records, fetched, files=tuple(files))


def _output(
    pages: int,
    records: list[logging.LogRecord],
    fetched: list[str],
    *,
    data: bytes | None = None,
    files: tuple[str, ...] = (),
) -> EngineOutput:
    lost = tuple(r.getMessage() for r in records if r.levelno >= logging.ERROR)
    warnings = tuple(r.getMessage() for r in records if r.levelno < logging.ERROR)
    return EngineOutput(pages, data, files, warnings, lost, tuple(fetched))


def page_images(pdf: bytes, dpi: int, max_pixels: int | None = None) -> Iterator[bytes]:
    """Each page of ``pdf`` as PNG bytes at ``dpi`` (rendered by PDFium, no external program).

    With ``max_pixels``, the whole set is measured first and refused when its pages hold more
    pixels than that, before any page is drawn.
    """
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        scale = dpi / 72
        if max_pixels is not None:
            total = 0
            for index in range(len(document)):
                width, height = document.get_page_size(index)
                total += round(width * scale) * round(height * scale)
            if total > max_pixels:
                raise BriefkitError(
                    f"{len(document)} pages at {dpi} dpi are {total:,} pixels; a PNG set may "
                    f"have at most {max_pixels:,} (lower --dpi, or raise max-png-pixels)"
                )
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
