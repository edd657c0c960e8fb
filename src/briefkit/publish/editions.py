"""Editions on the site: a brief and its translations are one entry in the library, and each
page names the others (``hreflang`` alternates and a language switch).

A group is a published brief and the published editions whose ``edition_of`` names it. An
edition whose source is not published stands alone (its source's id says nothing public).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from briefkit.document.brief import Brief
from briefkit.document.editions import edition_source
from briefkit.errors import Failure
from briefkit.publish.collection import Entry, most_restrictive
from briefkit.render.view import locale_of


@dataclass(frozen=True)
class Edition:
    """One member of a group as a link: its language, the language's own name, its page."""

    language: str
    name: str
    href: str


def edition_groups(entries: Iterable[Entry]) -> dict[str, tuple[Entry, ...]]:
    """Each published brief's group by its id: the source first, then its editions by language
    (a brief with no edition published has a group of one)."""
    published = {entry.id: entry for entry in entries}
    editions: dict[str, list[Entry]] = {}
    for entry in published.values():
        source = edition_source(entry.data)
        if source is not None and source in published and source != entry.id:
            editions.setdefault(source, []).append(entry)
    groups: dict[str, tuple[Entry, ...]] = {}
    for source_id, members in editions.items():
        ordered = sorted(members, key=lambda e: (e.brief.language, e.id))
        group = (published[source_id], *ordered)
        for member in group:
            groups.setdefault(member.id, group)
    for entry in published.values():
        groups.setdefault(entry.id, (entry,))
    return groups


def language_name(language: str) -> str:
    """A language as its speakers write it ("Français", "English", "العربية")."""
    locale = locale_of(language)
    name = locale.get_display_name(locale) or language
    return name[:1].upper() + name[1:]


def editions_of(group: Sequence[Entry]) -> list[Edition]:
    """The group's members as links, in the group's order."""
    return [
        Edition(entry.brief.language, language_name(entry.brief.language), f"{entry.id}.html")
        for entry in group
    ]


def group_key(group: Sequence[Entry]) -> str:
    """What a page shows of its group (each member's id and language): part of the page's
    inputs, so that a page is made again when an edition is added or withdrawn."""
    if len(group) < 2:
        return ""
    return " ".join(f"{entry.id}:{entry.brief.language}" for entry in group)


def alternate_links(group: Sequence[Entry]) -> str:
    """``<link rel="alternate" hreflang>`` for every member of a group of more than one (each
    page names itself too, as search engines ask)."""
    if len(group) < 2:
        return ""
    return "".join(
        f'<link rel="alternate" hreflang="{escape(e.language)}" href="{escape(e.href)}">\n'
        for e in editions_of(group)
    )


def with_alternates(html: str, links: str) -> str:
    """A page with ``links`` at the end of its ``<head>``."""
    end = html.find("</head>")
    return html if not links or end < 0 else html[:end] + links + html[end:]


def primary_entries(
    entries: Iterable[Entry], groups: Mapping[str, tuple[Entry, ...]]
) -> list[Entry]:
    """One entry per group (its first member), for the library's list."""
    return [entry for entry in entries if groups.get(entry.id, (entry,))[0] is entry]


def _family(brief: Brief) -> object:
    """A brief's group: the id of the brief it translates, else its own id (else itself)."""
    return edition_source(brief.data) or brief.data.get("id") or id(brief)


def _speaks(brief: Brief, language: str) -> int:
    """2 when the brief is in ``language`` exactly, 1 in the same language (``pt`` for
    ``pt-BR``), else 0."""
    own = brief.language.casefold()
    if own == language.casefold():
        return 2
    return 1 if own.split("-")[0] == language.casefold().split("-")[0] else 0


def in_language(
    briefs: Sequence[Brief], desk: Sequence[Brief], language: str
) -> tuple[list[Brief], list[Brief]]:
    """Each of ``briefs`` in ``language``: itself, or the edition of it (or the source, or a
    sibling edition) among ``desk`` that is in that language, once per group, in the order given.
    Also returns the briefs that have no edition in the language (kept as they are)."""
    families: dict[object, list[Brief]] = {}
    for brief in [*briefs, *desk]:
        members = families.setdefault(_family(brief), [])
        if all(member.path != brief.path for member in members):
            members.append(brief)
    chosen: list[Brief] = []
    missing: list[Brief] = []
    done: set[object] = set()
    for brief in briefs:
        family = _family(brief)
        if family in done:
            continue
        done.add(family)
        best = max(families[family], key=lambda member: _speaks(member, language))
        if _speaks(best, language) == 0:
            best = brief
            missing.append(brief)
        chosen.append(best)
    return chosen, missing


def without_weaker_editions(
    published: Mapping[str, Entry], every: Mapping[str, Entry], failed: list[Failure]
) -> dict[str, Entry]:
    """``published`` less the editions marked less restrictively than their source (whether the
    source is published or not), each added to ``failed`` with why: a translation of restricted
    analysis is as restricted (BK212). The message names the markings, never the source."""
    kept: dict[str, Entry] = {}
    for key, entry in published.items():
        source = every.get(edition_source(entry.data) or "")
        if source is not None and most_restrictive([source.tlp, entry.tlp]) != entry.tlp:
            failed.append(
                Failure(
                    entry.brief.path,
                    f"it is marked {entry.tlp} but translates a brief marked {source.tlp}; mark it "
                    f"{source.tlp} or stricter (BK212)",
                )
            )
            continue
        kept[key] = entry
    return kept
