"""What the parts of an imported brief are: section headings in English, French and Portuguese,
labelled lines, judgements, URLs and dates written in running text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from functools import cache
from typing import Any

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
    "fr": re.compile(r"^(?:l'\s*)?(?:évaluation|analyse)\b.{0,80}$", re.IGNORECASE),
    "pt": re.compile(r"^(?:avaliação|análise)\b.{0,80}$", re.IGNORECASE),
}
"""'<Firm> Assessment', '(L')évaluation de <firm>', 'Avaliação da <firm>'."""


_QUOTE_STYLES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'", "\u201c": '"',
     "\u201d": '"', "\u00ab": '"', "\u00bb": '"'}
)  # fmt: skip
"""Curly, typewriter and other apostrophes and quotes, all one style for comparing text."""


def normal_text(text: str) -> str:
    """``text`` as headings and boilerplate are compared: NFC, emphasis marks and a closing
    colon removed, spaces collapsed, casefolded, every apostrophe and quote one style."""
    text = unicodedata.normalize("NFC", text).strip().strip("*_#").strip()
    return " ".join(text.rstrip(":：").split()).casefold().translate(_QUOTE_STYLES)


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
    found = find_dated(text, language)
    return found[0] if found else None


def find_dated(text: str, language: str = "en") -> tuple[date, int, int] | None:
    """:func:`find_date`, with where the date is written in ``text`` (start, end)."""
    months = _month_names(language)
    alternatives = "|".join(sorted((re.escape(name) for name in months), key=len, reverse=True))
    candidates: list[tuple[int, int, date]] = []
    for match in re.finditer(r"\b(\d{4})-(\d{2})-(\d{2})\b", text):
        found = _date(int(match[1]), int(match[2]), int(match[3]))
        if found:
            candidates.append((match.start(), match.end(), found))
    month_day = re.compile(rf"\b({alternatives})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")
    day_month = re.compile(
        rf"\b(\d{{1,2}})(?:er|º|st|nd|rd|th)?\.?\s+(?:de\s+)?({alternatives})\.?,?\s+(?:de\s+)?"
        rf"(\d{{4}})\b"
    )
    lowered = text.lower()  # same length as text, so places carry over
    for match in month_day.finditer(lowered):
        found = _date(int(match[3]), months[match[1]], int(match[2]))
        if found:
            candidates.append((match.start(), match.end(), found))
    for match in day_month.finditer(lowered):
        found = _date(int(match[3]), months[match[2]], int(match[1]))
        if found:
            candidates.append((match.start(), match.end(), found))
    if not candidates:
        return None
    start, end, found = min(candidates)
    return found, start, end


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# --- The lines around the title --------------------------------------------------------------

_SOURCE_LINE = re.compile(
    r"^(?:source|sources|via|from|url|link|lien|fonte|origem)\s*[:：]\s*\S", re.IGNORECASE
)
_BY = re.compile(r"^(?:by|par|por)\s+", re.IGNORECASE)
_AUTHOR_SEPARATORS = re.compile(r"\s+[—–|]\s+|\s+-\s+")
_NAME_WORDS = frozenset(
    ("and", "et", "e", "&", "of", "de", "du", "des", "da", "do", "the", "—", "–", "-", "|")
)
BYLINE_WORDS = 14
"""A byline is short: the authors (and a desk), maybe a date; longer text is running text."""


def source_line(text: str) -> bool:
    """Whether ``text`` names where the piece comes from ("source: https://..."), or is only
    a URL: a source, never the title."""
    return bool(_SOURCE_LINE.match(text) and URL.search(text)) or bool(URL.fullmatch(text))


def byline(text: str, language: str = "en") -> tuple[list[Any], date | None] | None:
    """The authors and the date of a byline ("Harbor Risk Partners — Sahel Desk, 14 March
    2026", "By Ana Silva and Tom Ode"), or ``None`` when ``text`` is not one. An author is a
    name, or ``{name, role}`` when a dash separates the two."""
    dated = find_dated(text, language)
    rest = text if dated is None else text[: dated[1]] + " " + text[dated[2] :]
    signed = _BY.match(rest)
    rest = _BY.sub("", rest).strip(" ,;·|—–-\t")
    if not rest:
        return ([], dated[0]) if dated else None
    words = rest.split()
    if len(words) > BYLINE_WORDS or (rest.endswith((".", "!", "?", ":")) and not signed):
        return None
    if not signed and (
        dated is None
        or not all(word[:1].isupper() or word.strip(",;") in _NAME_WORDS for word in words)
    ):
        return None  # without "By", only names: "Harbor Risk Partners — Sahel Desk"
    parts = [part.strip(" ,") for part in _AUTHOR_SEPARATORS.split(rest) if part.strip(" ,")]
    if len(parts) == 2 and not signed:
        return [{"name": parts[0], "role": parts[1]}], dated[0] if dated else None
    names = re.split(r",\s*|\s+(?:and|et|e|&)\s+", rest)
    return [name.strip() for name in names if name.strip()], dated[0] if dated else None


def brand_boilerplate(brand_data: dict[str, Any]) -> list[str]:
    """The contact texts of a brand in every language it has: the brand prints them itself."""
    texts: list[str] = []

    def collect(contact: Any) -> Iterator[str]:
        if isinstance(contact, dict):
            for key in ("heading", "call_to_action", "text"):
                value = contact.get(key)
                if isinstance(value, str):
                    yield value

    texts.extend(collect(brand_data.get("contact")))
    translations = brand_data.get("translations")
    if isinstance(translations, dict):
        for translation in translations.values():
            if isinstance(translation, dict):
                texts.extend(collect(translation.get("contact")))
    return texts
