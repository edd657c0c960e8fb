r"""Inline markup in running text: **bold**, *italic* and [links](https://...), nothing else.

Parsed by markdown-it-py with raw HTML off and only the emphasis, link and backslash-escape rules
enabled, so any HTML, CSS or template syntax an author types is printed as the characters typed.
Emphasis markers must stand at word boundaries (``7*7*7`` is not emphasis); ``\*`` is a literal
asterisk.
Links must be ``https:``, ``http:`` or ``mailto:``; anything else stays literal text (and lint
reports it, see rule BK130).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline

ALLOWED_LINK_SCHEMES = ("https:", "http:", "mailto:")


def link_allowed(url: str) -> bool:
    """Whether a link target may appear in a PDF."""
    return url.strip().lower().startswith(ALLOWED_LINK_SCHEMES)


def _parser(validate_link: bool) -> MarkdownIt:
    from markdown_it import MarkdownIt  # only when a text has markup: keeps lint start-up fast

    parser = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    parser.enable(["emphasis", "link", "escape"])
    parser.inline.ruler.at("emphasis", _word_bounded_emphasis)
    parser.add_render_rule("text", _render_text)
    if validate_link:
        parser.validateLink = link_allowed  # type: ignore[method-assign]
    else:
        parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


def _render_text(
    self: Any, tokens: Sequence[Any], index: int, options: Any, env: dict[str, Any]
) -> str:
    """A run of text: escaped, then typeset by the ``text_rule`` the caller passed, if any."""
    from markdown_it.common.utils import escapeHtml

    content = str(tokens[index].content)
    rule = env.get("text_rule") if env else None
    return str(rule(content)) if rule is not None else escapeHtml(content)


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


def render_inline(text: str, text_rule: Callable[[str], Markup] | None = None) -> Markup:
    """``text`` as safe HTML: its inline markup applied, everything else escaped.

    ``text_rule`` turns each run of plain text into escaped HTML (the view's typesetting); it
    never sees link targets.
    """
    return Markup(_rendering_parser().renderInline(text, {"text_rule": text_rule}))


def link_targets(text: str) -> list[str]:
    """Every link target written in ``text`` with link syntax, allowed or not."""
    targets: list[str] = []
    for block in _inspecting_parser().parseInline(text):
        for token in block.children or ():
            if token.type == "link_open":
                targets.append(str(token.attrGet("href") or ""))
    return targets
