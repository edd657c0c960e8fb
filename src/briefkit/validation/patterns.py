r"""Schema regexes read as ECMA-262, the regex language JSON Schema's ``pattern`` is written in.

Python's ``re`` reads the same text differently: ``$`` also matches before a final newline, ``.``
matches a carriage return, ``\d`` and ``\w`` take in every script. jsonschema hands patterns to
``re`` as they are, so a brand colour ``"#fff\n"`` passed; :func:`ecma_regex` compiles a pattern
so that it means what it means in ECMA-262 (and to jsonschema-rs, and to an editor), and
:func:`ecma_pattern` is jsonschema's ``pattern`` keyword with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

_ECMA_CLASSES = {
    "d": "0-9",
    "w": "A-Za-z0-9_",
    "s": r"\t\n\v\f\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff",
}
r"""ECMA-262's ``\d``, ``\w`` and ``\s``, as the members of a Python character class."""
_ECMA_ANY = r"[^\n\r\u2028\u2029]"
"""ECMA-262's ``.``: any character but a line terminator."""


@cache
def ecma_regex(pattern: str) -> re.Pattern[str]:
    r"""A schema's ``pattern`` (an ECMA-262 regex, as JSON Schema says) compiled so that Python
    reads it the same way.

    ``$`` becomes ``\Z`` (Python's ``$`` also matches before a final newline), ``.`` leaves out
    every line terminator, and ``\d``, ``\w``, ``\s`` and their negations mean what they mean in
    ECMA-262 (ASCII digits and word characters, ECMA-262's white space). Inside a character class,
    ``\D``, ``\W`` and ``\S`` keep Python's meaning; no schema of ours uses them there.
    """
    parts: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escaped = pattern[index + 1]
            members = _ECMA_CLASSES.get(escaped.lower()) if escaped.isalpha() else None
            if members is None or (in_class and escaped.isupper()):
                parts.append(pattern[index : index + 2])
            elif in_class:
                parts.append(members)
            else:
                parts.append(f"[{'^' if escaped.isupper() else ''}{members}]")
            index += 2
            continue
        if in_class:
            in_class = char != "]"
            parts.append(char)
        elif char == "[":
            in_class = True
            parts.append(char)
        elif char == "$":
            parts.append(r"\Z")
        elif char == ".":
            parts.append(_ECMA_ANY)
        else:
            parts.append(char)
        index += 1
    return re.compile("".join(parts))


def ecma_pattern(
    validator: Validator, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    """jsonschema's ``pattern`` keyword, with the pattern read as ECMA-262 (:func:`ecma_regex`)."""
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")
