"""Facts about the text and values of a brief that several pipeline steps need."""

from __future__ import annotations

import re
from typing import Any

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters a PDF cannot show (tab and line breaks excepted); dropped when rendering."""
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Bidirectional embedding, override and isolate controls, which reorder how text displays."""


def is_blank(value: Any) -> bool:
    """Whether ``value`` says nothing: absent, whitespace, or containers of nothing but blanks.

    Iterative, so a deeply nested value (``max-depth`` may be raised to 500) cannot exhaust
    Python's recursion limit."""
    pending = [value]
    while pending:
        item = pending.pop()
        if item is None:
            continue
        if isinstance(item, str):
            if item.strip():
                return False
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            pending.extend(item.values())
        else:
            return False
    return True


def fold_ascii(utf8: bytes) -> bytes:
    """UTF-8 text with its letters A-Z in lower case: a lower-case ASCII word is in the result
    exactly when it is in the text's ``str.lower()``, without lowering the whole text (slow beyond
    ASCII). A UTF-8 byte below 128 is always an ASCII character, so ASCII text is found in the
    bytes exactly where it is in the text, scanning a byte a character instead of up to four. Only
    U+0130 and U+212A lower to an ASCII letter (a test checks every character): lowered here too."""
    lowered = utf8.lower()
    if b"\xc4\xb0" in lowered:
        lowered = lowered.replace(b"\xc4\xb0", "\u0130".lower().encode())
    if b"\xe2\x84\xaa" in lowered:
        lowered = lowered.replace(b"\xe2\x84\xaa", b"k")
    return lowered
