"""Rules over a set of briefs checked together (``briefkit check``): BK20x.

Joined into the catalogue by :mod:`briefkit.rules.catalogue`.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date

from briefkit.document.brief import Brief
from briefkit.findings import Rule, Severity
from briefkit.rules import editions
from briefkit.rules.model import Issue

COLLECTION_KEYS = tuple(
    dict.fromkeys(("id", "title", "date", "discover_more", "x-briefkit", *editions.KEYS))
)
"""The only parts of a brief the collection rules and the suppressions read (workers send back no
more than these)."""

_rules: list[Rule] = []


def _by_value(briefs: Sequence[Brief], key: str) -> dict[str, list[Brief]]:
    found: dict[str, list[Brief]] = defaultdict(list)
    for brief in briefs:
        value = brief.data.get(key)
        if isinstance(value, str) and value.strip():
            found[" ".join(value.split()).casefold() if key == "title" else value].append(brief)
    return found


def placement_key(brief: Brief) -> tuple[int, str, str]:
    """The order that decides which of two briefs a symmetric finding (a duplicate) sits on: the
    later one by (``date``, path), a missing or invalid date first. The path is absolute, so a
    full run and a run over the changed files place it on the same brief."""
    value = brief.data.get("date")
    try:
        day = date.fromisoformat(value).isoformat() if isinstance(value, str) else None
    except ValueError:
        day = None
    path = os.path.abspath(brief.path)  # noqa: PTH100 - normpath(cwd / path), strings only
    return (0, "", path) if day is None else (1, day, path)


def _duplicates(briefs: Sequence[Brief], key: str) -> Iterator[tuple[Brief, Brief, str]]:
    """(later brief, first brief, value) for each brief holding a value an earlier one holds."""
    for value, holders in _by_value(briefs, key).items():
        if len(holders) < 2:
            continue  # most values are held once: no order to compute
        ordered = sorted(holders, key=placement_key)
        for brief in ordered[1:]:
            yield brief, ordered[0], value


def _duplicate_ids(briefs: Sequence[Brief]) -> Iterator[tuple[Brief, Issue]]:
    # The other file is named without a line: its line moves when it is edited, and the
    # message (and a report's fingerprint) must not.
    for brief, first, value in _duplicates(briefs, "id"):
        message = f"id {value!r} is already used by {first.path}; ids must be unique"
        yield brief, Issue(("id",), message, related=first.path)


def _unknown_references(briefs: Sequence[Brief]) -> Iterator[tuple[Brief, Issue]]:
    known = set(_by_value(briefs, "id"))
    for brief in briefs:
        related = brief.data.get("discover_more")
        if not isinstance(related, list):
            continue
        for index, item in enumerate(related):
            target = item.get("id") if isinstance(item, dict) else None
            if isinstance(target, str) and target and target not in known:
                yield (
                    brief,
                    Issue(
                        ("discover_more", index, "id"),
                        f"discover_more[{index}].id: no brief in the repository has the id "
                        f"{target!r}",
                    ),
                )


def _duplicate_titles(briefs: Sequence[Brief]) -> Iterator[tuple[Brief, Issue]]:
    for brief, first, _ in _duplicates(briefs, "title"):
        message = f"the same title is used by {first.path}; make each title unique"
        yield brief, Issue(("title",), message, related=first.path)


for _code, _name, _severity, _summary, _explanation, _bad, _good, _check in (
    (
        "BK201",
        "duplicate-id",
        Severity.ERROR,
        "Two briefs have the same id.",
        "Ids link briefs to each other and to the firm's website, so each is used once. The "
        "finding is on every brief but the first by date, then path (a brief without a valid "
        "date counts as the earliest), so it stays on the same brief whatever part of the "
        "repository is checked.",
        'a.json: {"id": "niger-mali-aes"}  b.json: {"id": "niger-mali-aes"}',
        'a.json: {"id": "niger-mali-aes-2025-10-02"}  b.json: {"id": "niger-mali-aes-2025-11-14"}',
        _duplicate_ids,
    ),
    (
        "BK202",
        "unknown-reference",
        Severity.WARNING,
        "A discover-more entry names an id that no brief in the repository has.",
        "Related briefs are referred to by id. Ids are resolved against every brief in the "
        "repository (the git work tree, or the folder of the nearest configuration), also when "
        "only some files, a folder, standard input or the changes since a commit are checked. An "
        "id no brief has is probably mistyped, or its brief was renamed or deleted. The finding is "
        "on the brief that holds the link.",
        '{"discover_more": [{"title": "...", "teaser": "...", "id": "tanzania-elecion"}]}',
        '{"discover_more": [{"title": "...", "teaser": "...", '
        '"id": "tanzania-election-2025-10-29"}]}',
        _unknown_references,
    ),
    (
        "BK203",
        "duplicate-title",
        Severity.WARNING,
        "Two briefs have the same title.",
        "Titles are how readers tell briefs apart in lists and discover-more cards. Titles are "
        "compared ignoring case and spacing. The finding is on every brief but the first by "
        "date, then path, as for BK201.",
        'a.json: {"title": "Sahel update"}  b.json: {"title": "Sahel Update"}',
        'a.json: {"title": "Sahel update: Bamako"}  b.json: {"title": "Sahel update: Niamey"}',
        _duplicate_titles,
    ),
):
    _rules.append(Rule(_code, _name, _severity, _summary, _explanation, _bad, _good, None, _check))

RULES: tuple[Rule, ...] = tuple(_rules)
