"""Lint a brief: schema validation plus the catalogue's checks, as one list of findings; and
the same under a desk's configuration (which rules are selected, at what severity)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from briefkit.document.brief import LOAD_RULES, Brief
from briefkit.document.jsonsource import pointer_of
from briefkit.findings import UNSILENCEABLE, Finding, Fix, Located, Rule, Severity
from briefkit.rules.catalogue import LINT_RULES, RULES
from briefkit.rules.model import LintConfig
from briefkit.rules.suppressions import suppress
from briefkit.validation.schema import SCHEMA_RULES, validate_brief

DEFAULT_CONFIG = LintConfig()


def lint_brief(brief: Brief, config: LintConfig = DEFAULT_CONFIG) -> list[Finding]:
    """Every schema error and rule finding for ``brief``, in document order.

    The checks tolerate values of the wrong type, so a draft with schema errors still learns which
    sections are missing in the same run. Rules the brief suppresses in ``x-briefkit.ignore`` are
    left out, and a suppression that matched nothing is itself reported (BK190).
    """
    return finish_lint(brief, config, undated_findings(brief, config))


def undated_findings(brief: Brief, config: LintConfig = DEFAULT_CONFIG) -> list[Finding]:
    """The schema's findings and those of the rules that do not read today's date, before the
    brief's suppressions: what depends on the brief's content alone (a cache may keep it)."""
    findings = validate_brief(brief)
    return findings + _rule_findings(brief, config, UNDATED_RULES, _rejected(findings))


def finish_lint(brief: Brief, config: LintConfig, undated: list[Finding]) -> list[Finding]:
    """``undated`` (:func:`undated_findings`) with the dated rules' findings, less what the brief
    suppresses, sorted. The dated rules and the suppressions read only :data:`FINISH_KEYS` of
    the brief, so ``brief`` may hold just those (a cached result's summary)."""
    found = dated_findings(brief, config, undated)
    findings = suppress(brief, found, RULES, collection=False)
    findings.sort(key=lambda finding: finding.sort_key)
    return findings


def dated_findings(brief: Brief, config: LintConfig, undated: list[Finding]) -> list[Finding]:
    """``undated`` with the dated rules' findings, before the brief's suppressions: what
    ``briefkit check`` judges once the rules across briefs ran too. Reads only
    :data:`FINISH_KEYS` of the brief."""
    return undated + _rule_findings(brief, config, DATED_RULES, _rejected(undated))


def lint_findings(brief: Brief, config: LintConfig = DEFAULT_CONFIG) -> list[Finding]:
    """Every finding of :func:`lint_brief`, before the brief's suppressions."""
    return dated_findings(brief, config, undated_findings(brief, config))


DATED_RULES = tuple(rule for rule in LINT_RULES if rule.dated)
"""Rules whose verdict depends on today's date: re-run on every check, never cached."""
UNDATED_RULES = tuple(rule for rule in LINT_RULES if not rule.dated)
FINISH_KEYS = ("date", "x-briefkit")
"""What :func:`finish_lint` reads of a brief: the dated rules' input and the suppressions."""
_SCHEMA_CODES = frozenset(rule.code for rule in SCHEMA_RULES)


def _rejected(findings: list[Finding]) -> set[str]:
    # One finding per place: where the schema already objects to a value, the rules stay quiet.
    return {finding.pointer for finding in findings if finding.code in _SCHEMA_CODES}


def _rule_findings(
    brief: Brief, config: LintConfig, rules: Sequence[Rule], rejected: set[str]
) -> list[Finding]:
    findings = []
    for rule in rules:
        assert rule.check is not None
        for issue in rule.check(brief, config):
            if pointer_of(issue.path) in rejected:
                continue
            fix = issue_fix(brief, issue)
            findings.append(brief.finding(rule, issue.message, issue.path, key=issue.key, fix=fix))
    return findings


def safety_findings(brief: Brief) -> list[Finding]:
    """The schema's findings that rendering and publishing rely on (types, required parts,
    allowed values, formats: :data:`~briefkit.findings.UNSILENCEABLE`), whatever the brief or a
    caller suppresses: a brief with any is never rendered or published."""
    return [finding for finding in validate_brief(brief) if finding.code in UNSILENCEABLE]


class RuleSelection(Protocol):
    """What linting under a configuration reads of it (:class:`briefkit.desk.config.Config`):
    the lint settings, which codes are reported for a file, and at what severity."""

    @property
    def lint(self) -> LintConfig: ...

    def enabled(self, code: str, file: Path | None = None) -> bool: ...

    def severity_of(self, code: str, default: Severity) -> Severity: ...


UNCONFIGURABLE = frozenset(rule.code for rule in LOAD_RULES)
"""Findings that say a file could not be read as JSON at all (BK001–BK008): no configuration
can ignore them or lower them, since nothing else about such a file was checked."""


def apply_config(
    findings: Iterable[Finding], config: RuleSelection, file: Path | None
) -> list[Finding]:
    """Drop the findings the configuration does not select for ``file``; set their severities.
    Findings of :data:`UNCONFIGURABLE` and :data:`~briefkit.findings.UNSILENCEABLE` rules are
    always kept, as errors."""
    kept = []
    for finding in findings:
        if finding.code in UNCONFIGURABLE or finding.code in UNSILENCEABLE:
            kept.append(finding)
            continue
        if not config.enabled(finding.code, file):
            continue
        severity = config.severity_of(finding.code, finding.severity)
        kept.append(
            finding if severity is finding.severity else replace(finding, severity=severity)
        )
    return kept


def lint_with_config(brief: Brief, config: RuleSelection, *, rules: bool = True) -> list[Finding]:
    """Lint one brief under a desk's configuration (``rules=False``: the schema only)."""
    file = Path(brief.path) if brief.path != "-" else None
    found = lint_brief(brief, config.lint) if rules else validate_brief(brief)
    return apply_config(found, config, file)


def issue_fix(brief: Brief, issue: Located) -> Fix | None:
    """The fix an issue names: its replacement value where the value is in the text."""
    span = brief.source.exact_span(issue.path) if issue.replacement is not None else None
    if span is None or issue.replacement is None:
        return None
    from briefkit.validation.suggestions import shortened  # only for a finding with a fix

    text = json.dumps(issue.replacement, ensure_ascii=False)
    title = f"replace {shortened(brief.source.text[span[0] : span[1]])} with {shortened(text)}"
    return Fix(title, (brief.edit(*span, text),), issue.safe)
