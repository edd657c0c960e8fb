"""Lint text that is not saved yet: an editor's buffer, with the other open buffers overlaid.

The editor server (and any tool holding unsaved text) asks what ``briefkit check`` would say of
one brief if its file held ``text`` and the other open briefs held theirs: the brief's own
findings under the configuration nearest its path, and the rules across briefs over the whole
desk, reported on this brief only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from briefkit.check.judging import collection_findings, judge
from briefkit.desk.config import ConfigFinder
from briefkit.desk.discovery import repository_root
from briefkit.desk.repository import context_briefs, path_key, slim
from briefkit.document.brief import Brief, parse_brief
from briefkit.errors import BriefkitError
from briefkit.findings import Finding
from briefkit.rules.lint import apply_config, lint_findings


def lint_text(
    text: str,
    path: str | os.PathLike[str],
    overlay: Mapping[str, str] | None = None,
    *,
    finder: ConfigFinder | None = None,
) -> list[Finding]:
    """Every finding for ``text`` as the brief at ``path``, sorted; ``overlay`` maps the paths
    of other open briefs to their unsaved text, read instead of their files.

    Positions count code points; :class:`~briefkit.findings.Fix` objects on the findings are
    the quick fixes. Raises :class:`BriefkitError` only for a broken configuration.
    """
    finder = finder if finder is not None else ConfigFinder()
    name = os.fspath(path)
    config = finder.for_path(Path(name))
    limits = config.lint.limits
    try:
        brief = parse_brief(_encoded(text), name, limits)
    except BriefkitError as error:
        if not error.findings:
            raise
        return sorted(apply_config(error.findings, config, Path(name)), key=_order)
    findings = lint_findings(brief, config.lint)
    overlaid: list[Brief] = []
    for other, other_text in (overlay or {}).items():
        if path_key(other) == path_key(name):
            continue
        try:
            overlaid.append(slim(parse_brief(_encoded(other_text), other, limits)))
        except BriefkitError:
            continue  # an open buffer that does not parse links nothing
    root = repository_root(Path(name).parent if Path(name).parent.exists() else Path(), finder)
    checked = {path_key(name), *(path_key(other) for other in overlay or {})}
    context = context_briefs([root] if root else [], finder, checked, tracked_only=False)
    others = [*context, *overlaid]
    findings.extend(f for f in collection_findings([brief], others) if f.file == brief.path)
    judged = judge(findings, [brief], others, {name: config}, finder, collection=True)
    return sorted(judged, key=_order)


def _encoded(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _order(finding: Finding) -> tuple[str, int, int, str]:
    return finding.sort_key
