"""JSON syntax errors that teach: the mistake named, with its fix, at the character at fault.

The standard library's decoder says what it expected where it stopped ("Expecting ','
delimiter"). Authors typing prose into JSON make a handful of mistakes over and over — a trailing
comma, a quote inside the text, single or typographic quotes, a comment, a missing comma, a string
left open at the end of a line — and each is recognised from the characters around that place.
"""

from __future__ import annotations

import re

_TYPOGRAPHIC_QUOTES = "“”„‟«»‘’‚‛"

DELETE_COMMA = "delete this ','"
"""How a message ends when deleting the one character it points at is the whole, certain fix."""


def _previous_character(text: str, offset: int) -> int:
    """Offset of the last non-whitespace character before ``offset`` (-1 when there is none)."""
    index = offset - 1
    while index >= 0 and text[index] in " \t\r\n":
        index -= 1
    return index


def _next_character(text: str, offset: int) -> int:
    """Offset of the first non-whitespace character at or after ``offset``."""
    index = offset
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def diagnose_syntax_error(text: str, reason: str, offset: int) -> tuple[str, int]:
    """A message naming the cause of a JSON syntax error and its fix, and the offset at fault.

    ``reason`` and ``offset`` come from the standard library's decoder, which says what it
    expected where it stopped. The mistakes authors make when typing prose into JSON are
    recognised from the characters around that place; anything else keeps the decoder's words.
    """
    at = _next_character(text, offset)
    char = text[at] if at < len(text) else ""
    before = _previous_character(text, at)
    previous = text[before] if before >= 0 else ""

    if text.startswith(("//", "/*"), at) or char == "#":
        return (
            "invalid JSON: comments are not allowed in JSON; delete the comment (a note for "
            'editors can go in a string, e.g. in "x-briefkit")',
            at,
        )
    if char and char in "}]" and previous == ",":
        closing = "object" if char == "}" else "list"
        return (
            f"invalid JSON: trailing comma after the last item of the {closing}; " + DELETE_COMMA,
            before,
        )
    if char == "," and previous in ",[{":
        return ("invalid JSON: a comma with no item before it; " + DELETE_COMMA, at)
    if char and char in _TYPOGRAPHIC_QUOTES:
        return (
            f"invalid JSON: typographic quote {char} used as a JSON quote; JSON needs the "
            'straight double quote " (typographic quotes are fine inside a string)',
            at,
        )
    if char == "'":
        return (
            "invalid JSON: single quotes do not delimit strings or keys in JSON; use double "
            'quotes ("..."), and inside a string write an apostrophe as \' or ’',
            at,
        )
    if reason.startswith(("Unterminated string", "Invalid control character")):
        start = text.rfind('"', 0, offset + 1) if reason.startswith("Invalid") else offset
        line_end = text.find("\n", start)
        end = len(text) if line_end == -1 else line_end
        if text[end - 1 : end] == "\r":
            end -= 1
        return (
            "invalid JSON: this string is not closed before the end of the line; add the closing "
            '" (a line break inside text is written \\n)',
            end,
        )
    if reason.startswith(("Expecting ',' delimiter", "Expecting ':'")):
        if previous == '"' and char and char not in '"{[':
            # A string just ended and text goes on: a quote inside the text ended it early.
            line_end = text.find("\n", at)
            rest = text[at : len(text) if line_end == -1 else line_end]
            if '"' in rest:
                return (
                    "invalid JSON: a double quote inside the text ends the string early; write "
                    'it as \\" (or use typographic quotes “ ”)',
                    before,
                )
        if reason.startswith("Expecting ','") and char and char in '"{[-0123456789tfn':
            return (
                "invalid JSON: missing comma between two items; add ',' after this value",
                before + 1,
            )
    if reason.startswith("Expecting property name") and char == "}" and previous == ",":
        return ("invalid JSON: trailing comma after the last item; " + DELETE_COMMA, before)
    if reason.startswith("Expecting value") and char and (char.isalpha() or char == "_"):
        word = re.match(r"[\w.+-]+", text[at:])
        shown = word.group() if word else char
        return (
            f"invalid JSON: {shown} is not a JSON value; text goes in double quotes "
            f'("{shown}"), and the only bare words are true, false and null',
            at,
        )
    if reason.startswith("Expecting value") and not char:
        return ("invalid JSON: the file ends before the JSON does; it is empty or cut short", at)
    if reason.startswith("Extra data"):
        return (
            "invalid JSON: text after the end of the brief's object; a brief is one {...}, so "
            "delete this or move it inside",
            at,
        )
    if reason.startswith("Expecting property name"):
        return ('invalid JSON: expected a key in double quotes ("key": value)', at)
    if reason.startswith("Expecting ':' delimiter"):
        return ("invalid JSON: a key must be followed by ':' and its value; add ':'", before + 1)
    if reason.startswith("Expecting ',' delimiter"):
        return ("invalid JSON: expected ',' between items, or the end of the list or object", at)
    return f"invalid JSON: {reason}", offset
