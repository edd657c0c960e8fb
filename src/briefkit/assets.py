"""Where the built-in schema, layouts and brands live, in a checkout and in an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_root() -> Path:
    """The folder holding ``schema/``, ``layouts/`` and ``brands/``.

    An installed wheel carries them in ``briefkit/data/``; a checkout (editable install or tests)
    has them at the top of the repository, two levels above ``src/briefkit``.
    """
    bundled = _PACKAGE / "data"
    if (bundled / "schema").is_dir():
        return bundled
    return _PACKAGE.parents[1]


def schema_path(name: str) -> Path:
    """Path of a built-in JSON Schema, e.g. ``schema_path("brief")``."""
    return data_root() / "schema" / f"{name}.schema.json"


def layouts_dir() -> Path:
    """The folder of built-in layouts, one sub-folder each."""
    return data_root() / "layouts"


def default_brand_path() -> Path:
    """The brand used when ``--brand`` is not given."""
    return data_root() / "brands" / "asa" / "brand.json"
