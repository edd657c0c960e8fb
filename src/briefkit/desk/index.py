"""The git index: what ``check --staged`` reads instead of the working tree.

A commit records the index, not the working tree. A hook that judges the working tree passes a
bad staged version whose working copy was fixed, and fails a good staged version with a bad
unstaged edit; hook runners that do not stash unstaged changes (plain git hooks, lefthook,
husky) would judge the wrong content. So ``--staged`` checks each brief's staged bytes, and reads
the rest of the repository (for the rules across briefs) from the index too.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from briefkit.desk.discovery import Candidate
from briefkit.desk.git import git, git_toplevel

NOT_STAGED = "not in the git index (untracked): a check of what is staged sees what a commit would"


def staged_blobs(root: Path, paths: Sequence[Path]) -> dict[Path, bytes]:
    """The staged content of each of ``paths`` that the index holds (one ``git cat-file``), by
    the path as given; a path the index does not hold is left out."""
    top = git_toplevel(root.absolute())
    if top is None or not paths:
        return {}
    top = top.resolve()
    names: dict[str, Path] = {}
    folders: dict[str, str] = {}
    inside = os.fspath(top) + ("" if os.fspath(top).endswith(os.sep) else os.sep)
    for path in paths:
        real = _real_path(path, folders)
        if not real.startswith(inside):
            continue  # outside this repository
        names.setdefault(real[len(inside) :].replace(os.sep, "/"), path)
    request = b"".join(f":{name}\n".encode("utf-8", "surrogateescape") for name in names)
    data = git(top, "cat-file", "--batch", input=request) or b""
    found: dict[Path, bytes] = {}
    position = 0
    for name in names:
        if position >= len(data):
            break
        end = data.index(b"\n", position)
        header = data[position:end].split()
        position = end + 1
        if len(header) < 3 or header[-2] != b"blob":
            continue  # "<name> missing": not in the index
        size = int(header[-1])
        found[names[name]] = data[position : position + size]
        position += size + 1
    return found


def _real_path(path: Path, folders: dict[str, str]) -> str:
    """``path`` with links followed, as ``Path.resolve`` has it, resolving each folder once
    (``folders`` remembers them): a desk's briefs share a few folders."""
    if path.is_symlink() or ".." in path.parts:  # as resolve() has them: links first
        return os.fspath(path.resolve())
    folder, name = os.path.split(os.path.abspath(path))  # noqa: PTH100
    if folder not in folders:
        folders[folder] = os.path.realpath(folder)
    return os.path.join(folders[folder], name)  # noqa: PTH118


def from_index(
    candidates: Sequence[Candidate], root: Path
) -> tuple[list[Candidate], list[tuple[Path, str]]]:
    """``candidates`` holding their staged content, and those the index does not hold, with
    why they are passed over."""
    blobs = staged_blobs(root, [candidate.path for candidate in candidates])
    staged, passed_over = [], []
    for candidate in candidates:
        blob = blobs.get(candidate.path)
        if blob is None:
            passed_over.append((candidate.path, NOT_STAGED))
        else:
            staged.append(replace(candidate, content=blob))
    return staged, passed_over


def as_found(candidates: Sequence[Candidate]) -> tuple[list[Candidate], list[tuple[Path, str]]]:
    """Files a hook names (pre-commit passes every staged ``.json`` file) judged as if found by
    walking: with ``include`` in the configuration, a brief when ``include`` matches it; without,
    a ``.json`` file outside hidden folders, a brief when its content says so. The others are
    passed over, with why."""
    from briefkit.desk.patterns import PatternList  # only for a hook's files

    kept, passed_over = [], []
    for candidate in candidates:
        config, path = candidate.config, candidate.path
        try:
            relative = path.absolute().relative_to(config.root.absolute()).as_posix()
        except ValueError:
            relative = path.name
        if config.include:
            if PatternList(config.include).match(relative):
                kept.append(replace(candidate, certain=True, walked=True))
            else:
                passed_over.append((path, "not matched by include"))
        elif any(part.startswith(".") for part in Path(relative).parts):
            passed_over.append((path, "in a hidden folder"))
        elif path.suffix.lower() == ".json":
            kept.append(replace(candidate, certain=False, walked=True))
        else:
            passed_over.append((path, "not a .json file"))
    return kept, passed_over


def is_named_file(path: Path) -> bool:
    """Whether ``path`` names a file (as a hook passes them), not a folder or standard input."""
    return os.fspath(path) != "-" and not path.is_dir()
