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


def edition_files(sources: Sequence[Path], finder: ConfigFinder) -> list[Path]:
    """The files of every edition of the briefs at ``sources``, in path order (not the sources
    themselves). Raises :class:`BriefkitError` when a source cannot be read or has no id."""
    wanted: dict[str, Path] = {}
    roots: dict[Path, None] = {}
    for source in sources:
        brief = load_brief(source, finder.for_path(source).lint.limits)
        source_id = brief.data.get("id")
        if not isinstance(source_id, str) or not source_id:
            raise BriefkitError(f"{source}: has no id, so no edition can name it")
        wanted[source_id] = source
        roots[repository_root(source, finder) or source.absolute().parent] = None
    given = {os.path.realpath(source) for source in sources}
    found: dict[str, Path] = {}
    for root in roots:
        for candidate in discover_briefs([root], finder, detect=False).candidates:
            key = os.path.realpath(candidate.path)
            if key in given or key in found:
                continue
            try:
                loaded = load_candidate(candidate)
            except BriefkitError:
                continue  # not this command's to report: `briefkit check` does
            if isinstance(loaded, Brief) and edition_source(loaded.data) in wanted:
                found[key] = Path(shown_path(candidate.path))
    return sorted(found.values())
