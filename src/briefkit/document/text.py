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
