"""Lay out rendered HTML with WeasyPrint and write the PDF atomically.

A :class:`Renderer` holds what is expensive to build and the same for every document: the font
configuration (fonts are loaded once) and the parsed stylesheets (CSS is parsed once per file,
brand and paper size). Every resource WeasyPrint asks for goes through :class:`SandboxFetcher`.
"""

from __future__ import annotations

import contextlib
import io
import logging
import mimetypes
import signal
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from briefkit.document.brief import Brief, Limits
from briefkit.errors import BriefkitError
from briefkit.files import write_atomically
from briefkit.findings import Finding, has_errors
from briefkit.render.brand import Brand
from briefkit.render.css import brand_css, css_color, css_font_family, css_string
from briefkit.render.fonts import configure_fonts
from briefkit.render.html import PAPER_SIZES, RenderedHtml, render_html
from briefkit.render.view import View
from briefkit.rules.lint import DEFAULT_CONFIG, lint_brief
from briefkit.rules.model import LintConfig

# Before WeasyPrint loads Pango: a render sees briefkit's fonts only, never the machine's.
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
        "apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig"
    ) from None


def weasyprint_version() -> str:
    """The version of WeasyPrint in use."""
    return str(weasyprint.__version__)


LOGGER_NAMES = ("weasyprint", "fontTools")


class RenderTimeout(BaseException):
    """The render ran past its time limit. A BaseException, so that no ``except Exception`` inside
    WeasyPrint can swallow it."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`RenderTimeout` in this thread after ``seconds`` of wall time.

    Uses a real-time interval timer, so it works only in the main thread of a process on a POSIX
    system; elsewhere the render is not limited.
    """
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise RenderTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})


def _page_counter_content(label: str) -> str:
    """CSS ``content`` for a label like "Page {page} of {pages}"."""
    parts: list[str] = []
    rest = label
    while rest:
        index = rest.find("{")
        if index < 0:
            parts.append(css_string(rest))
            break
        if index:
            parts.append(css_string(rest[:index]))
        end = rest.find("}", index)
        name = rest[index + 1 : end]
        parts.append(f"counter({name})" if name in ("page", "pages") else css_string(name))
        rest = rest[end + 1 :]
    return " ".join(parts)


OUTPUT_FORMATS = {"pdf": ".pdf", "html": ".html", "png": ".png"}
"""Output formats and the suffix of their default file name."""
PDF_STANDARDS = ("pdf/ua-1", "pdf/a-3b")
"""PDF standards a render can conform to (WeasyPrint's PDF variants)."""


@dataclass(frozen=True)
class RenderResult:
    """What a render wrote: the files, the page count (0 for HTML), the non-blocking findings."""

    paths: tuple[Path, ...]
    pages: int
    findings: list[Finding]

    @property
    def path(self) -> Path:
        """The file written (the first page's image, for PNG)."""
        return self.paths[0]


@dataclass
class Renderer:
    """Renders briefs to PDF, reusing fonts and parsed stylesheets across documents."""

    layout_dirs: Sequence[Path] = ()
    lint_config: LintConfig = DEFAULT_CONFIG
    _font_config: Any = field(default=None, init=False, repr=False)
    _stylesheets: dict[tuple[str, ...], Any] = field(default_factory=dict, init=False, repr=False)

    @property
    def limits(self) -> Limits:
        return self.lint_config.limits

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
        key = ("file", str(path))
        if key not in self._stylesheets:
            self._stylesheets[key] = CSS(
                filename=str(path),
                font_config=self.font_config,
                url_fetcher=SandboxFetcher([path.parent]),
            )
        return self._stylesheets[key]

    def _brand_css(self, brand: Brand) -> Any:
        key = ("brand", str(brand.path))
        if key not in self._stylesheets:
            self._stylesheets[key] = CSS(
                string=brand_css(brand),
                font_config=self.font_config,
                url_fetcher=SandboxFetcher([brand.folder]),
            )
        return self._stylesheets[key]

    def _page_css(self, paper: str, view: View, brand: Brand) -> Any:
        page_label = view.page_label
        script_font = '"Noto Naskh Arabic", ' if view.direction == "rtl" else ""
        key = ("page", paper, page_label, script_font, str(brand.path))
        if key not in self._stylesheets:
            fonts = brand.data.get("fonts", {})
            body = css_font_family(str(fonts.get("body", "sans-serif")), "fonts.body")
            muted = css_color(str(brand.data["colors"]["muted"]), "colors.muted")
            css = (
                f"@page {{ size: {PAPER_SIZES[paper]}; @bottom-right {{ "
                f"content: {_page_counter_content(page_label)}; "
                f"color: {muted}; "
                f"font-family: {script_font}{body}; }} }}"
            )
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
    ) -> tuple[bytes, int]:
        """Lay out ``rendered``; return the PDF and its number of pages.

        ``standard`` is ``"pdf/ua-1"`` (tagged, for accessibility) or ``"pdf/a-3b"`` (archiving).
        """
        if paper not in PAPER_SIZES:
            raise BriefkitError(
                f"unknown paper size {paper!r}; use one of {', '.join(PAPER_SIZES)}"
            )
        fetcher = SandboxFetcher([*rendered.search_path, brand.folder, *roots])
        document = HTML(string=rendered.html, base_url=rendered.base_url, url_fetcher=fetcher)
        try:
            with time_limit(self.limits.render_seconds):
                laid_out = document.render(
                    stylesheets=self.stylesheets(rendered, brand, paper),
                    font_config=self.font_config,
                    pdf_tags=standard == "pdf/ua-1",
                )
                pdf: bytes = laid_out.write_pdf(pdf_variant=standard)
        except FatalURLFetchingError as exc:
            cause = exc.__cause__ or exc
            raise BriefkitError(f"rendering stopped: {cause}") from None
        except RenderTimeout:
            raise BriefkitError(
                f"rendering took longer than {self.limits.render_seconds:g} s and was stopped; "
                "nothing was written (raise the limit with --timeout)"
            ) from None
        return pdf, len(laid_out.pages)

    def render(
        self,
        brief: Brief,
        brand: Brand,
        output: Path | None = None,
        *,
        output_format: str = "pdf",
        paper: str = "a4",
        layout_name: str | None = None,
        findings: list[Finding] | None = None,
        standard: str | None = None,
        dpi: int = 96,
    ) -> RenderResult:
        """Lint ``brief``, render it as ``output_format`` and write the result atomically.

        ``pdf`` writes one PDF; ``html`` one self-contained HTML file; ``png`` one image per page
        (``name-1.png``, ``name-2.png``...). ``findings`` are the brief's lint findings when the
        caller has them already (with a repository's configuration applied); otherwise the brief
        is linted here. Raises :class:`BriefkitError` with the findings, writing nothing, when any
        is an error; findings below error level come back in the result.
        """
        if output_format not in OUTPUT_FORMATS:
            raise BriefkitError(
                f"unknown format {output_format!r}; use {', '.join(OUTPUT_FORMATS)}"
            )
        if standard is not None and standard not in PDF_STANDARDS:
            raise BriefkitError(
                f"unknown PDF standard {standard!r}; use {', '.join(PDF_STANDARDS)}"
            )
        if findings is None:
            findings = lint_brief(brief, self.lint_config)
        if has_errors(findings):
            count = sum(1 for finding in findings if finding.severity == "error")
            raise BriefkitError(
                f"{brief.path}: not rendered: {count} error{'s' * (count != 1)} to fix first",
                findings,
            )
        source = Path(brief.path).resolve() if brief.path != "-" else None
        target = output_path(brief.path, output, OUTPUT_FORMATS[output_format])
        roots = [source.parent] if source is not None else [Path.cwd()]
        layouts = self.layout_dirs
        if output_format == "html":
            from briefkit.render.standalone import standalone_html

            rendered = render_html(
                brief, brand, layout_name=layout_name, layout_dirs=layouts, inline_assets=True
            )
            html = standalone_html(rendered, brand)
            write_atomically(target, html.encode("utf-8"), protect=source)
            return RenderResult((target,), 0, findings)
        rendered = render_html(brief, brand, layout_name=layout_name, layout_dirs=layouts)
        pdf, pages = self.pdf_bytes(rendered, brand, paper, roots, standard=standard)
        if output_format == "pdf":
            write_atomically(target, pdf, protect=source)
            return RenderResult((target,), pages, findings)
        written = []
        for number, image in enumerate(page_images(pdf, dpi), start=1):
            page_path = target.with_name(f"{target.stem}-{number}{target.suffix}")
            write_atomically(page_path, image, protect=source)
            written.append(page_path)
        return RenderResult(tuple(written), pages, findings)

    def render_pdf(
        self,
        brief: Brief,
        brand: Brand,
        output: Path | None = None,
        *,
        paper: str = "a4",
        layout_name: str | None = None,
        findings: list[Finding] | None = None,
        standard: str | None = None,
    ) -> RenderResult:
        """:meth:`render` as a PDF."""
        return self.render(
            brief,
            brand,
            output,
            paper=paper,
            layout_name=layout_name,
            findings=findings,
            standard=standard,
        )


def page_images(pdf: bytes, dpi: int) -> list[bytes]:
    """Each page of ``pdf`` as PNG bytes at ``dpi`` (rendered by PDFium, no external program)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    images = []
    try:
        for page in document:
            bitmap = page.render(scale=dpi / 72)
            buffer = io.BytesIO()
            bitmap.to_pil().save(buffer, format="PNG", optimize=False)
            images.append(buffer.getvalue())
            bitmap.close()
            page.close()
    finally:
        document.close()
    return images


def output_path(brief_path: str, output: Path | None, suffix: str = ".pdf") -> Path:
    """Where the result goes: ``output``, or next to the brief with ``suffix``."""
    if output is not None:
        return output
    if brief_path == "-":
        raise BriefkitError("a brief read from standard input needs --output")
    return Path(brief_path).with_suffix(suffix)


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


def render_pdf(
    brief: Brief,
    brand: Brand,
    output: Path | None = None,
    *,
    paper: str = "a4",
    layout_name: str | None = None,
    layout_dirs: Sequence[Path] = (),
) -> Path:
    """Lint, render and write one brief with a one-off :class:`Renderer`; returns the PDF's path."""
    renderer = Renderer(layout_dirs=layout_dirs)
    result = renderer.render_pdf(brief, brand, output, paper=paper, layout_name=layout_name)
    return result.path
