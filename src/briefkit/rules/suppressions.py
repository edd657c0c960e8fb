"""Suppressions a brief writes for itself in ``x-briefkit.ignore``, and the rule for stale ones."""

from __future__ import annotations

from collections.abc import Iterator

from briefkit.document.brief import Brief
from briefkit.document.jsonsource import JsonPath
from briefkit.findings import UNSILENCEABLE, Finding, Rule, Severity

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

UNSILENCEABLE_SUPPRESSION = Rule(
    "BK191",
    "unsilenceable-suppression",
    Severity.ERROR,
    "A suppression names a rule that protects rendering and publishing.",
    "Rendering and publishing rely on some rules holding: value types (BK011), required parts "
    "(BK013), allowed values such as the TLP marking (BK014), formats such as the id that names "
    "output files (BK015), link targets (BK130) and figures (BK140). None of them can be "
    "suppressed, in x-briefkit.ignore or in the configuration; naming one exactly is this error "
    "(itself not suppressible), and a code prefix such as BK0 passes over them. Fix the value "
    "instead.",
    '{"id": "../x", "x-briefkit": {"ignore": [{"code": "BK015", "reason": "legacy id"}]}}',
    '{"id": "niger-mali-2025"}',
)

RULES: tuple[Rule, ...] = (UNUSED_SUPPRESSION, UNSILENCEABLE_SUPPRESSION)


def silenceable(code: str) -> bool:
    """Whether a suppression (a code or a prefix) may silence findings of ``code``."""
    return code not in UNSILENCEABLE


def _unsilenceable(brief: Brief, code: str, path: JsonPath) -> Finding:
    message = (
        f"x-briefkit ignores {code}, which cannot be suppressed: rendering and publishing rely "
        f"on it; fix the value and remove this entry"
    )
    return brief.finding(UNSILENCEABLE_SUPPRESSION, message, path)


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
    kept = [
        finding
        for finding in findings
        if finding.code not in suppressed or not silenceable(finding.code)
    ]
    used = {finding.code for finding in findings}
    rule = UNUSED_SUPPRESSION
    for code, path in suppressed.items():
        if not silenceable(code):
            kept.append(_unsilenceable(brief, code, path))
        elif code not in used:
            message = f"x-briefkit ignores {code}, but this brief has no {code} finding; remove it"
            kept.append(brief.finding(rule, message, path))
    return kept
