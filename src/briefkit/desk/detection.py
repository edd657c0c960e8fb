"""Whether a JSON file is a brief, when no ``include`` in the configuration says so.

A ``.json`` file is a brief when it names briefkit's brief schema in ``$schema`` (any path or URL
whose last segment is ``brief.schema.json``, or the schema's ``$id``), or parses to an object with
at least two of ``id``, ``kind``, ``title``, ``executive_summary``.
"""

from __future__ import annotations

from typing import Any

BRIEF_KEYS = ("id", "kind", "title", "executive_summary")
"""A JSON object with at least two of these keys looks like a brief."""
BRIEF_SCHEMA_NAME = "brief.schema.json"


def looks_like_brief(data: Any) -> bool:
    """Whether parsed JSON is a brief: it names the brief schema in ``$schema`` (any path or URL
    whose last segment is ``brief.schema.json``, which the schema's ``$id`` is too), or it is an
    object with at least two of ``id``, ``kind``, ``title``, ``executive_summary``."""
    if not isinstance(data, dict):
        return False
    schema = data.get("$schema")
    if isinstance(schema, str):
        last = schema.split("#")[0].split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        if last == BRIEF_SCHEMA_NAME:
            return True
    return sum(1 for key in BRIEF_KEYS if key in data) >= 2


def decide(raw: bytes, limit: int, loads: Any) -> bool | None:
    """Whether a walked ``.json`` file's bytes are a brief: ``None`` when they do not parse (then
    the file is checked, so that the reason is reported). A file over the size limit is a brief
    only if it names the brief schema near its start."""
    if len(raw) > limit:
        return BRIEF_SCHEMA_NAME.encode() in raw[:4096]
    try:
        return looks_like_brief(loads(raw))
    except (ValueError, RecursionError):
        return None
