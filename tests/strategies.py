"""Hypothesis strategies derived from the published brief schema itself, so that they follow it.

(hypothesis-jsonschema would do this, but its last release does not run with current Hypothesis.)
Only the keywords the brief schema uses are interpreted; an unknown keyword fails loudly.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from briefkit.assets import schema_path

SCHEMA: dict[str, Any] = json.loads(schema_path("brief").read_text(encoding="utf-8"))
HANDLED = {
    "$schema", "$id", "$defs", "$ref", "title", "description", "examples", "default", "type",
    "properties", "additionalProperties", "required", "items", "enum", "pattern", "format",
    "uniqueItems", "oneOf", "anyOf", "minLength", "propertyNames",
}  # fmt: skip

# Text an author might paste: any printable character, including markup and template syntax.
TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n"),
    min_size=1,
    max_size=80,
).filter(lambda text: text.strip() != "")


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        schema = {**SCHEMA["$defs"][name], **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def from_schema(
    schema: dict[str, Any], *, complete: bool, text: st.SearchStrategy[str] = TEXT
) -> st.SearchStrategy[Any]:
    """Values valid against ``schema``, free text drawn from ``text``. With ``complete``, every
    property is present and every list non-empty, which makes briefs that pass lint's
    completeness rules."""
    schema = _resolve(schema)
    unknown = set(schema) - HANDLED
    assert not unknown, f"strategies.py does not handle {unknown}"
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "oneOf" in schema or "anyOf" in schema:
        options = [
            from_schema(option, complete=complete, text=text) for option in schema.get("oneOf", [])
        ]
        if options:
            return st.one_of(options)
    kind = schema.get("type")
    if kind == "boolean":
        return st.booleans()
    if kind == "string":
        if schema.get("format") == "date":
            return st.dates().map(lambda day: day.isoformat())
        shortest = schema.get("minLength", 0)
        if "pattern" in schema:
            return st.from_regex(schema["pattern"], fullmatch=True).filter(
                lambda text: (
                    text.isascii()
                    and "\n" not in text
                    and text.strip() == text
                    and len(text) >= shortest
                )
            )
        return text.filter(lambda value: len(value) >= shortest)
    if kind == "array":
        items = from_schema(schema["items"], complete=complete, text=text)
        unique = schema.get("uniqueItems", False)
        return st.lists(items, min_size=1 if complete else 0, max_size=3, unique=unique)
    if kind == "object" and "properties" not in schema:  # a map: named keys, one kind of value
        keys = from_schema(schema["propertyNames"], complete=complete, text=text)
        values = from_schema(schema["additionalProperties"], complete=complete, text=text)
        return st.dictionaries(keys, values, max_size=3)
    if kind == "object":
        properties = {
            name: from_schema(sub, complete=complete, text=text)
            for name, sub in schema["properties"].items()
            if name not in ("$schema", "figures")  # figures need files on disk
        }
        required = set(schema.get("required", []))
        if "anyOf" in schema:  # e.g. discover_more: an id or a url
            required |= {"id"}
        if complete:
            return st.fixed_dictionaries(properties)
        return st.fixed_dictionaries(
            {name: value for name, value in properties.items() if name in required},
            optional={name: value for name, value in properties.items() if name not in required},
        )
    raise AssertionError(f"unhandled schema {schema}")


def briefs(
    *, complete: bool = True, text: st.SearchStrategy[str] = TEXT
) -> st.SearchStrategy[dict[str, Any]]:
    """Schema-valid briefs; with ``complete``, also filled in enough to render."""
    return from_schema(SCHEMA, complete=complete, text=text)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=20), children, max_size=4)
    ),
    max_leaves=30,
)
"""Any JSON value."""

JSON_OBJECTS_WITH_BRIEF_KEYS = st.dictionaries(
    st.sampled_from(sorted(SCHEMA["properties"])) | st.text(max_size=10),
    JSON_VALUES,
    max_size=12,
)
"""Objects that use the brief's property names with values of any type: the shape lint sees."""
