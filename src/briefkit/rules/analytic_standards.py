"""Analytic-standards rules (BK16x, BK17x): confidence, risk level and estimative language,
after ICD 203.

US Intelligence Community Directive 203 fixes the words analysts use for likelihood and
confidence, so that "likely" means the same in every brief. Joined into the catalogue by
:mod:`briefkit.rules.catalogue`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefkit.document.brief import Brief
from briefkit.document.jsonsource import JsonPath, dotted
from briefkit.document.text import is_blank
from briefkit.findings import Rule, Severity
from briefkit.rules.model import Issue, LintConfig

_rules: list[Rule] = []


# --- Confidence and estimative language (ICD 203) -------------------------------------------


def _missing_confidence(brief: Brief, config: LintConfig) -> Iterator[Issue]:
    assessment = brief.data.get("assessment")
    if isinstance(assessment, dict) and not is_blank(assessment) and "confidence" not in assessment:
        yield Issue(
            ("assessment",),
            'assessment has no confidence level; add "confidence": "low", "moderate" or "high"',
        )


_rules.append(
    Rule(
        "BK160",
        "missing-confidence",
        Severity.WARNING,
        "The assessment does not state the analysts' confidence.",
        "ICD 203 asks analysts to state their confidence in a judgement (low, moderate, high) "
        "separately from how likely they judge an event. The confidence is printed beside the "
        "assessment.",
        '{"assessment": {"summary": "..."}}',
        '{"assessment": {"summary": "...", "confidence": "moderate"}}',
        _missing_confidence,
    )
)


def _missing_risk_level(brief: Brief, config: LintConfig) -> Iterator[Issue]:
    if "risk_level" not in brief.data:
        yield Issue(
            (),
            'the brief states no risk level; add "risk_level": "low", "moderate", "elevated", '
            '"high" or "critical"',
        )


_rules.append(
    Rule(
        "BK161",
        "missing-risk-level",
        Severity.WARNING,
        "The brief does not state the risk level.",
        "The risk level is the firm's judgement, printed as a badge on the cover; a reader "
        "scanning a list of briefs looks for it. Nothing sets it for the author (briefkit new "
        "leaves it out), so its absence is reported until the author decides.",
        '{"id": "...", "kind": "situation", "title": "..."}',
        '{"id": "...", "kind": "situation", "title": "...", "risk_level": "elevated"}',
        _missing_risk_level,
    )
)

LIKELIHOOD_SCALES: dict[str, tuple[str, ...]] = {
    "likely": (
        "almost no chance",
        "very unlikely",
        "unlikely",
        "roughly even chance",
        "likely",
        "very likely",
        "almost certain",
        "almost certainly",
    ),
    "probable": (
        "remote",
        "highly improbable",
        "improbable",
        "roughly even odds",
        "probable",
        "probably",
        "highly probable",
        "nearly certain",
        "nearly certainly",
    ),
}
"""The two rows of the ICD 203 likelihood scale; a brief keeps to one of them."""


def _scale_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = sorted(terms, key=len, reverse=True)
    words = "|".join(re.escape(term) for term in alternatives if term != "remote")
    remote = r"remote(?=\s+(?:chance|possibility|likelihood|prospect))|(?<=is\s)remote\b"
    pattern = rf"\b(?:{words}|{remote})\b" if "remote" in terms else rf"\b(?:{words})\b"
    return re.compile(pattern, re.IGNORECASE)


SCALE_PATTERNS = {name: _scale_pattern(terms) for name, terms in LIKELIHOOD_SCALES.items()}
CONFIDENCE = re.compile(r"\b(?:low|moderate|medium|high)[- ]confidence\b", re.IGNORECASE)
SENTENCE = re.compile(r"[^.!?]+[.!?]?")


NON_STANDARD_TERMS: dict[str, tuple[str, str]] = {
    "highly likely": ("very likely", "highly probable"),
    "most likely": ("very likely", "highly probable"),
    "extremely likely": ("almost certain", "nearly certain"),
    "very probable": ("very likely", "highly probable"),
    "highly unlikely": ("very unlikely", "highly improbable"),
    "extremely unlikely": ("almost no chance", "remote"),
    "very improbable": ("very unlikely", "highly improbable"),
    "probable chance": ("likely", "probable"),
    "even chance": ("roughly even chance", "roughly even odds"),
    "fifty-fifty": ("roughly even chance", "roughly even odds"),
    "virtually certain": ("almost certain", "nearly certain"),
    "near certain": ("almost certain", "nearly certain"),
    "quite likely": ("likely", "probable"),
    "fairly likely": ("likely", "probable"),
}
"""Estimative phrases that are not on the ICD 203 scale -> nearest term in each row."""

NON_STANDARD_PATTERN = re.compile(
    r"(?<!roughly )\b(?:"
    + "|".join(re.escape(term) for term in sorted(NON_STANDARD_TERMS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)

_LIKELIHOOD_HINTS = ("likely", "chance", "certain", "odds", "probab", "remote")
"""Every likelihood term contains one of these; substring tests are far cheaper than the
regular expressions, so only the strings that pass them are searched properly."""
_LIKELIHOOD_BYTES = tuple(hint.encode() for hint in _LIKELIHOOD_HINTS)


def _may_hold_likelihood(lowered: str) -> bool:
    return any(hint in lowered for hint in _LIKELIHOOD_HINTS)


def _brief_may_hold_likelihood(brief: Brief) -> bool:
    lowered = brief.lowered_bytes
    return any(hint in lowered for hint in _LIKELIHOOD_BYTES)


LikelihoodTerm = tuple[JsonPath, str, str, str]


def _likelihood_terms(brief: Brief) -> list[LikelihoodTerm]:
    """(path, sentence, scale, term) for every likelihood term in the brief's prose, found once
    per brief: three rules (BK170, BK171, BK172) read them."""
    return brief.derived(_all_likelihood_terms)


def _all_likelihood_terms(brief: Brief) -> list[LikelihoodTerm]:
    return list(_find_likelihood_terms(brief))


def _find_likelihood_terms(brief: Brief) -> Iterator[LikelihoodTerm]:
    if not _brief_may_hold_likelihood(brief):
        return
    for path, text in brief.strings:
        if path[:1] in (("title",), ("id",), ("$schema",), ("tags",), ("countries",)):
            continue
        if not _may_hold_likelihood(text.lower()):
            continue
        for sentence in SENTENCE.findall(text):
            # A non-standard phrase ("highly likely") is BK172's; its last word is not a term.
            sentence = NON_STANDARD_PATTERN.sub(lambda match: " " * len(match.group()), sentence)
            for scale, pattern in SCALE_PATTERNS.items():
                for match in pattern.finditer(sentence):
                    yield path, sentence.strip(), scale, match.group().lower()


def _mixed_scales(brief: Brief, config: LintConfig) -> Iterator[Issue]:
    first: dict[str, tuple[JsonPath, str]] = {}
    for path, _, scale, term in _likelihood_terms(brief):
        first.setdefault(scale, (path, term))
        if len(first) == 2 and scale != next(iter(first)):
            other_scale = next(iter(first))
            other_path, other_term = first[other_scale]
            yield Issue(
                path,
                f"{dotted(path)}: {term!r} is from the {scale!r} row of the ICD 203 likelihood "
                f"scale, but {dotted(other_path)} uses {other_term!r} from the {other_scale!r} "
                "row; keep to one row",
            )


def _confidence_with_likelihood(brief: Brief, config: LintConfig) -> Iterator[Issue]:
    if b"confidence" not in brief.lowered_bytes:
        return
    for path, sentence, _, term in _likelihood_terms(brief):
        confidence = CONFIDENCE.search(sentence)
        if confidence:
            yield Issue(
                path,
                f"{dotted(path)}: one sentence combines {confidence.group()!r} with the "
                f"likelihood term {term!r}; state confidence and likelihood separately",
            )


_rules.append(
    Rule(
        "BK170",
        "mixed-likelihood-scales",
        Severity.WARNING,
        "Likelihood terms from both rows of the ICD 203 scale are mixed in one brief.",
        "ICD 203 gives two equivalent rows of likelihood terms: almost no chance, very "
        "unlikely, unlikely, roughly even chance, likely, very likely, almost certain; or "
        "remote, highly improbable, improbable, roughly even odds, probable, highly probable, "
        "nearly certain. A reader maps each word to a probability band, so one brief uses one "
        "row.",
        '{"assessment": {"summary": "A coup is unlikely; sanctions are highly probable."}}',
        '{"assessment": {"summary": "A coup is unlikely; sanctions are very likely."}}',
        _mixed_scales,
    )
)
_rules.append(
    Rule(
        "BK171",
        "confidence-with-likelihood",
        Severity.WARNING,
        "A sentence combines a confidence level with a likelihood term.",
        "ICD 203 keeps confidence in a judgement apart from the likelihood of an event: "
        "'We assess with high confidence that an attack is likely' conflates the two. State the "
        "likelihood in the sentence and the confidence in the assessment's confidence field.",
        '{"assessment": {"summary": "With high confidence, renewed clashes are likely."}}',
        '{"assessment": {"summary": "Renewed clashes are likely.", "confidence": "high"}}',
        _confidence_with_likelihood,
    )
)


def _non_standard_likelihood(brief: Brief, config: LintConfig) -> Iterator[Issue]:
    if not _brief_may_hold_likelihood(brief) and b"fifty" not in brief.lowered_bytes:
        return
    rows = [scale for _, _, scale, _ in _likelihood_terms(brief)]
    row = 1 if rows and rows[0] == "probable" else 0
    for path, text in brief.strings:
        if path[:1] in (("id",), ("$schema",), ("tags",), ("countries",)):
            continue
        for match in NON_STANDARD_PATTERN.finditer(text):
            phrase = match.group().lower()
            nearest = NON_STANDARD_TERMS[phrase][row]
            other = NON_STANDARD_TERMS[phrase][1 - row]
            yield Issue(
                path,
                f"{dotted(path)}: {match.group()!r} is not on the ICD 203 likelihood scale; "
                f"use {nearest!r} (or {other!r} if the brief keeps to the "
                f"{'likely' if row else 'probable'} row)",
            )


_rules.append(
    Rule(
        "BK172",
        "non-standard-likelihood",
        Severity.WARNING,
        "An estimative phrase is not one of the ICD 203 likelihood terms.",
        "ICD 203 maps each likelihood term to a probability band so that readers take the same "
        "meaning from it: almost no chance, very unlikely, unlikely, roughly even chance, likely, "
        "very likely, almost certain (or remote, highly improbable, improbable, roughly even "
        "odds, probable, highly probable, nearly certain). Phrases such as 'highly likely', "
        "'most likely' or 'probable chance' have no band; the message names the nearest term in "
        "the row the brief already uses.",
        '{"assessment": {"summary": "Further attacks are highly likely."}}',
        '{"assessment": {"summary": "Further attacks are very likely."}}',
        _non_standard_likelihood,
    )
)


RULES: tuple[Rule, ...] = tuple(_rules)
