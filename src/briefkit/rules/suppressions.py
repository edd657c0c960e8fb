"""Suppressions a brief writes for itself in ``x-briefkit.ignore``, and the rule for stale ones."""

from __future__ import annotations

from collections.abc import Iterator

from briefkit.document.brief import Brief
from briefkit.document.jsonsource import JsonPath
from briefkit.findings import Finding, Rule, Severity

UNUSED_SUPPRESSION = Rule(
    "BK190",
    "unused-suppression",
    Severity.WARNING,
    "A suppression in the brief matches no finding.",
    "A brief can switch rules off for itself in x-briefkit.ignore, with a reason. When the "
    "text changes and the rule no longer fires, the suppression is stale and would hide the "
    "next real problem, so it is reported.",
    '{"x-briefkit": {"ignore": [{"code": "BK153", "reason": "one-line flash"}]}}',
    '{"executive_summary": ["Tiani visited Bamako."], '
    '"x-briefkit": {"ignore": [{"code": "BK153", "reason": "one-line flash"}]}}',
)

RULES: tuple[Rule, ...] = (UNUSED_SUPPRESSION,)


def _suppressions(brief: Brief) -> Iterator[tuple[str, JsonPath]]:
    settings = brief.data.get("x-briefkit")
    entries = settings.get("ignore") if isinstance(settings, dict) else None
    for index, entry in enumerate(entries if isinstance(entries, list) else ()):
        code = entry.get("code") if isinstance(entry, dict) else entry
        if isinstance(code, str):
            yield code, ("x-briefkit", "ignore", index)


def apply_suppressions(brief: Brief, findings: list[Finding]) -> list[Finding]:
    """``findings`` less those the brief suppresses, plus one finding per stale suppression."""
    suppressed = dict(_suppressions(brief))
    if not suppressed:
        return findings
    kept = [finding for finding in findings if finding.code not in suppressed]
    used = {finding.code for finding in findings}
    rule = UNUSED_SUPPRESSION
    for code, path in suppressed.items():
        if code not in used:
            message = f"x-briefkit ignores {code}, but this brief has no {code} finding; remove it"
            kept.append(brief.finding(rule, message, path))
    return kept
