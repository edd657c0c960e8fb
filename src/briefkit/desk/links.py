"""Symbolic links and the repository they may not leave.

A brief is what git would track; a link in the repository that leads outside it (to a secret in
the home folder, to another repository) is not followed while walking, and a named one is
checked without its content ever being quoted (a secret read as a brief would be).
"""

from __future__ import annotations

from pathlib import Path

from briefkit.desk.git import git_toplevel


def leads_inside(link: Path, root: Path) -> bool:
    """Whether the symbolic link ``link`` (and every link after it) ends inside ``root``; a
    loop counts as inside (reading it is then reported as the loop it is)."""
    try:
        return link.resolve().is_relative_to(root)
    except (OSError, RuntimeError):
        return True


def repository_of(folder: Path) -> Path:
    """The repository ``folder`` belongs to: its git work tree, else the working directory when
    it holds ``folder``, else ``folder`` itself (resolved)."""
    folder = folder.absolute()
    top = git_toplevel(folder)
    if top is None:
        here = Path.cwd()
        top = here if folder.resolve().is_relative_to(here.resolve()) else folder
    return top.resolve()


def outside_link(path: Path) -> bool:
    """Whether ``path`` is a symbolic link that leaves the repository it sits in."""
    return path.is_symlink() and not leads_inside(path, repository_of(path.parent))
