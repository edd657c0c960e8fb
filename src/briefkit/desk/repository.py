"""The rest of the repository: the briefs not being checked, read so that links resolve.

Checking a folder, one file, standard input or the files changed since a commit resolves
discover-more ids against every brief in the repository (the git work tree, or outside git the
folder of the nearest configuration file): those briefs are parsed here, not linted.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefkit.desk.config import Config, ConfigFinder
from briefkit.desk.detection import decide, looks_like_brief
from briefkit.desk.discovery import (
    Candidate,
    describe_os_error,
    discover_briefs,
    repository_root,
    unreadable,
)
from briefkit.desk.identity import file_identity
from briefkit.desk.links import outside_link
from briefkit.document.brief import Brief, load_brief, parse_brief
from briefkit.document.editions import edition_source
from briefkit.errors import BriefkitError, Failure
from briefkit.files import NotRegularFile, read_file
from briefkit.rules.collection import COLLECTION_KEYS

NOT_A_BRIEF = "JSON that is not a brief"


def read_candidate(candidate: Candidate) -> bytes | str:
    """The candidate's bytes (at most one more than a brief may have), or why it is passed over
    (a FIFO found by walking). Raises :class:`BriefkitError` with a BK007 finding when it cannot
    be read."""
    path, limits = candidate.path, candidate.config.lint.limits
    if candidate.content is not None:
        return candidate.content[: limits.max_read_bytes + 1]
    try:
        return read_file(path, limits.max_read_bytes, regular_only=candidate.walked)
    except NotRegularFile:
        return "not a regular file"
    except OSError as exc:
        name = os.fspath(path)
        raise BriefkitError(name, [unreadable(name, describe_os_error(exc))]) from None


def load_candidate(candidate: Candidate, raw: bytes | None = None) -> Brief | str:
    """The candidate parsed (from ``raw`` when already read), or why it is not a brief (a JSON
    file found by walking that is not one, a FIFO). Raises :class:`BriefkitError` with
    findings when it cannot be read or parsed (and may be a brief)."""
    limits = candidate.config.lint.limits
    name = os.fspath(candidate.path)
    if raw is None:
        read = read_candidate(candidate)
        if isinstance(read, str):
            return read
        raw = read
    if not candidate.certain:
        if len(raw) > limits.max_file_bytes and not decide(raw, limits.max_file_bytes, None):
            return "JSON over the size limit that does not name the brief schema"
        try:
            brief = parse_brief(raw, name, limits)
        except BriefkitError as error:
            if any(finding.code == "BK004" for finding in error.findings):
                return "JSON that is not an object"
            raise
        return brief if looks_like_brief(brief.data) else NOT_A_BRIEF
    try:
        return parse_brief(raw, name, limits)
    except BriefkitError as error:
        if not outside_link(candidate.path):
            raise
        # A file outside the repository, named through a link: say what is wrong, quote nothing.
        message = "not a brief (a file outside the repository: its content is not quoted)"
        quiet = [replace(finding, message=message) for finding in error.findings]
        raise BriefkitError(f"{name}: {message}", quiet) from None


def slim(brief: Brief) -> Brief:
    """Only what the collection rules read, so that less crosses between processes."""
    kept = {key: brief.data[key] for key in COLLECTION_KEYS if key in brief.data}
    return Brief(brief.path, kept, brief.source)


def path_key(path: str | os.PathLike[str]) -> str:
    """A path made absolute and normalised, without touching the file system: a set key."""
    # Not Path.resolve(): symbolic links are kept; abspath is normpath(cwd / path), strings only.
    return os.path.abspath(path)  # noqa: PTH100


def shown_path(path: str | os.PathLike[str]) -> str:
    """A path as findings name it: relative to the working directory when below it."""
    text = os.fspath(path)  # strings: this runs for every brief of a desk
    if not os.path.isabs(text):  # noqa: PTH117
        return text
    here = os.getcwd()  # noqa: PTH109
    if text == here:
        return "."
    prefix = here if here.endswith(os.sep) else here + os.sep
    return text[len(prefix) :] if text.startswith(prefix) else text


def context_briefs(
    roots: Iterable[Path],
    finder: ConfigFinder,
    checked: set[str],
    *,
    tracked_only: bool,
    staged: bool = False,
    load: Callable[[Candidate], Brief | str] = load_candidate,
) -> list[Brief]:
    """Every other brief in the repositories, parsed (not linted), for resolving links;
    ``staged``: as the git index holds them. ``load`` reads a candidate (the result cache's
    summary of it, when ``check`` has one)."""
    briefs: list[Brief] = []
    roots = list(roots)
    # A link to a checked brief is that brief: files are told apart by device and inode (the
    # walk read those; a path that cannot be read is told apart by its real path).
    seen = {file_identity(key) for key in checked} if roots else set()
    for root in roots:
        shown = Path(shown_path(root))
        discovery = discover_briefs([shown], finder, detect=False, tracked_only=tracked_only)
        candidates = list(discovery.candidates)
        if staged:
            from briefkit.desk.index import from_index  # only for --staged

            candidates, _ = from_index(candidates, root)
        for candidate in candidates:
            key = candidate.identity or file_identity(candidate.path)
            if key in seen:
                continue
            seen.add(key)
            try:
                loaded = load(candidate)
            except BriefkitError:
                continue
            if isinstance(loaded, Brief):
                briefs.append(slim(loaded))
    return briefs


def uncovered_roots(
    named: Sequence[Path], finder: ConfigFinder, walked: Sequence[Path]
) -> list[Path]:
    """The repositories of the checked paths (and standard input's name) that the walk did not
    already cover whole: their other briefs are read for resolving links."""
    roots: dict[Path, None] = {}
    covered = {Path(path_key(folder)) for folder in walked}
    for path in named:
        root = repository_root(path if path.exists() else Path(), finder)
        if root is None:
            continue
        root = Path(path_key(root))
        if any(root == folder or root.is_relative_to(folder) for folder in covered):
            continue
        roots[root] = None
    return list(roots)


def editions_of_checked(checked: list[Brief], context: list[Brief]) -> set[str]:
    """Briefs of the rest of the repository that are editions of a checked brief: when a source
    changes, its editions may have gone stale (BK210), so they are checked too."""
    ids = {brief.data.get("id") for brief in checked} - {None}
    return {path_key(brief.path) for brief in context if edition_source(brief.data) in ids}


def linkers_to_lost(old_ids: set[str], checked: list[Brief], context: list[Brief]) -> set[str]:
    """Briefs that link to an id a changed brief had and no brief has any more."""
    current = {b.data.get("id") for b in (*checked, *context)}
    lost = old_ids - current
    if not lost:
        return set()
    linkers = set()
    for brief in context:
        related = brief.data.get("discover_more")
        if isinstance(related, list) and any(
            isinstance(item, dict) and item.get("id") in lost for item in related
        ):
            linkers.add(path_key(brief.path))
    return linkers


@dataclass
class FoundBriefs:
    """The briefs under some paths, each with the configuration that applies to it, and the files
    that could not be read (with why) or were passed over as not briefs."""

    briefs: list[tuple[Brief, Config]] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def find_briefs(
    paths: Sequence[Path], finder: ConfigFinder, select: Callable[[str], bool] | None = None
) -> FoundBriefs:
    """Every brief under ``paths`` (files as given, folders walked as ``check`` walks them),
    loaded; JSON files found in folders that are not briefs are skipped. ``select`` keeps only
    the files whose names it accepts, before they are read (a shard of a batch)."""
    found = FoundBriefs()
    discovery = discover_briefs(paths, finder, detect=False)
    found.failed.extend(Failure(finding.file, finding.message) for finding in discovery.findings)
    for candidate in discovery.candidates:
        name = candidate.path.as_posix()
        if select is not None and not select(name):
            continue
        try:
            brief = load_brief(candidate.path, candidate.config.lint.limits)
        except BriefkitError as error:
            found.failed.append(Failure.of(name, error))
            continue
        if not candidate.certain and not looks_like_brief(brief.data):
            found.skipped.append((name, "not a brief"))
            continue
        found.briefs.append((brief, candidate.config))
    return found
