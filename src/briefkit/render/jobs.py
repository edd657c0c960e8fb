"""What a render is asked to do and what it gave back: small, picklable values.

A :class:`RenderJob` crosses from the parent to a render worker (see :mod:`briefkit.render.pool`),
so it holds only data (the parsed brief, the brand, paths and options), never an open file or a
cached object. This module imports neither WeasyPrint nor anything heavy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefkit.desk.settings import DEFAULT_RENDER_LIMITS, RenderLimits
from briefkit.document.brief import Brief
from briefkit.errors import BriefkitError
from briefkit.findings import Finding
from briefkit.render.brand import Brand

OUTPUT_FORMATS = {"pdf": ".pdf", "html": ".html", "png": ".png"}
"""Output formats and the suffix of their default file name."""
PDF_STANDARDS = ("pdf/ua-1", "pdf/a-3b")
"""PDF standards a render can conform to (WeasyPrint's PDF variants)."""


@dataclass(frozen=True)
class RenderJob:
    """One brief to render, as a render worker receives it.

    ``target`` is the file to write (for PNG, ``name.png`` stands for the set ``name-1.png``,
    ``name-2.png``...). ``findings`` are the brief's lint findings, handed back in the result;
    the job is rendered as given, so lint it first (as :class:`~briefkit.Renderer` does).
    ``accept_warnings`` writes the output even when WeasyPrint could not draw part of it.
    """

    brief: Brief
    brand: Brand
    target: Path
    output_format: str = "pdf"
    paper: str = "a4"
    layout_name: str | None = None
    layout_dirs: tuple[Path, ...] = ()
    standard: str | None = None
    dpi: int = 96
    limits: RenderLimits = DEFAULT_RENDER_LIMITS
    accept_warnings: bool = False
    findings: tuple[Finding, ...] = ()
    roots: tuple[Path, ...] = ()
    """Folders besides the layouts and the brand's that resources may come from."""
    staging: Path | None = None
    """Set by the pool: the private folder where the worker writes a PNG set."""

    def __post_init__(self) -> None:
        if self.output_format not in OUTPUT_FORMATS:
            raise BriefkitError(
                f"unknown format {self.output_format!r}; use {', '.join(OUTPUT_FORMATS)}"
            )
        if self.standard is not None and self.standard not in PDF_STANDARDS:
            raise BriefkitError(
                f"unknown PDF standard {self.standard!r}; use {', '.join(PDF_STANDARDS)}"
            )

    @property
    def name(self) -> str:
        """How messages refer to the brief (its path, or ``-`` for standard input)."""
        return self.brief.path

    def page_path(self, number: int) -> Path:
        """Where page ``number`` of a PNG set goes: ``name-N.png`` beside ``target``."""
        return self.target.with_name(f"{self.target.stem}-{number}{self.target.suffix}")


@dataclass(frozen=True)
class RenderResult:
    """What a render wrote: the files, the page count (0 for HTML), the non-blocking findings.

    ``warnings`` are what WeasyPrint warned about (and, with ``accept_warnings``, the content it
    could not draw); ``resources`` every URL the layout engine read, for audits.
    """

    paths: tuple[Path, ...]
    pages: int
    findings: list[Finding]
    warnings: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        """The file written (the first page's image, for PNG)."""
        return self.paths[0]
