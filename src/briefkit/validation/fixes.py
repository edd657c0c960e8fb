"""Fixes for schema findings: the corrected value or key a message names, as an edit at its span.

A fix is offered only where the message names exactly one replacement. It is safe when the
replacement means what the author wrote (a marking TLP 2.0 renamed, a value in other case, a
country name for its code, a date in another order that can only be one day, a key one typo away
from a known one) and unsafe when it is a guess (the closest allowed value) or changes what other
files may name (an id). A date whose day and month could be either gets no fix at all.
"""

from __future__ import annotations

import difflib
import json
from typing import Any

from briefkit.document.brief import Document
from briefkit.document.jsonsource import JsonPath
from briefkit.findings import Fix
from briefkit.validation.suggestions import (
    SHOWN_CHARACTERS,
    choice_replacement,
    country_code,
    date_candidates,
    is_date,
    shown_value,
    slugify,
)

SAFE_KEY_SIMILARITY = 0.8
"""How alike an unknown key and a known one must be for the rename to be safe (one typo in a
short key, a few in a long one); a less similar "did you mean" is an unsafe fix."""

_ID_PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$"


def value_fix(
    keyword: str,
    expected: Any,
    instance: Any,
    schema: dict[str, Any],
    path: JsonPath,
    document: Document,
) -> Fix | None:
    """The fix replacing the value at ``path`` that broke ``keyword``, when one is certain."""
    found = _replacement(keyword, expected, instance, schema, document)
    span = document.source.exact_span(path)
    if found is None or span is None:
        return None
    replacement, safe = found
    title = f"replace {shown_value(instance)} with {shown_value(replacement)}"
    edit = document.edit(*span, json.dumps(replacement, ensure_ascii=False))
    return Fix(title, (edit,), safe)


def key_fix(
    key: str, hint: str, instance: dict[str, Any], path: JsonPath, document: Document
) -> Fix | None:
    """The fix renaming the unknown key at ``path`` to ``hint``, unless ``hint`` is there too."""
    span = document.source.exact_span(path, key=True)
    if span is None or hint in instance:
        return None
    similarity = difflib.SequenceMatcher(None, key.lower(), hint.lower()).ratio()
    edit = document.edit(*span, json.dumps(hint, ensure_ascii=False))
    title = f"rename {shown_value(key)} to {shown_value(hint)}"
    return Fix(title, (edit,), safe=similarity >= SAFE_KEY_SIMILARITY)


def _replacement(
    keyword: str, expected: Any, instance: Any, schema: dict[str, Any], document: Document
) -> tuple[str, bool] | None:
    if not isinstance(instance, str):
        return None
    if keyword in ("enum", "const"):
        allowed = expected if keyword == "enum" else [expected]
        found = choice_replacement(instance, [str(choice) for choice in allowed])
        if found is None or found[0] not in allowed:
            return None
        return found[0], found[1] != "close"
    if keyword not in ("pattern", "format"):
        return None
    if is_date(schema):
        candidates = date_candidates(instance)
        return (candidates[0], True) if len(candidates) == 1 else None
    pattern = schema.get("pattern")
    if pattern == "^[A-Z]{2}$":
        language = document.data.get("language")
        code = country_code(instance, language if isinstance(language, str) else "en")
        return (code, True) if code else None
    if pattern == _ID_PATTERN:
        slug = slugify(instance)
        # Links name ids: a changed id is the author's call, hence unsafe.
        return (slug, False) if slug and len(slug) <= SHOWN_CHARACTERS else None
    return None
