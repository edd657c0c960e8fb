"""What changed in git: the files changed since a commit, or staged for the next one.

``check --changed-since REF`` and the pre-commit hook (``check --staged``) check the briefs that
changed, plus the briefs that link to an id a changed brief no longer has (a deleted or renamed
brief), so this module also reads the ids the changed files had before.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from briefkit.desk.config import CONFIG_FILE, ConfigError
from briefkit.desk.detection import looks_like_brief
from briefkit.desk.git import git, nul_separated
from briefkit.errors import Hint

CONFIG_NAMES = (CONFIG_FILE, "pyproject.toml")


@dataclass(frozen=True)
class Changes:
    """Files changed, as absolute paths; the ids the changed files had before."""

    paths: frozenset[str] = frozenset()
    old_ids: set[str] = field(default_factory=set)
    all_changed: bool = False
    """The configuration changed (or there is no earlier commit): every brief is checked."""


def _old_ids(root: Path, ref: str, names: list[str]) -> set[str]:
    """The ids of the briefs among ``names`` as they were at ``ref`` (one ``git cat-file``)."""
    wanted = [name for name in names if name.endswith(".json")]
    if not wanted:
        return set()
    request = b"".join(f"{ref}:{name}\n".encode("utf-8", "surrogateescape") for name in wanted)
    ids: set[str] = set()
    data = git(root, "cat-file", "--batch", input=request) or b""
    position = 0
    while position < len(data):
        end = data.index(b"\n", position)
        header = data[position:end].split()
        position = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue  # "<name> missing": the file did not exist at ref
        size = int(header[2])
        blob = data[position : position + size]
        position += size + 1
        try:
            value = json.loads(blob)
        except ValueError:
            continue
        if looks_like_brief(value) and isinstance(value.get("id"), str):
            ids.add(value["id"])
    return ids


def _changes(root: Path, ref: str, diff: list[str], untracked: list[str]) -> Changes:
    names = nul_separated(git(root, *diff))
    if any(Path(name).name in CONFIG_NAMES for name in names):
        return Changes(all_changed=True, old_ids=_old_ids(root, ref, names))
    paths = frozenset(os.path.normpath(root.absolute() / name) for name in (*names, *untracked))
    return Changes(paths, _old_ids(root, ref, names))


def merge_base(root: Path, ref: str) -> str:
    """The commit ``ref`` and ``HEAD`` last had in common (as pre-commit's ``--from-ref`` and
    ``git diff REF...HEAD`` take it), so that commits ``ref`` gained since the branch left it are
    not counted as the branch's changes. Without a ``HEAD`` (no commit yet), ``ref`` itself."""
    if git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}") is None:
        raise ConfigError(f"{ref!r} names no commit in {root}", hint=Hint.CHANGED_SINCE)
    if git(root, "rev-parse", "--verify", "--quiet", "HEAD") is None:
        return ref
    base = git(root, "merge-base", ref, "HEAD")
    if base is None:
        raise ConfigError(
            f"{ref!r} has no commit in common with HEAD in {root} (in a shallow clone, fetch "
            "more history, e.g. git fetch --unshallow)",
            hint=Hint.CHANGED_SINCE,
        )
    return base.decode("ascii").strip()


def changed_since(root: Path, ref: str) -> Changes:
    """Files that differ between the merge base of ``ref`` and ``HEAD`` and the working tree,
    and untracked files."""
    base = merge_base(root, ref)
    untracked = nul_separated(git(root, "ls-files", "--others", "--exclude-standard", "-z"))
    diff = ["diff", "--name-only", "--no-renames", "-z", base, "--"]
    return _changes(root, base, diff, untracked)


def staged_changes(root: Path) -> Changes:
    """Files staged for the next commit, against ``HEAD``.

    Everything is checked before the first commit, and when nothing at all is staged: that is
    ``pre-commit run --all-files`` (or a hand-run ``--staged``) on a clean tree, which asks for a
    check of every tracked brief.
    """
    if git(root, "rev-parse", "--verify", "--quiet", "HEAD") is None:
        return Changes(all_changed=True)
    diff = ["diff", "--cached", "--name-only", "--no-renames", "-z", "HEAD", "--"]
    if not git(root, *diff):
        return Changes(all_changed=True)
    return _changes(root, "HEAD", diff, [])
