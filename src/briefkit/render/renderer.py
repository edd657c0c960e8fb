"""Render a brief to PDF (or standalone HTML, or PNG pages): the library's one entry point.

:class:`Renderer` lints the brief here, then hands it to a render worker (a child process, see
:mod:`briefkit.render.pool`) that builds the HTML, lays it out with WeasyPrint and makes the
output, within the time and memory limits; the output is written here, atomically, once the
worker is done. Workers stay warm between renders (fonts and parsed stylesheets are loaded
once), so a batch pays one start. This module does not import WeasyPrint.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefkit.desk.settings import DEFAULT_RENDER_LIMITS, RenderLimits
from briefkit.document.brief import Brief
from briefkit.errors import BriefkitError, Hint
from briefkit.findings import Finding, error_count, has_errors
from briefkit.render.brand import Brand
from briefkit.render.jobs import BriefJob, RenderResult
from briefkit.render.pool import RenderPool
from briefkit.render.state import shared_pool
from briefkit.rules.lint import DEFAULT_CONFIG, lint_brief
from briefkit.rules.model import LintConfig
from briefkit.vocabulary import DEFAULT_DPI, OUTPUT_FORMATS, PDF_STANDARDS
from briefkit.wording import plural

__all__ = [
    "OUTPUT_FORMATS",
    "PDF_STANDARDS",
    "RenderResult",
    "Renderer",
    "output_path",
]


@dataclass
class Renderer:
    """Renders briefs in render workers, reusing the warm ones across documents.

    ``lint_config`` lints each brief (unless the caller passes its findings, linted under the
    same configuration); its ``limits`` are also the caps the worker reads figures within.
    ``limits`` cap each render (a desk's ``[limits]``, ``--timeout``); ``pool`` is where renders
    run, by default the process's shared single-worker pool (:mod:`briefkit.render.state`),
    started by the first render, not by making a ``Renderer``.

    :meth:`render` writes files; :meth:`render_bytes` hands the documents back and writes
    nothing anywhere (for a preview or a service).
    """

    layout_dirs: Sequence[Path] = ()
    lint_config: LintConfig = DEFAULT_CONFIG
    pool: RenderPool | None = field(default=None, repr=False, compare=False)
    limits: RenderLimits = DEFAULT_RENDER_LIMITS

    def start(self) -> None:
        """Start the pool's workers now (they load WeasyPrint while the caller lints)."""
        self._pool().start()

    def _pool(self) -> RenderPool:
        return self.pool if self.pool is not None else shared_pool()

    def job(
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
        dpi: int = DEFAULT_DPI,
        accept_warnings: bool = False,
        formats: Sequence[str] | None = None,
    ) -> BriefJob:
        """Lint ``brief`` and describe its render as a :class:`BriefJob` (for a pool).

        With ``formats``, the job makes those outputs as bytes (``output`` is not used);
        otherwise it writes ``output_format`` to ``output`` (by default beside the brief).
        Raises :class:`BriefkitError` with the findings when any is an error.
        """
        if findings is None:
            findings = lint_brief(brief, self.lint_config)
        if has_errors(findings):
            count = plural(error_count(findings), "error")
            raise BriefkitError(f"{brief.path}: not rendered: {count} to fix first", findings)
        if formats is None:
            target: Path | None = output_path(
                brief.path, output, OUTPUT_FORMATS.get(output_format, "")
            )
            formats = (output_format,)
        else:
            target = None
        return BriefJob(
            brief=brief,
            brand=brand,
            target=target,
            formats=tuple(formats),
            paper=paper,
            layout_name=layout_name,
            layout_dirs=tuple(Path(folder) for folder in self.layout_dirs),
            standard=standard,
            dpi=dpi,
            limits=self.limits,
            accept_warnings=accept_warnings,
            findings=tuple(findings),
            roots=(Path.cwd(),),
            brief_limits=self.lint_config.limits,
        )

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
        dpi: int = DEFAULT_DPI,
        accept_warnings: bool = False,
    ) -> RenderResult:
        """Lint ``brief``, render it as ``output_format`` in a worker and write the result.

        ``pdf`` writes one PDF; ``html`` one self-contained HTML file; ``png`` one image per page
        (``name-1.png``, ``name-2.png``...). ``findings`` are the brief's lint findings when the
        caller has them already (with a repository's configuration applied); otherwise the brief
        is linted here. Raises :class:`BriefkitError`, writing nothing, when a finding is an
        error, the render passes a limit, or WeasyPrint could not draw part of the document
        (unless ``accept_warnings``); findings below error level come back in the result.
        """
        job = self.job(
            brief,
            brand,
            output,
            output_format=output_format,
            paper=paper,
            layout_name=layout_name,
            findings=findings,
            standard=standard,
            dpi=dpi,
            accept_warnings=accept_warnings,
        )
        return self._pool().render(job)

    def render_bytes(
        self,
        brief: Brief,
        brand: Brand,
        *,
        formats: Sequence[str] = ("pdf",),
        paper: str = "a4",
        layout_name: str | None = None,
        findings: list[Finding] | None = None,
        standard: str | None = None,
        dpi: int = DEFAULT_DPI,
        accept_warnings: bool = False,
    ) -> RenderResult:
        """Lint ``brief`` and render it in a worker to each of ``formats``, from one layout;
        write nothing. The result's ``pdf``, ``html`` and ``png`` (one image per page of that
        PDF) hold the documents asked for; ``paths`` is empty.

        Raises :class:`BriefkitError` as :meth:`render` does (a
        :class:`~briefkit.errors.RenderLimitError` when the render passed a limit).
        """
        job = self.job(
            brief,
            brand,
            paper=paper,
            layout_name=layout_name,
            findings=findings,
            standard=standard,
            dpi=dpi,
            accept_warnings=accept_warnings,
            formats=formats,
        )
        return self._pool().render(job)


def output_path(brief_path: str, output: Path | None, suffix: str = ".pdf") -> Path:
    """Where the result goes: ``output``, or next to the brief with ``suffix``."""
    if output is not None:
        return output
    if brief_path == "-":
        raise BriefkitError("a brief read from standard input needs an output", hint=Hint.OUTPUT)
    return Path(brief_path).with_suffix(suffix)
