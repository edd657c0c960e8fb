"""Where a brief's editions are: the briefs of its desk whose ``edition_of`` names it.

``render --editions`` renders a source with all its editions; the desk is the source's
repository (the git work tree, or the folder of the nearest configuration), else its folder.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from briefkit.desk.config import ConfigFinder
from briefkit.desk.discovery import discover_briefs, repository_root
from briefkit.desk.repository import load_candidate, shown_path
from briefkit.document.brief import Brief, load_brief
from briefkit.document.editions import edition_source
from briefkit.errors import BriefkitError


def desk_briefs(paths: Sequence[Path], finder: ConfigFinder) -> list[Brief]:
    """Every brief of the desks holding ``paths`` (parsed, not linted; files that cannot be read
    are left out: ``briefkit check`` reports them)."""
    roots: dict[Path, None] = {}
    for path in paths:
        roots[repository_root(path, finder) or path.absolute().parent] = None
    briefs: dict[str, Brief] = {}
    for root in roots:
        for candidate in discover_briefs([root], finder, detect=False).candidates:
            key = os.path.realpath(candidate.path)
            if key in briefs:
                continue
            try:
                loaded = load_candidate(candidate)
            except BriefkitError:
                continue
            if isinstance(loaded, Brief):
                briefs[key] = Brief(shown_path(Path(loaded.path)), loaded.data, loaded.source)
    return list(briefs.values())


def edition_files(sources: Sequence[Path], finder: ConfigFinder) -> list[Path]:
    """The files of every edition of the briefs at ``sources``, in path order (not the sources
    themselves). Raises :class:`BriefkitError` when a source cannot be read or has no id."""
    wanted: set[str] = set()
    for source in sources:
        brief = load_brief(source, finder.for_path(source).lint.limits)
        source_id = brief.data.get("id")
        if not isinstance(source_id, str) or not source_id:
            raise BriefkitError(f"{source}: has no id, so no edition can name it")
        wanted.add(source_id)
    given = {os.path.realpath(source) for source in sources}
    return sorted(
        Path(brief.path)
        for brief in desk_briefs(sources, finder)
        if edition_source(brief.data) in wanted and os.path.realpath(brief.path) not in given
    )
