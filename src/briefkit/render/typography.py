"""Typesetting decisions the view model applies to every text a layout prints.

- Typographic quotes and apostrophes by language: English “ ” ‘ ’, French « » with a narrow
  no-break space inside, Portuguese “ ” ‘ ’ (« » for pt-PT), Arabic « ». URLs, e-mail addresses and
  backslash-escaped quotes, code (`...`) and markup-like text (``<a href="...">``) are left as
  typed.
- ``--`` is an en dash and ``---`` an em dash (not at the start of a word: ``--force`` stays);
  French puts a no-break space before ``: ; ? !`` whatever the author typed.
- Proper nouns are never hyphenated: in running text, runs of capitalised words (names, countries,
  the firm's name, acronyms) holding a word long enough to be hyphenated go in
  ``<span class="name">``, which the stylesheet sets to ``hyphens: manual``. Headings and short
  lines are never hyphenated, so they get no spans (each span costs layout time).
- In right-to-left documents, Latin runs are isolated (U+2066 ... U+2069) so that "(ASA)" or a
  sentence's full stop keep their order; a text with no right-to-left letter is isolated whole.

Everything here works on plain text and returns escaped HTML (:class:`Markup`), so no author text
ever becomes markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from markupsafe import Markup, escape

NARROW_NBSP = "\u202f"
APOSTROPHE = "\u2019"
LEFT_TO_RIGHT_ISOLATE = "\u2066"
POP_DIRECTIONAL_ISOLATE = "\u2069"


@dataclass(frozen=True)
class Quotes:
    """A language's quotation marks: primary and nested, opening and closing."""

    open: str
    close: str
    open_nested: str
    close_nested: str


QUOTES = {
    "en": Quotes("\u201c", "\u201d", "\u2018", "\u2019"),
    "fr": Quotes("\u00ab" + NARROW_NBSP, NARROW_NBSP + "\u00bb", "\u201c", "\u201d"),
    "pt": Quotes("\u201c", "\u201d", "\u2018", "\u2019"),
    "pt-PT": Quotes("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "ar": Quotes("\u00ab", "\u00bb", "\u201c", "\u201d"),
}
"""Quotation marks by BCP 47 tag; a tag not listed uses its language's, then English."""

_PROTECTED = re.compile(
    r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"  # a Markdown link destination (and its title)
    r"|<[a-z]+:[^>\s]*>"  # an autolink
    r"|\b(?:https?://|mailto:|www\.)[^\s<>\"]*[^\s<>\"'.,;:!?)\]]"  # a bare URL
    r"|[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"  # an e-mail address
    r"|<[a-z/!?][^<>]*>"  # markup-like text, printed as typed
    r"|`[^`]*`"  # code
    r"|\{[{%#].*?[}%#]\}|<%.*?%>|\$\{[^}]*\}"  # template syntax
    r"|\w+=[\"'][^\"']*[\"']"  # an attribute-like key="value"
    r"|\w+\([\"'][^\"']*[\"']\)"  # a call with a string argument: alert("x")
    r"|[\"'][\"'<>=]+|[<>=][\"']+"  # quotes run into markup characters or each other
    r"|\\[\"']",  # an escaped quote: the author wants it straight
    re.IGNORECASE,
)
_OPENING_CONTEXT = set(" \t\n\u00a0\u202f([{<\u2014\u2013-/\u201c\u2018\u00ab")
_WORD = re.compile(r"[^\W_][\w\u2019'\-]*")
_RTL_LETTER = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LATIN_RUN = re.compile(
    r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff0-9]"
    r"[^\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]*"
    r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff0-9)\]]"
    r"|[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]"
)


def quotes_for(language: str) -> Quotes:
    """The quotation marks of a BCP 47 tag."""
    return QUOTES.get(language) or QUOTES.get(language.split("-")[0]) or QUOTES["en"]


def _smart_segment(text: str, quotes: Quotes, before: str) -> str:
    out: list[str] = []
    previous = before
    for index, character in enumerate(text):
        following = text[index + 1] if index + 1 < len(text) else " "
        if character == "'":
            if previous.isalnum() or (following.isdigit() and previous in _OPENING_CONTEXT):
                character = APOSTROPHE  # Jama'at, States', '90s
            elif previous in _OPENING_CONTEXT and not following.isspace():
                character = quotes.open_nested
            else:
                character = quotes.close_nested
        elif character == '"':
            opening = previous in _OPENING_CONTEXT and not following.isspace()
            character = quotes.open if opening else quotes.close
        out.append(character)
        previous = character[-1]
    result = "".join(out)
    if quotes.open.endswith(NARROW_NBSP):
        # « texte » typed with ordinary or no-break spaces: one narrow no-break space inside.
        result = re.sub(r"\u00ab[ \u00a0\u202f]*", "\u00ab" + NARROW_NBSP, result)
        result = re.sub(r"[ \u00a0\u202f]*\u00bb", NARROW_NBSP + "\u00bb", result)
    return result


_DASHES = re.compile(r"(?<!-)-{2,3}(?!-)")
_FRENCH_HIGH_PUNCTUATION = re.compile(r"(?<=[^\s\u00a0\u202f(\[{«?!;:])[ \u00a0\u202f]*([?!;])")
_FRENCH_COLON = re.compile(r"(?<=[^\s\u00a0\u202f(\[{«:\d])[ \u00a0\u202f]*:(?=\s|$|[»\u201d)])")


def _dash(match: re.Match[str]) -> str:
    """``--`` an en dash, ``---`` an em dash, except where it starts a word (``--force``)."""
    text = match.string
    before = text[match.start() - 1] if match.start() else " "
    after = text[match.end()] if match.end() < len(text) else " "
    if before.isspace() and after.isalnum():
        return match.group()
    return "\u2014" if len(match.group()) == 3 else "\u2013"


def _punctuate(text: str, language: str, before: str = " ") -> str:
    """Dashes typed as hyphens made real; in French, the no-break space the language puts before
    ``? ! ;`` (narrow) and ``:`` (word space), whatever space the author typed, or none.

    ``before`` is the character printed just before ``text`` (the end of a URL or an e-mail
    address kept as typed), so that punctuation right after one is spaced like any other."""
    if "--" in text:
        text = _DASHES.sub(_dash, text)
    if language.split("-")[0] == "fr":
        # The context character can never be part of a match (nothing precedes it for the
        # look-behind), so it comes off again unchanged.
        text = before[-1:] + text
        text = _FRENCH_HIGH_PUNCTUATION.sub(NARROW_NBSP + r"\1", text)
        text = _FRENCH_COLON.sub("\u00a0:", text)
        text = text[len(before[-1:]) :]
    return text


def smart_quotes(text: str, language: str) -> str:
    """``text`` made typographic for ``language``: straight quotes and apostrophes curled,
    ``--`` and ``---`` as en and em dashes, French spacing around high punctuation.

    URLs, e-mail addresses, code, Markdown link destinations and backslash-escaped quotes are
    kept as typed.
    """
    french = language.split("-")[0] == "fr"
    if not any(mark in text for mark in ("'", '"', "\u00ab", "\u00bb", "--")) and not (
        french and any(mark in text for mark in "?!;:")
    ):
        return text
    quotes = quotes_for(language)
    parts: list[str] = []
    position = 0
    before = " "
    for match in _PROTECTED.finditer(text):
        segment = text[position : match.start()]
        parts.append(_punctuate(_smart_segment(segment, quotes, before), language, before))
        parts.append(match.group())
        before = match.group()[-1:]
        position = match.end()
    parts.append(_punctuate(_smart_segment(text[position:], quotes, before), language, before))
    return "".join(parts)


HYPHENATE_LIMIT_CHARS = (6, 3, 4)
"""The stylesheet's ``hyphenate-limit-chars``: shortest word, letters before and after a break."""


@cache
def _hyphenator(language: str) -> Any:
    """The hyphenation dictionary WeasyPrint uses for ``language`` (pyphen), or ``None``."""
    import pyphen  # type: ignore[import-untyped]

    found = pyphen.language_fallback(language.replace("-", "_"))
    if not found:
        return None
    _, left, right = HYPHENATE_LIMIT_CHARS
    return pyphen.Pyphen(lang=found, left=left, right=right)


_WORD_JOINS = re.compile(r"[\-\u2019']")


@lru_cache(maxsize=8192)
def _could_be_hyphenated(word: str, language: str) -> bool:
    """Whether WeasyPrint could split ``word``: only such words need protecting, and every span
    costs layout time. Remembered per word (a document's names recur, and a warm worker sees
    the same ones render after render)."""
    if len(word) < HYPHENATE_LIMIT_CHARS[0]:
        return False
    hyphenator = _hyphenator(language)
    if hyphenator is None:
        return False
    return any(part for part in _WORD_JOINS.split(word) if hyphenator.positions(part))


def _names_as_spans(text: str, language: str) -> Markup:
    """Escaped ``text`` with each run of capitalised words that could be hyphenated in a
    ``<span class="name">``."""
    runs: list[tuple[int, int, bool]] = []  # start, end, holds a hyphenatable word
    for match in _WORD.finditer(text):
        word = match.group()
        if not word[0].isupper():
            continue
        long_enough = _could_be_hyphenated(word, language)
        if runs and text[runs[-1][1] : match.start()].strip(" \u00a0") == "":
            start, _, long_run = runs[-1]
            runs[-1] = (start, match.end(), long_run or long_enough)
        else:
            runs.append((match.start(), match.end(), long_enough))
    pieces: list[str] = []
    position = 0
    for start, end, long_run in runs:
        if not long_run:
            continue
        pieces.append(str(escape(text[position:start])))
        pieces.append(f'<span class="name">{escape(text[start:end])}</span>')
        position = end
    pieces.append(str(escape(text[position:])))
    return Markup("".join(pieces))


def isolate_latin(text: str) -> str:
    """``text`` for a right-to-left document: Latin runs in left-to-right isolates, or the whole
    text when it holds no right-to-left letter."""
    if not text.strip():
        return text
    if not _RTL_LETTER.search(text):
        return LEFT_TO_RIGHT_ISOLATE + text + POP_DIRECTIONAL_ISOLATE
    return _LATIN_RUN.sub(_isolated_run, text)


def _isolated_run(match: re.Match[str]) -> str:
    """A Latin run in an isolate; a closing bracket whose opening one is outside the run stays
    outside too, so that the pair mirrors together ("الساحل (AES)." keeps its brackets)."""
    run = match.group()
    kept = run
    while kept[-1:] in (")", "]") and kept.count(kept[-1]) > kept.count(
        "(" if kept[-1] == ")" else "["
    ):
        kept = kept[:-1]
    return LEFT_TO_RIGHT_ISOLATE + kept + POP_DIRECTIONAL_ISOLATE + run[len(kept) :]


@dataclass(frozen=True)
class Typesetter:
    """Typesets text for one document: its language and direction."""

    language: str
    direction: str = "ltr"

    def plain(self, text: str) -> str:
        """Text for metadata and attributes: typographic quotes only."""
        return smart_quotes(text, self.language)

    def fragment(self, text: str) -> Markup:
        """A text token already quote-processed, as escaped HTML with names and isolates."""
        if self.direction == "rtl":
            return Markup(escape(isolate_latin(text)))
        return _names_as_spans(text, self.language)

    def __call__(self, text: str) -> Markup:
        """Plain ``text`` for running (hyphenated) text, as escaped HTML, typeset."""
        return self.fragment(self.plain(text))

    def line(self, text: str) -> Markup:
        """Plain ``text`` for a heading or a short line, which is never hyphenated: quotes and
        isolation only, as escaped HTML."""
        plain = self.plain(text)
        return Markup(escape(isolate_latin(plain) if self.direction == "rtl" else plain))

    @property
    def text_rule(self) -> Callable[[str], Markup]:
        """What the inline-markup renderer applies to each run of text."""
        return self.fragment


def printed_url(url: str) -> Markup:
    """A URL as paper prints it: whole, so that a reader can type it, with a line-break
    opportunity (``<wbr>``) after each ``/`` and before each ``.`` and nowhere else."""
    pieces = re.split(r"(?<=/)(?!/)|(?=\.)", url)
    # Each piece is kept whole (.url-part: no break at its hyphens); a break may come only
    # between pieces.
    part = Markup('<span class="url-part">{}</span>')
    return Markup("<wbr>").join(part.format(piece) for piece in pieces if piece)
