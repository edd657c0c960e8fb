"""What an export starts from: the briefs under some paths, each lint-clean, and the publisher.

An export is whole or not written: a file that cannot be read or a brief with lint errors stops
it, with every finding, as a digest does.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from briefkit.desk.config import ConfigFinder
from briefkit.desk.repository import find_briefs
from briefkit.document.brief import Brief
from briefkit.errors import BriefkitError
from briefkit.export.stix import Publisher
from briefkit.findings import Finding, error_count, has_errors
from briefkit.publish.collection import normalise_site_url
from briefkit.render.brand import Brand
from briefkit.rules.lint import lint_with_config
from briefkit.wording import plural


def exportable_briefs(paths: Sequence[Path], finder: ConfigFinder, what: str) -> list[Brief]:
    """The briefs under ``paths``, loaded and linted under their configuration.

    Raises :class:`BriefkitError` (``what`` names the export in its message) when a file cannot
    be read, when no brief is found, or with the findings when any brief has lint errors.
    """
    found = find_briefs(paths, finder)
    if found.failed:
        first = found.failed[0]
        raise BriefkitError(
            f"{first.name}: {first.message}; no {what} was written", hint=first.hint
        )
    briefs = [brief for brief, _ in found.briefs]
    if not briefs:
        raise BriefkitError(f"no briefs found under {', '.join(str(path) for path in paths)}")
    findings: list[Finding] = []
    for brief, config in found.briefs:
        findings.extend(lint_with_config(brief, config))
    if has_errors(findings):
        count = error_count(findings)
        raise BriefkitError(f"{what} not written: {plural(count, 'error')} to fix first", findings)
    return briefs


def publisher_of(brand: Brand, site_url: str = "") -> Publisher:
    """The firm that publishes under ``brand``; a brief's address is on the desk's site when it
    has one (``site-url``), else the brand's ``brief_url``."""
    contact = brand.data.get("contact", {})
    parts = [str(contact[key]) for key in ("website", "email") if contact.get(key)]
    brief_url = str(brand.data.get("brief_url") or "")
    if site_url:
        brief_url = f"{normalise_site_url(site_url)}{{id}}.html"
    return Publisher(brand.name, " ".join(parts), brief_url)
