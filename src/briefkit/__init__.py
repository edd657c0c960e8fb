"""briefkit: write security-analysis briefs as JSON, check them, publish them as branded PDFs.

The core is a library: load, validate, lint and render return values and raise
:class:`BriefkitError` for anything a user can fix. Importing ``briefkit`` does not import
WeasyPrint; every name below is loaded on first use (:class:`Renderer` loads WeasyPrint in its
worker process).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefkit.errors import BriefkitError
from briefkit.version import __version__

if TYPE_CHECKING:
    from briefkit.check.buffers import lint_text
    from briefkit.check.runner import CheckResult, check_paths
    from briefkit.desk.config import ConfigFinder
    from briefkit.document.brief import Brief, Limits, load_brief, parse_brief
    from briefkit.findings import Edit, Finding, Fix, Rule, Severity
    from briefkit.render.brand import Brand, load_brand
    from briefkit.render.renderer import Renderer, RenderResult
    from briefkit.rules.catalogue import RULES
    from briefkit.rules.lint import lint_brief
    from briefkit.rules.model import LintConfig
    from briefkit.validation.schema import validate_brief

__all__ = [
    "RULES",
    "Brand",
    "Brief",
    "BriefkitError",
    "CheckResult",
    "ConfigFinder",
    "Edit",
    "Finding",
    "Fix",
    "Limits",
    "LintConfig",
    "RenderResult",
    "Renderer",
    "Rule",
    "Severity",
    "__version__",
    "check_paths",
    "lint_brief",
    "lint_text",
    "load_brand",
    "load_brief",
    "parse_brief",
    "validate_brief",
]


_LAZY = {
    "Brief": "briefkit.document.brief",
    "Limits": "briefkit.document.brief",
    "load_brief": "briefkit.document.brief",
    "parse_brief": "briefkit.document.brief",
    "Edit": "briefkit.findings",
    "Finding": "briefkit.findings",
    "Fix": "briefkit.findings",
    "Rule": "briefkit.findings",
    "Severity": "briefkit.findings",
    "RULES": "briefkit.rules.catalogue",
    "lint_brief": "briefkit.rules.lint",
    "LintConfig": "briefkit.rules.model",
    "validate_brief": "briefkit.validation.schema",
    "Brand": "briefkit.render.brand",
    "load_brand": "briefkit.render.brand",
    "Renderer": "briefkit.render.renderer",
    "RenderResult": "briefkit.render.renderer",
    "CheckResult": "briefkit.check.runner",
    "ConfigFinder": "briefkit.desk.config",
    "check_paths": "briefkit.check.runner",
    "lint_text": "briefkit.check.buffers",
}
"""Loaded on first use, so that ``import briefkit`` (which every module of the package, the
render worker's included, goes through) loads nothing it does not need: no lint catalogue in a
render worker, no WeasyPrint in ``lint``."""


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'briefkit' has no attribute {name!r}")
