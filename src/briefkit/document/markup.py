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
    from markdown_it.common.utils import escapeHtml

    content = str(tokens[index].content)
    rule = env.get("text_rule") if env else None
    return str(rule(content)) if rule is not None else escapeHtml(content)


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


def render_inline(text: str, text_rule: Callable[[str], Markup] | None = None) -> Markup:
    """``text`` as safe HTML: its inline markup applied, everything else escaped.

    ``text_rule`` turns each run of plain text into escaped HTML (the view's typesetting); it
    never sees link targets. A link whose text does not show its target is followed by a
    ``<span class="link-note">`` holding the target, which print layouts set as a footnote.
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
