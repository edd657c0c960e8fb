"""What git knows about a folder: its work tree, and the files it tracks or would track."""

from __future__ import annotations

import os
import subprocess
from functools import cache
from pathlib import Path


@cache
def git_toplevel(folder: Path) -> Path | None:
    """The top of the git work tree holding ``folder``, or ``None`` (no git, or not a work tree)."""
    try:
        done = subprocess.run(
            ["git", "-C", os.fspath(folder), "rev-parse", "--show-toplevel"],
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    if done.returncode != 0:
        return None
    return Path(os.fsdecode(done.stdout.rstrip(b"\n")))


def git_listed_files(folder: Path, *, tracked_only: bool = False) -> list[str] | None:
    """Files under ``folder`` that git tracks or would track, relative to it, or ``None``.

    ``tracked_only`` lists only what is in the index (staged), not untracked files.
    """
    others = [] if tracked_only else ["--others", "--exclude-standard"]
    try:
        done = subprocess.run(
            ["git", "-C", os.fspath(folder), "ls-files", "--cached", *others, "-z"],
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    if done.returncode != 0:
        return None
    names = (os.fsdecode(name) for name in done.stdout.split(b"\0") if name)
    return list(dict.fromkeys(names))


def report_root(path: Path) -> Path:
    """What report paths are relative to (SARIF's ``%SRCROOT%``, GitLab's paths): the git
    top-level holding ``path``, or the working directory outside git."""
    folder = path.absolute()
    if not folder.is_dir():
        folder = folder.parent
    return git_toplevel(folder) or Path.cwd()
