r"""Inline markup in running text: **bold**, *italic* and [links](https://...), nothing else.

Parsed by markdown-it-py with raw HTML off and only the emphasis, link and backslash-escape rules
enabled, so any HTML, CSS or template syntax an author types is printed as the characters typed.
Emphasis markers must stand at word boundaries (``7*7*7`` is not emphasis); ``\*`` is a literal
asterisk.
Links must be ``https:``, ``http:`` or ``mailto:``; anything else stays literal text (and lint
reports it, see rule BK130).

Markup is bounded: a text may open at most :data:`MAX_SPANS_PER_TEXT` bold, italic or link spans,
a brief :data:`MAX_SPANS_PER_BRIEF` (see :class:`MarkupBudget`). Twenty paragraphs of ``*a* ``
repeated would otherwise become 100,000 inline boxes that take the layout engine a minute and
gigabytes to place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from briefkit.errors import BriefkitError

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline

ALLOWED_LINK_SCHEMES = ("https:", "http:", "mailto:")
MAX_SPANS_PER_TEXT = 250
"""Bold, italic and link spans one text may open."""
MAX_SPANS_PER_BRIEF = 2_500
"""Bold, italic and link spans a whole brief may open."""
_SPAN_OPENERS = frozenset({"em_open", "strong_open", "link_open"})
_MARKUP_OR_NORMALISED = re.compile(r"[*_\[\]\\\r\0]")
"""What starts an enabled rule (emphasis, a link, a backslash escape), and what the parser
normalises before parsing (carriage returns, NUL)."""


def link_allowed(url: str) -> bool:
    """Whether a link target may appear in a PDF."""
    return url.strip().lower().startswith(ALLOWED_LINK_SCHEMES)


def _parser(validate_link: bool) -> MarkdownIt:
    from markdown_it import MarkdownIt  # only when a text has markup: keeps lint start-up fast

    parser = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    parser.enable(["emphasis", "link", "escape"])
    parser.inline.ruler.at("emphasis", _word_bounded_emphasis)
    parser.add_render_rule("text", _render_text)
    parser.add_render_rule("link_close", _render_link_close)
    if validate_link:
        parser.validateLink = link_allowed  # type: ignore[method-assign]
    else:
        parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


def _render_text(
    self: Any, tokens: Sequence[Any], index: int, options: Any, env: dict[str, Any]
) -> str:
    """A run of text: escaped, then typeset by the ``text_rule`` the caller passed, if any."""
    return _run_of_text(str(tokens[index].content), env.get("text_rule") if env else None)


def _run_of_text(content: str, rule: Callable[[str], Markup] | None) -> str:
    if rule is not None:
        return str(rule(content))
    from markdown_it.common.utils import escapeHtml

    return str(escapeHtml(content))


def _bare_url(url: str) -> str:
    """A URL as read on paper: no scheme, no ``www.``, no trailing slash."""
    bare = url.strip()
    for prefix in ("https://", "http://", "mailto:", "www."):
        if bare.lower().startswith(prefix):
            bare = bare[len(prefix) :]
    return bare.rstrip("/")


def _render_link_close(
    self: Any, tokens: Sequence[Any], index: int, options: Any, env: dict[str, Any]
) -> str:
    """``</a>``, then the target in a print note when the link's text does not show it."""
    from markdown_it.common.utils import escapeHtml

    opening = index - 1
    while opening >= 0 and tokens[opening].type != "link_open":
        opening -= 1
    href = str(tokens[opening].attrGet("href") or "") if opening >= 0 else ""
    label = "".join(str(token.content) for token in tokens[opening + 1 : index])
    if not href or _bare_url(label).lower() == _bare_url(href).lower():
        return "</a>"
    return f'</a><span class="link-note">{escapeHtml(_bare_url(href))}</span>'


def _word_bounded_emphasis(state: StateInline, silent: bool) -> bool:
    """CommonMark emphasis, except that ``*`` never splits a word (as ``_`` never does).

    So ``7*7*7`` or ``${7*7} <%= 7*7 %>`` stay literal text, while ``*italic*`` and ``**bold**``
    between words still work.
    """
    from markdown_it.rules_inline import emphasis

    scan = state.scanDelims
    state.scanDelims = lambda start, can_split_word: scan(start, False)  # type: ignore[method-assign,assignment]
    try:
        return emphasis.tokenize(state, silent)
    finally:
        del state.scanDelims


@cache
def _rendering_parser() -> MarkdownIt:
    return _parser(validate_link=True)


@cache
def _inspecting_parser() -> MarkdownIt:
    return _parser(validate_link=False)


def render_inline(
    text: str,
    budget: MarkupBudget | None = None,
    text_rule: Callable[[str], Markup] | None = None,
) -> Markup:
    """``text`` as safe HTML: its inline markup applied, everything else escaped.

    ``text_rule`` turns each run of plain text into escaped HTML (the view's typesetting); it
    never sees link targets. A link whose text does not show its target is followed by a
    ``<span class="link-note">`` holding the target, which print layouts set as a footnote.
    Raises :class:`BriefkitError` when the text opens more spans than :data:`MAX_SPANS_PER_TEXT`
    or than ``budget`` has left.
    """
    if text and _MARKUP_OR_NORMALISED.search(text) is None:
        # No character that starts an enabled rule, nor one the parser rewrites: the parser
        # would make the whole text one run of plain text, so it goes to the run's renderer
        # directly (most texts of a brief have no markup; parsing them was most of the cost).
        return Markup(_run_of_text(text, text_rule))
    parser = _rendering_parser()
    tokens = parser.parseInline(text)
    spans = sum(
        1 for block in tokens for token in block.children or () if token.type in _SPAN_OPENERS
    )
    if spans > MAX_SPANS_PER_TEXT:
        raise BriefkitError(
            f"a text opens {spans:,} bold, italic or link spans; at most {MAX_SPANS_PER_TEXT:,} "
            f"(it starts {text[:40]!r})"
        )
    if budget is not None:
        budget.spend(spans)
    return Markup(parser.renderer.render(tokens, parser.options, {"text_rule": text_rule}))


class MarkupBudget:
    """How many more spans the texts of one brief may open (:data:`MAX_SPANS_PER_BRIEF`)."""

    def __init__(self, spans: int = MAX_SPANS_PER_BRIEF) -> None:
        self.total = spans
        self.left = spans

    def spend(self, spans: int) -> None:
        """Take ``spans`` from the budget; raises :class:`BriefkitError` when it runs out."""
        self.left -= spans
        if self.left < 0:
            raise BriefkitError(
                f"the brief's texts open more than {self.total:,} bold, italic or link spans "
                "in all; use less markup"
            )

    def render(self, text: str, text_rule: Callable[[str], Markup] | None = None) -> Markup:
        """:func:`render_inline` within this budget."""
        return render_inline(text, self, text_rule)


def link_targets(text: str) -> list[str]:
    """Every link target written in ``text`` with link syntax, allowed or not."""
    targets: list[str] = []
    for block in _inspecting_parser().parseInline(text):
        for token in block.children or ():
            if token.type == "link_open":
                targets.append(str(token.attrGet("href") or ""))
    return targets
