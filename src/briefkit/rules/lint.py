"""Lint a brief: schema validation plus the catalogue's checks, as one list of findings."""

from __future__ import annotations

from briefkit.document.brief import Brief
from briefkit.document.jsonsource import pointer_of
from briefkit.findings import Finding
from briefkit.rules.catalogue import LINT_RULES
from briefkit.rules.model import LintConfig
from briefkit.rules.suppressions import apply_suppressions
from briefkit.validation.schema import validate_brief

DEFAULT_CONFIG = LintConfig()


def lint_brief(brief: Brief, config: LintConfig = DEFAULT_CONFIG) -> list[Finding]:
    """Every schema error and rule finding for ``brief``, in document order.

    The checks tolerate values of the wrong type, so a draft with schema errors still learns which
    sections are missing in the same run. Rules the brief suppresses in ``x-briefkit.ignore`` are
    left out, and a suppression that matched nothing is itself reported (BK190).
    """
    findings = validate_brief(brief)
    # One finding per place: where the schema already objects to a value, the rules stay quiet.
    rejected = {finding.pointer for finding in findings}
    for rule in LINT_RULES:
        assert rule.check is not None
        for issue in rule.check(brief, config):
            if pointer_of(issue.path) in rejected:
                continue
            findings.append(brief.finding(rule, issue.message, issue.path, key=issue.key))
    findings = apply_suppressions(brief, findings)
    findings.sort(key=lambda finding: finding.sort_key)
    return findings
