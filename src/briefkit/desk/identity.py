"""Which paths are one file: a symbolic or hard link to a brief found under another name is that
brief, checked once."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefkit.desk.discovery import Candidate


def one_per_file(
    candidates: Sequence[Candidate], skipped: list[tuple[Path, str]]
) -> list[Candidate]:
    """``candidates`` without repeats of one file: a symbolic or hard link to a file found under
    another name is that file, checked once, under its own name rather than a link's. What is
    left out goes to ``skipped``, with why."""
    unique: dict[object, Candidate] = {}
    for candidate in candidates:
        identity = candidate.identity or file_identity(candidate.path)
        first = unique.setdefault(identity, candidate)
        if first is candidate or first.path == candidate.path:
            continue
        if first.path.is_symlink() and not candidate.path.is_symlink():
            unique[identity], first, candidate = candidate, candidate, first
        skipped.append((candidate.path, f"the same file as {os.fspath(first.path)}"))
    return list(unique.values())


def file_identity(path: str | os.PathLike[str]) -> object:
    """What makes two paths the same file (links followed): its device and inode, or the path
    itself when it cannot be read (it is reported later)."""
    try:
        status = Path(path).stat()
    except OSError:
        return os.fspath(path)
    return (status.st_dev, status.st_ino)
