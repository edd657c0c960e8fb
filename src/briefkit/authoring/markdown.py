"""Markdown read through markdown-it-py's tokens (CommonMark), each block with its source line.

Regular expressions over lines cannot tell a setext heading (``Title`` over ``=====``) from a
paragraph, or a fenced block from a list; the parser's tokens can, and carry the lines they came
from (``Token.map``), so every block keeps its place for the import's report.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class MarkdownBlock(NamedTuple):
    """A block as :class:`briefkit.authoring.sources.Block` holds it: kind, text, line, level."""

    kind: str
    text: str
    line: int
    level: int = 0


LIST_KINDS = {"bullet_list_open": "bullet", "ordered_list_open": "numbered"}


def _line(token: Any) -> int:
    return int(token.map[0]) + 1 if token.map else 0


def _one_line(text: str) -> str:
    return " ".join(text.split())


def read_markdown_blocks(text: str) -> list[MarkdownBlock]:
    """Blocks of a Markdown source: ATX and setext headings, bullet and numbered items (their
    first paragraph; later ones are paragraphs), paragraphs, and fenced or indented code and raw
    HTML as paragraphs of their text, so that nothing is lost."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    blocks: list[MarkdownBlock] = []
    lists: list[str] = []
    item_line = 0  # the line of a list item whose first paragraph is still to come
    heading_level = 0
    for token in tokens:
        kind = token.type
        if kind in LIST_KINDS:
            lists.append(LIST_KINDS[kind])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            item_line = _line(token)
        elif kind == "heading_open":
            heading_level = int(token.tag[1:])
        elif kind == "inline" and heading_level:
            blocks.append(
                MarkdownBlock("heading", _one_line(token.content), _line(token), heading_level)
            )
            heading_level = 0
        elif kind == "inline" and token.content.strip():
            if item_line and lists:
                blocks.append(
                    MarkdownBlock(lists[-1], _one_line(token.content), item_line, len(lists) - 1)
                )
                item_line = 0
            else:
                blocks.append(MarkdownBlock("paragraph", _one_line(token.content), _line(token)))
        elif kind in ("fence", "code_block", "html_block") and token.content.strip():
            blocks.append(MarkdownBlock("paragraph", _one_line(token.content), _line(token)))
    return blocks
