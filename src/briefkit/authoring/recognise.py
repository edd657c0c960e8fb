"""What the parts of an imported brief are: section headings in English, French and Portuguese,
labelled lines, judgements, URLs and dates written in running text."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cache

# --- Headings ------------------------------------------------------------------------------------

HEADINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "executive_summary": ("executive summary", "summary", "overview", "bottom line up front"),
        "key_developments": ("key developments", "developments", "what happened"),
        "strategic_implications": ("strategic implications", "implications"),
        "key_judgements": ("key judgments", "key judgements", "judgments", "judgements"),
        "assessment": ("assessment", "our assessment", "analysis"),
        "discover_more": ("discover more", "related briefs", "further reading", "read more"),
        "sources": ("sources", "references", "bibliography"),
        "contact": ("contact us", "contact"),
    },
    "fr": {
        "executive_summary": ("résumé", "synthèse", "résumé exécutif", "en bref"),
        "key_developments": (
            "principaux développements",
            "faits marquants",
            "développements clés",
            "faits saillants",
        ),
        "strategic_implications": ("implications stratégiques", "conséquences stratégiques"),
        "key_judgements": ("jugements clés", "principaux jugements"),
        "assessment": ("évaluation", "notre évaluation", "analyse"),
        "discover_more": ("à lire aussi", "pour aller plus loin", "en savoir plus", "découvrir"),
        "sources": ("sources", "références"),
        "contact": ("nous contacter", "contact", "contactez-nous"),
    },
    "pt": {
        "executive_summary": ("resumo executivo", "resumo", "síntese", "sumário executivo"),
        "key_developments": (
            "principais desenvolvimentos",
            "desenvolvimentos principais",
            "principais acontecimentos",
            "desenvolvimentos-chave",
        ),
        "strategic_implications": ("implicações estratégicas",),
        "key_judgements": ("julgamentos-chave", "principais julgamentos", "juízos-chave"),
        "assessment": ("avaliação", "nossa avaliação", "análise"),
        "discover_more": ("saiba mais", "leia também", "descubra mais"),
        "sources": ("fontes", "referências"),
        "contact": ("contacte-nos", "contato", "contacto", "fale conosco"),
    },
}
"""Section headings by language: section -> the headings that name it (compared casefolded)."""

_ASSESSMENT_HEADING = {
    "en": re.compile(r"^.{0,80}\bassessment$", re.IGNORECASE),
    "fr": re.compile(r"^(?:évaluation|analyse)\b.{0,80}$", re.IGNORECASE),
    "pt": re.compile(r"^(?:avaliação|análise)\b.{0,80}$", re.IGNORECASE),
}
"""'<Firm> Assessment', 'Évaluation de <firm>', 'Avaliação da <firm>'."""


def normal_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip().strip("*_#").strip()
    return " ".join(text.rstrip(":：").split()).casefold()


def heading_section(text: str) -> tuple[str, str] | None:
    """(section, language) a heading names, or ``None``."""
    normal = normal_text(text)
    for language, sections in HEADINGS.items():
        for section, names in sections.items():
            if normal in names:
                return section, language
    for language, pattern in _ASSESSMENT_HEADING.items():
        if pattern.match(normal):
            return "assessment", language
    return None


# --- Recognisers ---------------------------------------------------------------------------------

_LABELLED = re.compile(
    r"^(?:\*\*)?(?P<label>[^\s:][^:]{0,60}?)(?:\*\*)?\s*[:：](?:\*\*)?\s+(?P<text>\S.*)$"
)
_KEY_JUDGMENT = re.compile(
    r"^(?:\*\*)?(?P<label>(?:key judge?ments?|jugement clé|julgamento-chave)\s*\d+)\s*[.:]"
    r"(?:\*\*)?\s*(?P<text>\S.*)$",
    re.IGNORECASE,
)
FOR_WHOM = re.compile(r"^(?:for|pour|para)\s+\S", re.IGNORECASE)
URL = re.compile(r"https?://[^\s<>\"')\]]+[^\s<>\"')\].,;:!?]")


def labelled(text: str) -> tuple[str, str] | None:
    """(label, text) of a ``Label: text`` line whose label is a few words, else ``None``."""
    match = _LABELLED.match(text)
    if not match:
        return None
    label = match["label"].strip().strip("*").strip()
    if len(label.split()) > 8 or "http" in label or not label[:1].isupper():
        return None
    return label, match["text"].strip()


def key_judgment(text: str) -> tuple[str, str] | None:
    """(label, text) of a 'Key Judgment N. text' line."""
    match = _KEY_JUDGMENT.match(text)
    if not match:
        return None
    return " ".join(match["label"].split()), match["text"].strip()


@cache
def _month_names(language: str) -> dict[str, int]:
    """Month names and abbreviations in ``language`` and English, casefolded -> month number."""
    from babel import Locale, UnknownLocaleError

    names: dict[str, int] = {}
    for tag in dict.fromkeys(("en", language)):
        try:
            locale = Locale.parse(tag)
        except (UnknownLocaleError, ValueError):
            continue
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in locale.months[context][width].items():
                    names.setdefault(name.casefold().rstrip("."), number)
    return names


def find_date(text: str, language: str = "en") -> date | None:
    """The first calendar date written in ``text``: ISO, 'October 2, 2025', '2 octobre 2025',
    '2 de outubro de 2025', 'Wed, 29 Oct 2025'."""
    months = _month_names(language)
    alternatives = "|".join(sorted((re.escape(name) for name in months), key=len, reverse=True))
    candidates: list[tuple[int, date]] = []
    for match in re.finditer(r"\b(\d{4})-(\d{2})-(\d{2})\b", text):
        found = _date(int(match[1]), int(match[2]), int(match[3]))
        if found:
            candidates.append((match.start(), found))
    month_day = re.compile(rf"\b({alternatives})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")
    day_month = re.compile(
        rf"\b(\d{{1,2}})(?:er|º|st|nd|rd|th)?\.?\s+(?:de\s+)?({alternatives})\.?,?\s+(?:de\s+)?"
        rf"(\d{{4}})\b"
    )
    lowered = text.casefold()
    for match in month_day.finditer(lowered):
        found = _date(int(match[3]), months[match[1]], int(match[2]))
        if found:
            candidates.append((match.start(), found))
    for match in day_month.finditer(lowered):
        found = _date(int(match[3]), months[match[2]], int(match[1]))
        if found:
            candidates.append((match.start(), found))
    return min(candidates)[1] if candidates else None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
