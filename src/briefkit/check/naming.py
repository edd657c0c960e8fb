"""How every report names a file, decided once: relative to the report's root (the git top-level
inside a repository, else the working directory: :func:`briefkit.desk.git.report_root`), with
``/`` separators, so that text, JSON, GitHub annotations, SARIF, JUnit and GitLab reports made
from any folder name the same paths, which GitHub and GitLab can place on a diff."""

from __future__ import annotations

import os
from pathlib import Path


def report_base(root: Path | None) -> Path:
    """The folder report paths are relative to (``None``: the working directory)."""
    return (root or Path.cwd()).absolute()


def absolute(file: str | os.PathLike[str]) -> Path:
    """``file`` as an absolute path, ``..`` folded, symbolic links kept (no file-system access)."""
    return Path(os.path.normpath(Path(file).absolute()))


def relative_to_root(file: str, root: Path | None) -> str | None:
    """``file`` relative to the report's root, ``/``-separated, or ``None`` when outside it."""
    try:
        return absolute(file).relative_to(report_base(root)).as_posix()
    except ValueError:
        return None


def report_name(file: str, root: Path | None) -> str:
    """How every format names ``file``: relative to the root; a file outside it by its absolute
    path; standard input (``-``) as it is."""
    if file in ("", "-"):
        return file
    relative = relative_to_root(file, root)
    return relative if relative is not None else absolute(file).as_posix()
