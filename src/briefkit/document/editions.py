"""Editions: a brief that translates another (``edition_of``), and the hashes that tell when the
translation went stale.

An edition records, per top-level section of its source, the SHA-256 of the section's canonical
JSON when it was translated (``x-briefkit.edition.source_hashes``). Canonical JSON here is every
string (keys too) in Unicode NFC, keys sorted, no insignificant white space, non-ASCII characters
written as themselves, encoded as UTF-8: so re-saving the source in another editor, re-ordering
its keys or composing an accent differently does not make a translation stale, and any change of
wording does.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from typing import Any

TRANSLATED_SECTIONS = (
    "title",
    "subtitle",
    "region",
    "executive_summary",
    "key_developments",
    "figures",
    "strategic_implications",
    "assessment",
    "discover_more",
    "sources",
)
"""The top-level sections an edition translates (or carries over), in reading order: each has
its own source hash, so that a change to one reports that one."""

EDITION_KEYS = ("id", "date", "updated", "tlp", "language", "edition_of", "x-briefkit")
"""What the edition rules read of a brief besides its sections."""


def _normalised(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_normalised(item) for item in value]
    if isinstance(value, dict):
        return {unicodedata.normalize("NFC", key): _normalised(item) for key, item in value.items()}
    return value


def canonical_json(value: Any) -> str:
    """``value`` as canonical JSON: NFC strings, sorted keys, no white space between tokens."""
    return json.dumps(_normalised(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def section_hash(value: Any) -> str:
    """The SHA-256 (hex) of ``value``'s canonical JSON in UTF-8."""
    import hashlib  # here, not at the top: loading OpenSSL is a cost every `lint` would pay

    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


def section_hashes(data: Mapping[str, Any]) -> dict[str, str]:
    """The hash of each translated section a brief's data has, in reading order."""
    return {key: section_hash(data[key]) for key in TRANSLATED_SECTIONS if key in data}


def edition_source(data: Mapping[str, Any]) -> str | None:
    """The id of the brief ``data`` translates, or ``None`` when it is no edition."""
    source = data.get("edition_of")
    return source if isinstance(source, str) and source.strip() else None


def recorded_hashes(data: Mapping[str, Any]) -> dict[str, str] | None:
    """The source hashes an edition recorded (only the well-formed ones), or ``None`` when it
    recorded none at all."""
    settings = data.get("x-briefkit")
    edition = settings.get("edition") if isinstance(settings, dict) else None
    hashes = edition.get("source_hashes") if isinstance(edition, dict) else None
    if not isinstance(hashes, dict):
        return None
    return {key: value for key, value in hashes.items() if isinstance(value, str)}


def edition_id(source_id: str, language: str) -> str:
    """The id of ``source_id``'s edition in ``language`` (``pt-BR`` gives ``...-pt-br``)."""
    return f"{source_id}-{language.lower()}"
