"""Rules over editions (BK21x): translations whose source changed, is missing, or is more secret.

These are rules across briefs (``briefkit check``): an edition is judged against its source. Each
finding sits on the edition, the brief that holds the reference. Joined into the catalogue by
:mod:`briefkit.rules.catalogue`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from briefkit.document.brief import Brief
from briefkit.document.editions import (
    EDITION_KEYS,
    TRANSLATED_SECTIONS,
    edition_source,
    recorded_hashes,
    section_hashes,
)
from briefkit.document.jsonsource import JsonPath
from briefkit.document.markings import TLP_MARKINGS
from briefkit.findings import Rule, Severity
from briefkit.rules.model import SECTIONS, Issue

KEYS = (*EDITION_KEYS, *TRANSLATED_SECTIONS)
"""What these rules read of each brief (workers send back no more than the collection's keys)."""

HASHES: JsonPath = ("x-briefkit", "edition", "source_hashes")
"""Where an edition records its source hashes."""


@dataclass(frozen=True)
class StaleSection:
    """A section of an edition whose source text is no longer the one it was translated from."""

    section: str
    recorded: str | None
    """The hash the edition holds, ``None`` when it holds none for this section."""
    current: str | None
    """The hash of the source's section now, ``None`` when the source no longer has it."""


def _by_id(briefs: Sequence[Brief]) -> dict[object, Brief]:
    """The first brief with each id (a duplicate id is BK201's to report)."""
    found: dict[object, Brief] = {}
    for brief in briefs:
        found.setdefault(brief.data.get("id"), brief)
    return found


def _pairs(briefs: Sequence[Brief]) -> Iterator[tuple[Brief, Brief | None]]:
    """Each edition among ``briefs`` with its source (``None`` when no other brief has the id
    its ``edition_of`` names)."""
    by_id = _by_id(briefs)
    for brief in briefs:
        source_id = edition_source(brief.data)
        if source_id is not None:
            source = by_id.get(source_id)
            yield brief, source if source is not brief else None


def stale_sections(edition: Brief, source: Brief) -> list[StaleSection]:
    """The sections whose recorded hash differs from the source's hash now, in reading order
    (a section the source added or removed since counts too)."""
    recorded = recorded_hashes(edition.data) or {}
    current = section_hashes(source.data)
    return [
        StaleSection(section, recorded.get(section), current.get(section))
        for section in TRANSLATED_SECTIONS
        if recorded.get(section) != current.get(section)
    ]


def _heading(section: str) -> str:
    """A section as messages name it: its key, and its heading when it has one."""
    return f"{section} ({SECTIONS[section][0]})" if section in SECTIONS else section


def _source_date(source: Brief) -> str:
    for key in ("updated", "date"):
        value = source.data.get(key)
        if isinstance(value, str) and value.strip():
            return f"{'updated' if key == 'updated' else 'dated'} {value}"
    return "undated"


def _stale_translations(briefs: Sequence[Brief]) -> Iterator[tuple[Brief, Issue]]:
    for edition, source in _pairs(briefs):
        if source is None:
            continue
        where = f"the source {source.data.get('id')} ({source.path}, {_source_date(source)})"
        if recorded_hashes(edition.data) is None:
            yield (
                edition,
                Issue(
                    ("edition_of",),
                    f"edition_of: no source hashes are recorded, so nothing tells whether the "
                    f"translation of {where} is current; record them "
                    "(x-briefkit.edition.source_hashes)",
                    related=source.path,
                ),
            )
            continue
        for stale in stale_sections(edition, source):
            path: JsonPath = (*HASHES, stale.section)
            change = "changed"
            if stale.recorded is None:
                path = (stale.section,) if stale.section in edition.data else HASHES
                change = "was added"
            elif stale.current is None:
                change = "was removed"
            # Refreshing the hash says "the translation is current": only the translator knows,
            # so the fix is unsafe (--unsafe-fixes), and offered only where the hash is replaced.
            refresh = stale.current if stale.recorded is not None else None
            yield (
                edition,
                Issue(
                    path,
                    f"{_heading(stale.section)} {change} in {where} since it was translated; "
                    "bring the translation up to date, then refresh its hash",
                    replacement=refresh,
                    safe=False,
                    related=source.path,
                ),
            )


def _missing_sources(briefs: Sequence[Brief]) -> Iterator[tuple[Brief, Issue]]:
    for edition, source in _pairs(briefs):
        if source is None:
            yield (
                edition,
                Issue(
                    ("edition_of",),
                    f"edition_of: no brief in the repository has the id "
                    f"{edition_source(edition.data)!r}; this edition's source is missing",
                ),
            )


def _rank(brief: Brief) -> int | None:
    marking = brief.data.get("tlp")
    return TLP_MARKINGS.index(marking) if marking in TLP_MARKINGS else None


def _weaker_markings(briefs: Sequence[Brief]) -> Iterator[tuple[Brief, Issue]]:
    for edition, source in _pairs(briefs):
        if source is None:
            continue
        own, theirs = _rank(edition), _rank(source)
        if own is not None and theirs is not None and own < theirs:
            yield (
                edition,
                Issue(
                    ("tlp",),
                    f"tlp: {TLP_MARKINGS[own]} is less restrictive than the source's "
                    f"{TLP_MARKINGS[theirs]} ({source.path}); a translation carries at least its "
                    f'source\'s marking: "tlp": "{TLP_MARKINGS[theirs]}"',
                    related=source.path,
                ),
            )


_HASH = "ee95d544afe071673e2c6af505a27db9deed76542e8b3bcc6eeb35a375e10242"
"""The hash of the title "Sahel update", for the examples."""
_OLD_HASH = "f677580aa2ad8f8dbeb4c482b723944698422f9866a84d427d5589265997cd07"
"""The hash of the title "Sahel update (draft)", for the examples."""


def _example(hashes: str, tlp: str = "TLP:AMBER") -> str:
    return (
        f'a.json: {{"id": "sahel-en", "title": "Sahel update", "tlp": "TLP:AMBER"}}  '
        f'b.json: {{"id": "sahel-fr", "edition_of": "sahel-en", "title": "Point Sahel", '
        f'"tlp": "{tlp}", "x-briefkit": {{"edition": {{"source_hashes": {hashes}}}}}}}'
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "BK210",
        "stale-translation",
        Severity.WARNING,
        "A section of an edition was translated from source text that has changed since.",
        "An edition (a brief with edition_of) records the hash of each section of its source "
        "when it is translated (x-briefkit.edition.source_hashes). When the source is corrected "
        "afterwards, the edition still says what the source used to say: each changed section is "
        "reported, with the source's date. Once the translation is brought up to date, the "
        "finding's unsafe fix refreshes the hash (briefkit check applies it when unsafe fixes "
        "are asked for; the editor offers it); briefkit never does it alone, "
        "since only the translator knows that the translation was updated.",
        _example(f'{{"title": "{_OLD_HASH}"}}'),
        _example(f'{{"title": "{_HASH}"}}'),
        known_problems="A change of spacing or punctuation in the source counts as a change.",
        check_collection=_stale_translations,
    ),
    Rule(
        "BK211",
        "missing-edition-source",
        Severity.WARNING,
        "An edition names a source that no brief in the repository has.",
        "edition_of holds the id of the brief an edition translates. When no brief has that id, "
        "the site cannot pair the two and nothing can tell whether the translation is current: "
        "the id is mistyped, or the source was renamed or deleted.",
        '{"id": "sahel-fr", "edition_of": "sahel-update-en"}',
        'a.json: {"id": "sahel-update-en"}  b.json: {"id": "sahel-fr", "edition_of": '
        '"sahel-update-en"}',
        check_collection=_missing_sources,
    ),
    Rule(
        "BK212",
        "weaker-edition-marking",
        Severity.ERROR,
        "An edition's distribution marking is less restrictive than its source's.",
        "A translation says what its source says, so it may go only where the source may go: "
        "its TLP marking is the source's or a more restrictive one. A TLP:GREEN edition of a "
        "TLP:AMBER brief would publish restricted analysis in another language.",
        _example(f'{{"title": "{_HASH}"}}', "TLP:GREEN"),
        _example(f'{{"title": "{_HASH}"}}', "TLP:AMBER+STRICT"),
        check_collection=_weaker_markings,
    ),
)
