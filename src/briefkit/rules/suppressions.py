"""Suppressions a brief writes for itself in ``x-briefkit.ignore``, and the rule for stale ones.

A suppression names a rule code or a code prefix (``BK15``, as the configuration's ``ignore``
does) and the reason it does not apply; the schema requires the reason. Suppressions are judged
after every rule ran, the rules across briefs (BK2xx) included, so that a brief can silence a
duplicate title or a link to a partner repository's brief. A suppression that matched no finding
at all is stale and reported (BK190). The rules rendering and publishing rely on
(:data:`~briefkit.findings.UNSILENCEABLE`) are never silenced: naming one exactly is an error
(BK191), and a prefix passes over them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

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
    "next real problem, so it is reported. A suppression of a rule across briefs (BK2xx) is "
    "judged only where those rules run (briefkit check), never by lint of one brief.",
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


COLLECTION_PREFIX = "BK2"
"""Codes of the rules across briefs start with this: only ``briefkit check`` runs them."""


@dataclass(frozen=True)
class Suppression:
    """One entry of ``x-briefkit.ignore``: a code or prefix, and where the entry is."""

    code: str
    path: JsonPath

    def covers(self, code: str) -> bool:
        """Whether this suppression silences findings of ``code``."""
        return code.startswith(self.code) and silenceable(code)


def _entries(brief: Brief) -> list[tuple[str, bool, JsonPath]]:
    """Each entry of ``x-briefkit.ignore`` that names a code: the code, whether it gives a
    reason, and where it is (a bare string is the old form, without one)."""
    settings = brief.data.get("x-briefkit")
    entries = settings.get("ignore") if isinstance(settings, dict) else None
    found: list[tuple[str, bool, JsonPath]] = []
    for index, entry in enumerate(entries if isinstance(entries, list) else ()):
        code = entry.get("code") if isinstance(entry, dict) else entry
        reason = entry.get("reason") if isinstance(entry, dict) else None
        if isinstance(code, str) and code:
            reasoned = isinstance(reason, str) and bool(reason.strip())
            found.append((code, reasoned, ("x-briefkit", "ignore", index)))
    return found


def brief_suppressions(brief: Brief) -> list[Suppression]:
    """The suppressions ``brief`` declares. An entry without a reason suppresses nothing (the
    schema finding reports it), nor does one naming a rule that cannot be silenced (BK191)."""
    return [
        Suppression(code, path)
        for code, reasoned, path in _entries(brief)
        if reasoned and silenceable(code)
    ]


def _refusals(brief: Brief) -> list[Finding]:
    """A BK191 error for each entry that names an unsilenceable rule exactly."""
    return [
        brief.finding(
            UNSILENCEABLE_SUPPRESSION,
            f"x-briefkit ignores {code}, which cannot be suppressed: rendering and publishing "
            "rely on it; fix the value and remove this entry",
            path,
        )
        for code, _, path in _entries(brief)
        if not silenceable(code)
    ]


def _judgeable(suppression: Suppression, known: Collection[str], collection: bool) -> bool:
    """Whether a suppression that matched nothing can be called stale: one that only names rules
    across briefs cannot, where those rules did not run."""
    if collection:
        return True
    named = [code for code in known if suppression.covers(code)]
    return not named or any(not code.startswith(COLLECTION_PREFIX) for code in named)


def _stale(brief: Brief, suppression: Suppression, known: Collection[str]) -> Finding:
    code = suppression.code
    if not any(rule.startswith(code) for rule in known):
        message = (
            f"x-briefkit ignores {code}, but no rule has that code or starts with it; "
            "'briefkit rules' lists the codes"
        )
    else:
        message = f"x-briefkit ignores {code}, but this brief has no {code} finding; remove it"
    return brief.finding(UNUSED_SUPPRESSION, message, suppression.path)


def suppress(
    brief: Brief | None,
    findings: Iterable[Finding],
    known: Collection[str],
    *,
    collection: bool = False,
    report_stale: bool = True,
) -> list[Finding]:
    """``findings`` of one brief less those the brief suppresses, plus a BK190 finding for each
    suppression that matched none of them.

    ``findings`` must be every finding of the brief, before the configuration selects or ignores
    any (a suppression the configuration makes redundant is not stale); ``known`` are the codes
    of every rule (the catalogue, which joins this module's rules). ``collection`` says the
    rules across briefs ran; ``report_stale=False`` judges nothing (a brief that was not itself
    checked, read only for the rules across briefs).
    """
    findings = list(findings)
    suppressions = brief_suppressions(brief) if brief is not None else []
    if suppressions:
        report = report_stale and brief is not None
        findings = _apply(brief, suppressions, findings, known, collection, report)
    if brief is not None and report_stale:
        findings.extend(_refusals(brief))
    return findings


def _apply(
    brief: Brief | None,
    suppressions: Sequence[Suppression],
    findings: list[Finding],
    known: Collection[str],
    collection: bool,
    report: bool,
) -> list[Finding]:
    used: set[Suppression] = set()
    kept = []
    for finding in findings:
        matching = [s for s in suppressions if s.covers(finding.code)]
        used.update(matching)
        if not matching:
            kept.append(finding)
    if report and brief is not None:
        for suppression in suppressions:
            if suppression not in used and _judgeable(suppression, known, collection):
                kept.append(_stale(brief, suppression, known))
    return kept
