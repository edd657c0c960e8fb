"""briefkit: write security-analysis briefs as JSON, check them, publish them as branded PDFs.

The core is a library: load, validate, lint and render return values and raise
:class:`BriefkitError` for anything a user can fix. Importing ``briefkit`` does not import
WeasyPrint; :func:`render_pdf` and :class:`Renderer` load it on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from briefkit.document.brand import Brand, load_brand
from briefkit.document.brief import Brief, Limits, load_brief, parse_brief
from briefkit.errors import BriefkitError
from briefkit.findings import Finding, Severity
from briefkit.rules.lint import lint_brief
from briefkit.rules.structure import RULES, LintConfig, Rule
from briefkit.validation.schema import validate_brief

if TYPE_CHECKING:
    from briefkit.render.pdf import Renderer, render_pdf

__all__ = [
    "RULES",
    "Brand",
    "Brief",
    "BriefkitError",
    "Finding",
    "Limits",
    "LintConfig",
    "Renderer",
    "Rule",
    "Severity",
    "__version__",
    "lint_brief",
    "load_brand",
    "load_brief",
    "parse_brief",
    "render_pdf",
    "validate_brief",
]


def __getattr__(name: str) -> Any:
    if name in ("Renderer", "render_pdf"):
        from briefkit.render import pdf

        return getattr(pdf, name)
    raise AttributeError(f"module 'briefkit' has no attribute {name!r}")
