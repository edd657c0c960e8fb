"""What git knows about a folder: its work tree, and the files it tracks or would track."""

from __future__ import annotations

import os
import subprocess
from functools import cache
from pathlib import Path


def git(folder: Path, *args: str, input: bytes | None = None) -> bytes | None:
    """What ``git -C folder ARGS`` prints, or ``None`` when git is missing or the command fails."""
    try:
        done = subprocess.run(
            ["git", "-C", os.fspath(folder), *args], input=input, capture_output=True, check=False
        )
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def nul_separated(output: bytes | None) -> list[str]:
    """File names git printed with ``-z``, in order, without repeats."""
    names = (os.fsdecode(name) for name in (output or b"").split(b"\0") if name)
    return list(dict.fromkeys(names))


@cache
def git_toplevel(folder: Path) -> Path | None:
    """The top of the git work tree holding ``folder``, or ``None`` (no git, or not a work tree)."""
    top = git(folder, "rev-parse", "--show-toplevel")
    return Path(os.fsdecode(top.rstrip(b"\n"))) if top is not None else None


def git_listed_files(folder: Path, *, tracked_only: bool = False) -> list[str] | None:
    """Files under ``folder`` that git tracks or would track, relative to it, or ``None``.

    ``tracked_only`` lists only what is in the index (staged), not untracked files.
    """
    others = [] if tracked_only else ["--others", "--exclude-standard"]
    listed = git(folder, "ls-files", "--cached", *others, "-z")
    return nul_separated(listed) if listed is not None else None


def report_root(path: Path) -> Path:
    """What report paths are relative to (SARIF's ``%SRCROOT%``, GitLab's paths): the git
    top-level holding ``path``, or the working directory outside git."""
    folder = path.absolute()
    if not folder.is_dir():
        folder = folder.parent
    return git_toplevel(folder) or Path.cwd()
