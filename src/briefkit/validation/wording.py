"""How a schema finding says what is wrong with a value, and what to write instead.

Messages use the words of the document's syntax: a brief, a brand and a layout's labels are JSON
("property", "an array", ``"select": ["BK1"]``); the configuration is TOML ("key", "a list",
``select = ["BK1"]``). A value is shown shortened; a pattern's kind of value and its form come
from :data:`~briefkit.validation.suggestions.EXPECTED_FORMS`; a bound says what the value must be.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from briefkit.document.brief import Document, json_type
from briefkit.document.jsonsource import JsonPath
from briefkit.validation.patterns import ecma_regex
from briefkit.validation.suggestions import (
    SHOWN_CHARACTERS,
    date_advice,
    expected_form,
    is_date,
    number_text,
    shortened,
    shown_value,
    suggest_choice,
    suggest_format,
    wrapped_form,
)

Syntax = Literal["json", "toml"]
"""The language of a checked document, which its messages speak."""


@dataclass(frozen=True)
class Words:
    """What a message calls a document's parts, in JSON or in TOML."""

    member: str
    type_names: dict[str, str]
    toml: bool

    def found(self, value: Any) -> str:
        """What ``value`` is, for "expected X, found Y": a number is shown as written."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            return shortened(number_text(value))
        if not self.toml:
            return json_type(value)
        if isinstance(value, list):
            return "a list"
        if isinstance(value, dict):
            return "a table"
        if isinstance(value, datetime.datetime):
            return "a date and time"
        if isinstance(value, datetime.date):
            return "a date"
        if isinstance(value, datetime.time):
            return "a time"
        return json_type(value)

    def wanted(self, names: Iterable[str]) -> str:
        return " or ".join(self.type_names.get(name, name) for name in names)


_JSON_TYPE_NAMES = {
    "array": "an array",
    "object": "an object",
    "string": "a string",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "null",
}
WORDS: dict[Syntax, Words] = {
    "json": Words("property", _JSON_TYPE_NAMES, toml=False),
    "toml": Words("key", {**_JSON_TYPE_NAMES, "array": "a list", "object": "a table"}, toml=True),
}

_BOUNDS = {
    "minimum": "is less than the minimum; must be at least",
    "exclusiveMinimum": "is too small; must be above",
    "maximum": "is more than the maximum; must be at most",
    "exclusiveMaximum": "is too large; must be below",
}
"""How a number outside a bound is worded: the value, then this, then the bound."""


def keyword_message(
    keyword: str,
    expected: Any,
    instance: Any,
    schema: dict[str, Any],
    path: JsonPath,
    brief: Document,
    words: Words,
) -> str | None:
    """What is wrong with ``instance`` under one keyword of ``schema`` whose value is
    ``expected``, and what to write instead; ``None`` for a keyword without words of its own."""
    shown = shown_value(instance, toml=words.toml)
    if keyword == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        message = f"expected {words.wanted(names)}, found {words.found(instance)}"
        # Not for a pair such as [minimum, maximum], which one value does not make.
        single = schema.get("minItems", 0) <= 1
        if names == ["array"] and single and not isinstance(instance, list | dict):
            message += f"; {wrapped_form(path, instance, schema.get('items'), toml=words.toml)}"
        return message
    if keyword in ("enum", "const"):
        allowed = expected if keyword == "enum" else [expected]
        choices = ", ".join(json.dumps(choice, ensure_ascii=False) for choice in allowed)
        suggestion = suggest_choice(instance, [str(choice) for choice in allowed])
        return f"{shown} is not allowed; " + (suggestion or f"use one of {choices}")
    if is_date(schema) and keyword in ("pattern", "format"):
        return date_advice(instance, keyword)
    if keyword in ("pattern", "format"):
        suggestion = suggest_format(instance, schema, brief) or _trimmed(instance, schema)
        form = expected_form(schema)
        if form is None:
            return f"{shown} does not have the required form" + (
                f"; {suggestion}" if suggestion else ""
            )
        return f"{shown} is not a valid {form.kind}; " + (suggestion or f"write {form.form}")
    if keyword in _BOUNDS and isinstance(instance, int | float):
        return f"{shortened(number_text(instance))} {_BOUNDS[keyword]} {number_text(expected)}"
    if keyword in ("minLength", "maxLength") and isinstance(instance, str):
        if keyword == "minLength" and not instance:
            return "must not be empty"
        least = keyword == "minLength"
        return (
            f"{shown} has {_count(len(instance), 'character')}; must have "
            f"{'at least' if least else 'at most'} {expected:,}"
        )
    if keyword in ("minItems", "maxItems") and isinstance(instance, list):
        exact = schema.get("minItems") == schema.get("maxItems")
        bound = "exactly" if exact else "at least" if keyword == "minItems" else "at most"
        return f"has {_count(len(instance), 'item')}; must have {bound} {expected:,}"
    if keyword == "uniqueItems":
        return "the same item is listed twice"
    return None


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def quoted_key(key: str) -> str:
    """A key as a message quotes it, shortened when long."""
    return repr(shortened(key))


def _trimmed(value: Any, schema: dict[str, Any]) -> str | None:
    """``write "#fff"`` for ``"#fff\\n"``: a value that only needs its surrounding spaces or
    line breaks removed."""
    pattern = schema.get("pattern")
    if not isinstance(value, str) or not isinstance(pattern, str):
        return None
    trimmed = value.strip()
    if (
        trimmed
        and trimmed != value
        and len(trimmed) <= SHOWN_CHARACTERS  # a fix shortened with "…" could not be copied
        and ecma_regex(pattern).search(trimmed)
    ):
        return f"write {shown_value(trimmed)}"
    return None
