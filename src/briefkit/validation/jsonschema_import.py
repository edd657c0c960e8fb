"""jsonschema, imported without the format packages that no briefkit schema uses."""

from __future__ import annotations

import sys
from types import ModuleType

UNUSED_FORMAT_PACKAGES = ("rfc3987_syntax", "isoduration")
"""Packages jsonschema loads at import, when installed, for formats no briefkit schema uses
(``iri``, ``duration``): rfc3987-syntax compiles dozens of grammars, about a second, which a check
would spend on the first brief with a schema error. briefkit's schemas use ``date`` and ``uri``
(jsonschema-rs checks those too)."""


def import_jsonschema() -> ModuleType:
    """The ``jsonschema`` module. A package set to ``None`` in ``sys.modules`` cannot be
    imported; the unused ones are so while jsonschema is imported, and importable again after."""
    blocked = [name for name in UNUSED_FORMAT_PACKAGES if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import jsonschema
    finally:
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
    return jsonschema
