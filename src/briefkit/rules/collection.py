"""Rules over a set of briefs checked together (``briefkit check``): BK20x.

Joined into the catalogue by :mod:`briefkit.rules.catalogue`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from briefkit.document.brief import Brief
from briefkit.findings import Rule, Severity
from briefkit.rules import editions
from briefkit.rules.model import Issue

COLLECTION_KEYS = tuple(dict.fromkeys(("id", "title", "discover_more", *editions.KEYS)))
"""The only parts of a brief the collection rules read (workers send back no more than these)."""

_rules: list[Rule] = []


def _by_value(briefs: Sequence[Brief], key: str) -> dict[str, list[Brief]]:
    found: dict[str, list[Brief]] = defaultdict(list)
    for brief in briefs:
        value = brief.data.get(key)
        if isinstance(value, str) and value.strip():
            found[" ".join(value.split()).casefold() if key == "title" else value].append(brief)
    return found


def _duplicate_ids(briefs: Sequence[Brief]) -> Iterator[tuple[Brief, Issue]]:
    for value, holders in _by_value(briefs, "id").items():
        for brief in holders[1:]:
            first = holders[0]
            line, _ = first.source.locate(("id",))
            yield (
                brief,
                Issue(
                    ("id",),
                    f"id {value!r} is already used by {first.path}:{line}; ids must be unique",
                ),
            )


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
    for holders in _by_value(briefs, "title").values():
        for brief in holders[1:]:
            first = holders[0]
            line, _ = first.source.locate(("title",))
            yield (
                brief,
                Issue(
                    ("title",),
                    f"the same title is used by {first.path}:{line}; make each title unique",
                ),
            )


for _code, _name, _severity, _summary, _explanation, _bad, _good, _check in (
    (
        "BK201",
        "duplicate-id",
        Severity.ERROR,
        "Two briefs have the same id.",
        "Ids link briefs to each other and to the firm's website, so each is used once. The "
        "finding is on every brief after the first one found.",
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
        "id no brief has is probably mistyped, or its brief was renamed or deleted.",
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
        "compared ignoring case and spacing.",
        'a.json: {"title": "Sahel update"}  b.json: {"title": "Sahel Update"}',
        'a.json: {"title": "Sahel update: Bamako"}  b.json: {"title": "Sahel update: Niamey"}',
        _duplicate_titles,
    ),
):
    _rules.append(Rule(_code, _name, _severity, _summary, _explanation, _bad, _good, None, _check))

RULES: tuple[Rule, ...] = tuple(_rules)
