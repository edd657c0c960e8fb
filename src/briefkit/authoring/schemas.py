"""Where a desk keeps its copy of the schemas, and how a brief refers to it in ``$schema``.

A brief never depends on fetching the schema's ``$id`` URL: it names a copy the desk carries in
``.briefkit/`` (see DECISIONS, "``$schema`` in briefs").
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from briefkit.assets import schema_path
from briefkit.files import write_atomically

SCHEMA_FOLDER = ".briefkit"
BRIEF_SCHEMA = "brief.schema.json"


def git_root(start: Path) -> Path | None:
    """The top of the git work tree holding ``start``, or ``None`` outside git."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def nearest_schema_copy(folder: Path) -> Path | None:
    """The nearest ``.briefkit/brief.schema.json`` at or above ``folder``, looking no higher than
    the git root when ``folder`` is in a repository (a copy above it is not the desk's)."""
    root = git_root(folder)
    for current in (folder, *folder.parents):
        if root is not None and not current.is_relative_to(root):
            break
        candidate = current / SCHEMA_FOLDER / BRIEF_SCHEMA
        if candidate.is_file():
            return candidate
    return None


_SCHEMA_ID = re.compile(rb'"\$id"\s*:\s*"https://briefkit\.dev/schema/(\d+)/[a-z]+\.schema\.json"')
"""The ``$id`` of a briefkit schema, with its version."""


def schema_version(path: Path) -> int | None:
    """The version in the ``$id`` of the briefkit schema at ``path``; ``None`` when it is not
    one (or cannot be read)."""
    try:
        match = _SCHEMA_ID.search(path.read_bytes()[:4096])
    except OSError:
        return None
    return int(match[1]) if match else None


def is_stale(copy: Path, name: str) -> bool:
    """Whether ``copy`` is a desk's copy of the built-in schema ``name`` from an older briefkit
    (its ``$id`` has a lower version): editors would reject what this briefkit accepts."""
    version, current = schema_version(copy), schema_version(schema_path(name))
    return version is not None and current is not None and version < current


def copy_schema(name: str, target_folder: Path) -> tuple[Path, bool]:
    """Copy the built-in schema ``name`` into ``target_folder`` unless a current copy is there.

    Returns the copy's path and whether it was written now. An existing copy is replaced only
    when it is stale (:func:`is_stale`); any other file there is kept as it is.
    """
    target = target_folder / f"{name}.schema.json"
    if target.exists() and not is_stale(target, name):
        return target, False
    write_atomically(target, schema_path(name).read_bytes())
    return target, True


def schema_reference(brief_path: Path) -> tuple[str, Path | None]:
    """The ``$schema`` value for a brief at ``brief_path``, and the schema copy created (or
    refreshed, when it was stale) for it.

    The nearest desk copy wins; without one, a copy is made at the git root, or beside the brief
    outside git.
    """
    folder = brief_path.resolve().parent
    existing = nearest_schema_copy(folder)
    created: Path | None = None
    if existing is not None and is_stale(existing, "brief"):
        existing, _ = copy_schema("brief", existing.parent)
        created = existing
    if existing is None:
        home = git_root(folder) or folder
        existing, written = copy_schema("brief", home / SCHEMA_FOLDER)
        created = existing if written else None
    return Path(os.path.relpath(existing, folder)).as_posix(), created
