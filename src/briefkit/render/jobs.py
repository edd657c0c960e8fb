"""What a render worker is asked to do and what a render gave back: small, picklable values.

A job crosses from the parent to a render worker (see :mod:`briefkit.render.protocol`), so it
holds only data (the parsed briefs, the brand, paths and options), never an open file or a cached
object. Two kinds: :class:`BriefJob` (one brief, as PDF, standalone HTML or PNG pages) and
:class:`DigestJob` (many briefs laid out into one PDF). This module imports neither WeasyPrint nor
anything heavy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefkit.desk.settings import DEFAULT_RENDER_LIMITS, RenderLimits
from briefkit.document.brief import DEFAULT_LIMITS, Brief, Limits
from briefkit.errors import BriefkitError
from briefkit.findings import Finding
from briefkit.render.brand import Brand
from briefkit.render.protocol import ContentsEntry
from briefkit.vocabulary import DEFAULT_DPI, OUTPUT_FORMATS, PAPER_SIZES, PDF_STANDARDS


@dataclass(frozen=True)
class BriefJob:
    """One brief to render, as a render worker receives it.

    ``formats`` are the outputs wanted, made from one layout: ``pdf``, ``html`` (standalone) and
    ``png`` (one image per page of that PDF). ``target`` is the file the parent writes (only for
    a job of one format; for PNG, ``name.png`` stands for the set ``name-1.png``,
    ``name-2.png``...); without one, the result carries the bytes. ``findings`` are the brief's
    lint findings, handed back in the result; the job is rendered as given, so lint it first (as
    :class:`~briefkit.Renderer` does). ``accept_warnings`` keeps the output even when WeasyPrint
    could not draw part of it.
    """

    brief: Brief
    brand: Brand
    target: Path | None = None
    formats: tuple[str, ...] = ("pdf",)
    paper: str = "a4"
    layout_name: str | None = None
    layout_dirs: tuple[Path, ...] = ()
    standard: str | None = None
    dpi: int = DEFAULT_DPI
    limits: RenderLimits = DEFAULT_RENDER_LIMITS
    accept_warnings: bool = False
    findings: tuple[Finding, ...] = ()
    roots: tuple[Path, ...] = ()
    """Folders besides the layouts and the brand's that resources may come from."""
    brief_limits: Limits = DEFAULT_LIMITS
    """The caps the brief was linted within (a desk's ``[limits]``): its figures are read within
    the same ones, so the render refuses no figure lint accepted."""

    def __post_init__(self) -> None:
        for output_format in self.formats:
            if output_format not in OUTPUT_FORMATS:
                raise BriefkitError(
                    f"unknown format {output_format!r}; use {', '.join(OUTPUT_FORMATS)}"
                )
        if not self.formats or len(set(self.formats)) != len(self.formats):
            raise BriefkitError(f"a render needs distinct formats, not {self.formats!r}")
        if self.target is not None and len(self.formats) != 1:
            raise BriefkitError("a render written to a file makes one format")
        if self.paper not in PAPER_SIZES:
            raise BriefkitError(
                f"unknown paper size {self.paper!r}; use one of {', '.join(PAPER_SIZES)}"
            )
        if self.standard is not None and self.standard not in PDF_STANDARDS:
            raise BriefkitError(
                f"unknown PDF standard {self.standard!r}; use {', '.join(PDF_STANDARDS)}"
            )

    @property
    def name(self) -> str:
        """How messages refer to the brief (its path, or ``-`` for standard input)."""
        return self.brief.path

    @property
    def output_format(self) -> str:
        """The first (for a job written to a file, the only) format."""
        return self.formats[0]

    @property
    def seconds(self) -> float:
        """The time limit of the job (of each of its parts)."""
        return self.limits.render_seconds

    @property
    def memory_mb(self) -> int:
        """The memory limit of the job."""
        return self.limits.render_memory_mb


MEMORY_PER_BRIEF_MB = 64
"""Memory a digest's layout may use per brief, on top of ``render-memory-mb``."""


@dataclass(frozen=True)
class DigestJob:
    """Many briefs laid out into one PDF (see :mod:`briefkit.publish.digest`), each brief in its
    own layout with the digest's ``marking``; ``texts`` are the digest's own words (``title``,
    ``period``, ``page``: the page label). Every layout pass of every brief is one part with the
    whole time limit. ``target`` is the file the parent writes; without one, the result carries
    the bytes."""

    members: tuple[tuple[Brief, Limits], ...]
    """Each brief, in order, with the caps it was linted within (a desk's ``[limits]``): its
    figures are read within its own."""
    brand: Brand
    title: str
    marking: str
    period: str
    page_label: str
    language: str = "en"
    target: Path | None = None
    paper: str = "a4"
    layout_dirs: tuple[Path, ...] = ()
    limits: RenderLimits = DEFAULT_RENDER_LIMITS
    findings: tuple[Finding, ...] = ()

    @property
    def briefs(self) -> tuple[Brief, ...]:
        """The briefs, in order."""
        return tuple(brief for brief, _ in self.members)

    @property
    def name(self) -> str:
        return "digest"

    formats = ("pdf",)
    standard = None
    accept_warnings = True

    @property
    def seconds(self) -> float:
        return self.limits.render_seconds

    @property
    def memory_mb(self) -> int:
        return self.limits.render_memory_mb + MEMORY_PER_BRIEF_MB * len(self.briefs)


Job = BriefJob | DigestJob


@dataclass(frozen=True)
class RenderResult:
    """What a render made: the files written (none when the bytes were asked for), the page
    count (0 for HTML alone), the non-blocking findings, and the documents' bytes when nothing
    was written (``pdf``, ``html``, ``png``: one image per page).

    ``warnings`` are what WeasyPrint warned about (and, with ``accept_warnings``, the content it
    could not draw); ``resources`` every URL the layout engine read, for audits. A digest also
    says where each brief starts (``contents``) and where its contact page is.
    """

    paths: tuple[Path, ...]
    pages: int
    findings: list[Finding]
    warnings: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    pdf: bytes | None = field(default=None, repr=False)
    html: bytes | None = field(default=None, repr=False)
    png: tuple[bytes, ...] = field(default=(), repr=False)
    contents: tuple[ContentsEntry, ...] = ()
    contact_page: int = 0

    @property
    def path(self) -> Path:
        """The file written (the first page's image, for PNG)."""
        return self.paths[0]

    @property
    def data(self) -> bytes:
        """The one document made (PDF, else HTML), for a render of one format to bytes."""
        document = self.pdf if self.pdf is not None else self.html
        if document is None:
            raise ValueError("this render made no single document (PNG pages are in .png)")
        return document
