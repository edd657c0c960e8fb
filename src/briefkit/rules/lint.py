"""Lint a brief: schema validation plus the catalogue's checks, as one list of findings."""

from __future__ import annotations

from collections.abc import Iterator

from briefkit.document.brief import Brief
from briefkit.document.jsonsource import JsonPath, pointer_of
from briefkit.findings import Finding
from briefkit.rules.structure import RULES, LintConfig
from briefkit.validation.schema import validate_brief

DEFAULT_CONFIG = LintConfig()
UNUSED_SUPPRESSION = "BK190"


def lint_brief(brief: Brief, config: LintConfig = DEFAULT_CONFIG) -> list[Finding]:
    """Every schema error and rule finding for ``brief``, in document order.

    The checks tolerate values of the wrong type, so a draft with schema errors still learns which
    sections are missing in the same run. Rules the brief suppresses in ``x-briefkit.ignore`` are
    left out, and a suppression that matched nothing is itself reported (BK190).
    """
    findings = validate_brief(brief)
    # One finding per place: where the schema already objects to a value, the rules stay quiet.
    rejected = {finding.pointer for finding in findings}
    for rule in RULES.values():
        if rule.check is None:
            continue
        for issue in rule.check(brief, config):
            if pointer_of(issue.path) in rejected:
                continue
            findings.append(
                brief.finding(
                    rule.code, rule.name, rule.severity, issue.message, issue.path, key=issue.key
                )
            )
    findings = _apply_suppressions(brief, findings)
    findings.sort(key=lambda finding: finding.sort_key)
    return findings


def _suppressions(brief: Brief) -> Iterator[tuple[str, JsonPath]]:
    settings = brief.data.get("x-briefkit")
    entries = settings.get("ignore") if isinstance(settings, dict) else None
    for index, entry in enumerate(entries if isinstance(entries, list) else ()):
        code = entry.get("code") if isinstance(entry, dict) else entry
        if isinstance(code, str):
            yield code, ("x-briefkit", "ignore", index)


def _apply_suppressions(brief: Brief, findings: list[Finding]) -> list[Finding]:
    suppressed = dict(_suppressions(brief))
    if not suppressed:
        return findings
    kept = [finding for finding in findings if finding.code not in suppressed]
    used = {finding.code for finding in findings}
    for code, path in suppressed.items():
        if code not in used:
            rule = RULES.get(UNUSED_SUPPRESSION)
            assert rule is not None
            kept.append(
                brief.finding(
                    rule.code,
                    rule.name,
                    rule.severity,
                    f"x-briefkit ignores {code}, but this brief has no {code} finding; remove it",
                    path,
                )
            )
    return kept
