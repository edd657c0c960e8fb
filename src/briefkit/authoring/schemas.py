"""Where a desk keeps its copy of the schemas, and how a brief refers to it in ``$schema``.

A brief never depends on fetching the schema's ``$id`` URL: it names a copy the desk carries in
``.briefkit/`` (see DECISIONS, "``$schema`` in briefs").
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from briefkit.assets import schema_path

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


def copy_schema(name: str, target_folder: Path) -> tuple[Path, bool]:
    """Copy the built-in schema ``name`` into ``target_folder`` unless a copy is there already.

    Returns the copy's path and whether it was written now (an existing file is never replaced).
    """
    target = target_folder / f"{name}.schema.json"
    if target.exists():
        return target, False
    target_folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(schema_path(name), target)
    return target, True


def schema_reference(brief_path: Path) -> tuple[str, Path | None]:
    """The ``$schema`` value for a brief at ``brief_path``, and the schema copy created for it.

    The nearest desk copy wins; without one, a copy is made at the git root, or beside the brief
    outside git.
    """
    folder = brief_path.resolve().parent
    existing = nearest_schema_copy(folder)
    created: Path | None = None
    if existing is None:
        home = git_root(folder) or folder
        existing, written = copy_schema("brief", home / SCHEMA_FOLDER)
        created = existing if written else None
    return Path(os.path.relpath(existing, folder)).as_posix(), created
