"""Typesetting decisions the view model applies to every text a layout prints.

- Typographic quotes and apostrophes by language: English “ ” ‘ ’, French « » with a narrow
  no-break space inside, Portuguese “ ” ‘ ’ (« » for pt-PT), Arabic « ». URLs, e-mail addresses and
  backslash-escaped quotes, code (`...`) and markup-like text (``<a href="...">``) are left as
  typed.
- Proper nouns are never hyphenated: runs of capitalised words (names, countries, the firm's name,
  acronyms) go in ``<span class="name">``, which the stylesheet sets to ``hyphens: manual``.
- In right-to-left documents, Latin runs are isolated (U+2066 ... U+2069) so that "(ASA)" or a
  sentence's full stop keep their order; a text with no right-to-left letter is isolated whole.

Everything here works on plain text and returns escaped HTML (:class:`Markup`), so no author text
ever becomes markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

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


def smart_quotes(text: str, language: str) -> str:
    """``text`` with straight quotes and apostrophes made typographic for ``language``.

    URLs, e-mail addresses, Markdown link destinations and backslash-escaped quotes are kept.
    """
    if "'" not in text and '"' not in text and "\u00ab" not in text and "\u00bb" not in text:
        return text
    quotes = quotes_for(language)
    parts: list[str] = []
    position = 0
    before = " "
    for match in _PROTECTED.finditer(text):
        segment = text[position : match.start()]
        parts.append(_smart_segment(segment, quotes, before))
        parts.append(match.group())
        before = match.group()[-1:]
        position = match.end()
    parts.append(_smart_segment(text[position:], quotes, before))
    return "".join(parts)


def _names_as_spans(text: str) -> Markup:
    """Escaped ``text`` with each run of capitalised words in a ``<span class="name">``."""
    pieces: list[str] = []
    position = 0
    run_start = run_end = -1
    for match in _WORD.finditer(text):
        word = match.group()
        if not word[0].isupper():
            continue
        if run_start >= 0 and text[run_end : match.start()].strip(" \u00a0") == "":
            run_end = match.end()
            continue
        if run_start >= 0:
            pieces.append(str(escape(text[position:run_start])))
            pieces.append(f'<span class="name">{escape(text[run_start:run_end])}</span>')
            position = run_end
        run_start, run_end = match.start(), match.end()
    if run_start >= 0:
        pieces.append(str(escape(text[position:run_start])))
        pieces.append(f'<span class="name">{escape(text[run_start:run_end])}</span>')
        position = run_end
    pieces.append(str(escape(text[position:])))
    return Markup("".join(pieces))


def isolate_latin(text: str) -> str:
    """``text`` for a right-to-left document: Latin runs in left-to-right isolates, or the whole
    text when it holds no right-to-left letter."""
    if not text.strip():
        return text
    if not _RTL_LETTER.search(text):
        return LEFT_TO_RIGHT_ISOLATE + text + POP_DIRECTIONAL_ISOLATE
    return _LATIN_RUN.sub(
        lambda match: LEFT_TO_RIGHT_ISOLATE + match.group() + POP_DIRECTIONAL_ISOLATE, text
    )


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
        return _names_as_spans(text)

    def __call__(self, text: str) -> Markup:
        """Plain ``text`` as escaped HTML, typeset."""
        return self.fragment(self.plain(text))

    @property
    def text_rule(self) -> Callable[[str], Markup]:
        """What the inline-markup renderer applies to each run of text."""
        return self.fragment
