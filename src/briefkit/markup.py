"""Inline markup in running text: **bold**, *italic* and [links](https://...), nothing else.

Parsed by markdown-it-py with raw HTML off and only the emphasis, link and backslash-escape rules
enabled, so any HTML, CSS or template syntax an author types is printed as the characters typed.
Links must be ``https:``, ``http:`` or ``mailto:``; anything else stays literal text (and lint
reports it, see rule BK130).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

ALLOWED_LINK_SCHEMES = ("https:", "http:", "mailto:")


def link_allowed(url: str) -> bool:
    """Whether a link target may appear in a PDF."""
    return url.strip().lower().startswith(ALLOWED_LINK_SCHEMES)


def _parser(validate_link: bool) -> MarkdownIt:
    from markdown_it import MarkdownIt  # only when a text has markup: keeps lint start-up fast

    parser = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    parser.enable(["emphasis", "link", "escape"])
    if validate_link:
        parser.validateLink = link_allowed  # type: ignore[method-assign]
    else:
        parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


@cache
def _rendering_parser() -> MarkdownIt:
    return _parser(validate_link=True)


@cache
def _inspecting_parser() -> MarkdownIt:
    return _parser(validate_link=False)


def render_inline(text: str) -> Markup:
    """``text`` as safe HTML: its inline markup applied, everything else escaped."""
    return Markup(_rendering_parser().renderInline(text))


def link_targets(text: str) -> list[str]:
    """Every link target written in ``text`` with link syntax, allowed or not."""
    targets: list[str] = []
    for block in _inspecting_parser().parseInline(text):
        for token in block.children or ():
            if token.type == "link_open":
                targets.append(str(token.attrGet("href") or ""))
    return targets
