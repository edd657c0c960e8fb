"""Which files are briefs: the paths named on the command line, and the briefs found in folders.

Every command that takes folders (``check``, ``build``, ``render PATH...``) finds briefs here, so
that they agree. The rule, documented in the README:

- A path named on the command line is always a brief (unless ``force_exclude`` and an
  ``exclude`` pattern matches it). It may be a FIFO or a process substitution.
- In a folder, only what git would track is walked (``git ls-files --cached --others
  --exclude-standard``: ``.gitignore``, ``.git/info/exclude`` and global excludes). Outside a git
  work tree every file is walked. In both cases hidden files and folders, virtual environments
  (a folder holding ``pyvenv.cfg``) and the configuration's ``exclude`` patterns are skipped, and
  only regular files are ever opened.
- With ``include`` in the configuration, exactly the files it matches are briefs. Without it, a
  ``.json`` file is a brief when its content says so (:mod:`briefkit.desk.detection`); a
  ``.json`` file that does not parse is reported, since it may be a broken brief.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from briefkit.desk.config import Config, ConfigError, ConfigFinder
from briefkit.desk.detection import decide
from briefkit.desk.identity import one_per_file
from briefkit.desk.links import leads_inside, repository_of
from briefkit.document.brief import LOAD_RULES
from briefkit.errors import Hint
from briefkit.files import read_file
from briefkit.findings import Finding

if TYPE_CHECKING:
    from briefkit.desk.patterns import PatternList

VIRTUALENV_MARKER = "pyvenv.cfg"


class NoBriefsFound(ConfigError):
    """Folders were walked and no brief was found: most often a typo in ``include`` (exit 2)."""


@dataclass(frozen=True)
class Candidate:
    """A file to check, with the configuration that applies to it.

    ``certain`` is true for a path named on the command line or matched by ``include``: it is a
    brief whatever it holds. Otherwise it is a ``.json`` file found in a folder, a brief only if
    :mod:`briefkit.desk.detection` says so once it is parsed. ``walked`` files are opened
    only if they are regular files, without blocking. ``content`` replaces the file's bytes.
    """

    path: Path
    config: Config
    certain: bool
    walked: bool
    content: bytes | None = None  # staged version (check --staged), even if deleted from disk
    identity: tuple[int, int] | None = field(default=None, compare=False, repr=False)
    """(device, inode) when the walk already read them (:func:`one_per_file`)."""

    @cached_property
    def key(self) -> str:
        """The path made absolute and normalised (a set key), worked out once."""
        return os.path.abspath(self.path)  # noqa: PTH100 - strings only, links kept


@dataclass(frozen=True)
class Discovery:
    """What :func:`discover_briefs` found."""

    candidates: tuple[Candidate, ...]
    findings: tuple[Finding, ...] = ()
    """A named path that does not exist, a file that cannot be opened, a symbolic-link loop."""
    skipped: tuple[tuple[Path, str], ...] = ()
    """Files passed over, with the reason (shown with ``--verbose``)."""
    walked: tuple[Path, ...] = ()
    """The folders that were walked (zero briefs under them is an error)."""
    named: tuple[Path, ...] = field(default=())
    """The paths given, as given."""

    @property
    def paths(self) -> tuple[Path, ...]:
        """The candidates' paths, in order."""
        return tuple(candidate.path for candidate in self.candidates)


def unreadable(path: Path | str, message: str) -> Finding:
    """A BK007 finding for a file that cannot be read (or a named path that does not exist)."""
    return Finding(
        _UNREADABLE.code, _UNREADABLE.name, _UNREADABLE.severity, message, os.fspath(path)
    )


_UNREADABLE = next(rule for rule in LOAD_RULES if rule.code == "BK007")


def repository_root(path: Path, finder: ConfigFinder) -> Path | None:
    """Where briefs that link to each other live: the git top-level, or outside git the folder of
    the nearest configuration file; ``None`` when there is neither."""
    folder = path.absolute()
    if not folder.is_dir():
        folder = folder.parent
    from briefkit.desk.git import git_toplevel  # subprocess: only when a repository is needed

    top = git_toplevel(folder)
    if top is not None:
        return top
    config = finder.for_path(folder)
    return config.root.absolute() if config.path is not None else None


class _Walker:
    """Walks folders with the configuration of each, caching what each folder decides."""

    def __init__(self, finder: ConfigFinder, *, tracked_only: bool = False) -> None:
        self.finder = finder
        self.tracked_only = tracked_only
        self.patterns: dict[Path | None, tuple[PatternList, PatternList]] = {}
        self.skipped: list[tuple[Path, str]] = []
        self.findings: list[Finding] = []

    def lists(self, config: Config) -> tuple[PatternList, PatternList]:
        from briefkit.desk.patterns import PatternList  # only when walking folders

        if config.path not in self.patterns:
            self.patterns[config.path] = (PatternList(config.exclude), PatternList(config.include))
        return self.patterns[config.path]

    def relative(self, path: Path, base: Path) -> str | None:
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            return None

    def excluded(self, path: Path, config: Config, base: Path, *, is_folder: bool) -> bool:
        relative = self.relative(path, base)
        if relative is None:
            return False
        return self.lists(config)[0].match(relative, is_folder=is_folder)

    def walk(self, top: Path) -> Iterator[Candidate]:
        """The candidate briefs under ``top`` (an absolute folder)."""
        from briefkit.desk.git import git_listed_files  # only when walking

        self.root = repository_of(top)  # links may not leave it (git: None outside a work tree)
        listed = git_listed_files(top, tracked_only=self.tracked_only)
        if listed is not None:
            yield from self._from_list(top, listed)
        else:
            yield from self._from_tree(top)

    def _base(self, top: Path, config: Config) -> Path:
        """What ``config``'s patterns are relative to: its folder, except that a folder named on
        the command line that is itself excluded is checked, with the patterns applied inside."""
        root = config.root.absolute()
        relative = self.relative(top, root)
        if relative and relative != "." and self.lists(config)[0].match(relative, is_folder=True):
            return top
        return root

    def _folder_kept(self, folder: Path, top: Path) -> bool:
        if folder.name.startswith("."):
            self.skipped.append((folder, "hidden folder"))
            return False
        if (folder / VIRTUALENV_MARKER).exists():
            self.skipped.append((folder, "virtual environment"))
            return False
        config = self.finder.for_path(folder)
        if self.excluded(folder, config, self._base(top, config), is_folder=True):
            self.skipped.append((folder, "excluded"))
            return False
        return True

    def _file(
        self, path: Path, config: Config, base: Path, relative: str | None = ""
    ) -> Candidate | None:
        name = path.name  # relative: from base, when the caller knows it (None: outside base)
        if name.startswith("."):
            return None
        relative = self.relative(path, base) if relative == "" else relative
        exclude, include = self.lists(config)
        if relative is not None and exclude.match(relative, is_folder=False):
            self.skipped.append((path, "excluded"))
            return None
        if include:
            if not include.match(relative if relative is not None else name):
                return None
            certain = True
        elif name[-5:].lower() == ".json":
            certain = False
        else:
            return None
        try:
            status = os.lstat(path)
        except FileNotFoundError:
            return Candidate(path, config, certain, walked=True) if self.tracked_only else None
        except OSError as exc:
            self.findings.append(unreadable(path, describe_os_error(exc)))
            return None
        if stat.S_ISREG(status.st_mode):  # most files: one system call
            identity = (status.st_dev, status.st_ino)
            return Candidate(path, config, certain, walked=True, identity=identity)
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            self.findings.append(unreadable(path, "a symbolic link to nothing"))
            return Candidate(path, config, certain, walked=True) if self.tracked_only else None
        except OSError as exc:
            self.findings.append(unreadable(path, describe_os_error(exc)))
            return None
        if not stat.S_ISREG(mode):
            if not stat.S_ISDIR(mode):
                self.skipped.append((path, "not a regular file"))
            return None
        if stat.S_ISLNK(status.st_mode) and not leads_inside(path, self.root):
            self.skipped.append((path, "a symbolic link leading outside the repository"))
            return None
        return Candidate(path, config, certain, walked=True)

    def _from_tree(self, top: Path) -> Iterator[Candidate]:
        for current, folders, files in os.walk(top):
            here = Path(current)
            folders[:] = [name for name in sorted(folders) if self._folder_kept(here / name, top)]
            config = self.finder.for_path(here)
            base = self._base(top, config)
            for name in sorted(files):
                candidate = self._file(here / name, config, base)
                if candidate is not None:
                    yield candidate

    def _from_list(self, top: Path, listed: Sequence[str]) -> Iterator[Candidate]:
        folder_kept: dict[Path, bool] = {top: True}

        def kept(folder: Path) -> bool:
            if folder not in folder_kept:
                parent_kept = folder == top or kept(folder.parent)
                folder_kept[folder] = parent_kept and self._folder_kept(folder, top)
            return folder_kept[folder]

        by_folder: dict[str, list[str]] = {}  # strings: pathlib costs more than a cached check
        for name in listed:
            folder, _, file = name.rpartition("/")
            by_folder.setdefault(folder, []).append(file)
        for folder in sorted(by_folder, key=lambda name: name.split("/")):
            here = top / folder if folder else top
            if not kept(here):
                continue
            config = self.finder.for_path(here)
            base = self._base(top, config)
            inside = self.relative(here, base)
            for name in sorted(by_folder[folder]):
                relative = None if inside is None else name if inside == "." else f"{inside}/{name}"
                candidate = self._file(here / name, config, base, relative)
                if candidate is not None:
                    yield candidate


def describe_os_error(exc: OSError) -> str:
    """What went wrong opening or reading a file, in the words of a BK007 finding."""
    if isinstance(exc, FileNotFoundError):
        return "no such file or folder"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a brief file"
    if exc.errno == errno.ELOOP:
        return "cannot read the file: a symbolic link that points to itself (a loop)"
    return f"cannot read the file: {exc.strerror or exc}"


def discover_briefs(
    paths: Sequence[Path],
    finder: ConfigFinder,
    *,
    force_exclude: bool = False,
    allow_empty: bool = True,
    detect: bool = True,
    tracked_only: bool = False,
) -> Discovery:
    """The briefs named by ``paths``: files as given, folders walked (see the module's rule).

    ``detect`` reads each uncertain candidate to decide whether it is a brief (other commands);
    ``check`` passes ``False`` and decides when it parses the file anyway, which costs nothing
    more. ``allow_empty=False`` raises :class:`NoBriefsFound` when folders were walked and no
    brief was found (with ``detect=False`` the caller must check after deciding).
    ``tracked_only`` walks only what is staged in git (the pre-commit hook), not untracked files.
    """
    walker = _Walker(finder, tracked_only=tracked_only)
    candidates: list[Candidate] = []
    walked: list[Path] = []
    for path in paths:
        if os.fspath(path) == "-":
            continue
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            if path.is_symlink():
                walker.findings.append(unreadable(path, "a symbolic link to nothing"))
            else:
                walker.findings.append(unreadable(path, "no such file or folder"))
            continue
        except OSError as exc:
            walker.findings.append(unreadable(path, describe_os_error(exc)))
            continue
        if stat.S_ISDIR(mode):
            walked.append(path)
            top = path.absolute()
            skipped_before, findings_before = len(walker.skipped), len(walker.findings)
            inside = len(os.fspath(top))  # strings: pathlib's relative_to costs more
            for candidate in walker.walk(top):
                relative = os.fspath(candidate.path)[inside:].lstrip(os.sep)
                shown = path / relative
                candidates.append(
                    Candidate(shown, candidate.config, candidate.certain, True, None,
                              candidate.identity)
                )  # fmt: skip
            walker.skipped[skipped_before:] = [
                (path / place.relative_to(top), why)
                for place, why in walker.skipped[skipped_before:]
            ]
            walker.findings[findings_before:] = [
                replace(finding, file=os.fspath(path / Path(finding.file).relative_to(top)))
                for finding in walker.findings[findings_before:]
            ]
            continue
        config = finder.for_path(path)
        if force_exclude and _excluded_with_parents(walker, path.absolute(), config):
            walker.skipped.append((path, "excluded (exclude applies to named paths too)"))
            continue
        candidates.append(Candidate(path, config, certain=True, walked=False))
    unique = one_per_file(candidates, walker.skipped)
    discovery = Discovery(
        tuple(unique),
        tuple(walker.findings),
        tuple(walker.skipped),
        tuple(walked),
        tuple(paths),
    )
    if detect:
        discovery = _detect(discovery)
        if not allow_empty:
            require_briefs(discovery.walked, len(discovery.candidates))
    return discovery


def _excluded_with_parents(walker: _Walker, path: Path, config: Config) -> bool:
    base = config.root.absolute()
    if walker.excluded(path, config, base, is_folder=False):
        return True
    return any(
        walker.excluded(parent, config, base, is_folder=True)
        for parent in path.parents
        if parent.is_relative_to(base) and parent != base
    )


def require_briefs(walked: Sequence[Path], count: int) -> None:
    """Raise :class:`NoBriefsFound` when folders were walked and ``count`` is zero."""
    if walked and count == 0:
        where = ", ".join(os.fspath(folder) for folder in walked)
        message = f"no briefs found under {where}; create one with `briefkit new`"
        raise NoBriefsFound(message, hint=Hint.ALLOW_EMPTY)


def _detect(discovery: Discovery) -> Discovery:
    import json

    kept: list[Candidate] = []
    findings = list(discovery.findings)
    skipped = list(discovery.skipped)
    for candidate in discovery.candidates:
        if candidate.certain:
            kept.append(candidate)
            continue
        limit = candidate.config.lint.limits.max_file_bytes
        try:
            raw = read_file(candidate.path, limit, regular_only=True)
        except OSError as exc:
            findings.append(unreadable(candidate.path, describe_os_error(exc)))
            continue
        decision = decide(raw, limit, json.loads)
        if decision is None:
            kept.append(candidate)  # broken JSON: checking it reports why
        elif decision:
            kept.append(candidate)
        else:
            skipped.append((candidate.path, "JSON that is not a brief"))
    return Discovery(
        tuple(kept), tuple(findings), tuple(skipped), discovery.walked, discovery.named
    )
