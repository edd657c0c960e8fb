"""Lint a brief: schema validation plus the catalogue's checks, as one list of findings."""

from __future__ import annotations

from briefkit.brief import Brief
from briefkit.findings import Finding
from briefkit.rules import RULES, LintConfig
from briefkit.source import pointer_of
from briefkit.validate import validate_brief

DEFAULT_CONFIG = LintConfig()


def lint_brief(brief: Brief, config: LintConfig = DEFAULT_CONFIG) -> list[Finding]:
    """Every schema error and rule finding for ``brief``, in document order.

    The checks tolerate values of the wrong type, so a draft with schema errors still learns which
    sections are missing in the same run.
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
    findings.sort(key=lambda finding: finding.sort_key)
    return findings
