"""``briefkit import``: an existing brief in plain text, Markdown or Word becomes a JSON brief.

The source is first read into blocks (heading, bullet, numbered item, paragraph), each with the
line (or, for Word, the paragraph number) it came from. Headings are mapped to sections through a
dictionary per language; inside a section, the shape of a block decides where it goes:
``Label: text`` lines become labelled items, numbered themes with bullets become strategic
implications, ``For X:`` lines and ``Key Judgment N.`` lines become judgements, URLs become
sources, the first date in the opening text becomes ``date``.

Nothing is dropped. Text that fits nowhere is kept in the executive summary as a paragraph that
starts with ``TODO: unplaced`` (so lint reports it until the author moves it) and is listed with
its source line. Text identical to the brand's contact block is left to the brand, which prints it
on every brief, and is listed too. No distribution marking is invented: without ``tlp`` given, the
brief has none and lint says so.

Reading the source is :mod:`briefkit.authoring.sources`; recognising its parts (headings, labels,
dates) is :mod:`briefkit.authoring.recognise`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from briefkit.authoring.recognise import (
    FOR_WHOM,
    URL,
    brand_boilerplate,
    byline,
    find_date,
    heading_section,
    key_judgment,
    labelled,
    normal_text,
    source_line,
)
from briefkit.authoring.sources import TERMINAL, Block, read_blocks
from briefkit.errors import BriefkitError
from briefkit.files import is_stdout
from briefkit.validation.suggestions import slugify

# --- Import --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """Where one source block went: ``target`` names the place in the brief (or why not)."""

    line: int
    target: str
    text: str
    placed: bool = True


@dataclass
class ImportResult:
    """The imported brief and an account of where every block of the source went."""

    data: dict[str, Any]
    placements: list[Placement] = field(default_factory=list)
    language: str = "en"

    @property
    def unplaced(self) -> list[Placement]:
        """Blocks kept as TODO paragraphs because they fit nowhere."""
        return [placement for placement in self.placements if not placement.placed]

    def to_json(self) -> str:
        """The brief as it is written to a file."""
        return json.dumps(self.data, indent=2, ensure_ascii=False) + "\n"

    def summary(self) -> list[str]:
        """One line per section of the brief: how many items, from which source lines."""
        lines: dict[str, list[int]] = {}
        for placement in self.placements:
            section = re.split(r"[\[.]", placement.target, maxsplit=1)[0]
            if section.endswith("(heading)"):
                section = "headings"
            lines.setdefault(section, []).append(placement.line)
        return [f"{section}: lines {_ranges(numbers)}" for section, numbers in lines.items()]


def _ranges(numbers: Iterable[int]) -> str:
    ordered = sorted(set(numbers))
    parts: list[str] = []
    start = previous = ordered[0]
    for number in ordered[1:]:
        if number != previous + 1:
            parts.append(f"{start}" if start == previous else f"{start}-{previous}")
            start = number
        previous = number
    parts.append(f"{start}" if start == previous else f"{start}-{previous}")
    return ", ".join(parts)


class _Builder:
    """Accumulates sections while the blocks are walked."""

    def __init__(self, boilerplate: Sequence[str]) -> None:
        self.summary: list[str] = []
        self.developments: list[dict[str, str]] = []
        self.implications: list[dict[str, Any]] = []
        self.assessment_summary: list[str] = []
        self.judgements: list[dict[str, str]] = []
        self.conclusion: list[str] = []
        self.discover: list[dict[str, str]] = []
        self.sources: list[dict[str, str]] = []
        self.unplaced: list[tuple[Block, str]] = []
        self.authors: list[Any] = []
        self.byline_date: date | None = None
        self.placements: list[Placement] = []
        self.boilerplate = {normal_text(text) for text in boilerplate if text.strip()}

    def place(self, block: Block, target: str) -> None:
        self.placements.append(Placement(block.line, target, block.text))

    def keep_unplaced(self, block: Block, why: str) -> None:
        self.unplaced.append((block, why))

    def add_url_sources(self, block: Block, text: str) -> None:
        for url in URL.findall(text):
            if all(source.get("url") != url for source in self.sources):
                self.sources.append({"title": url.split("://", 1)[1].rstrip("/"), "url": url})
                self.place(block, f"sources[{len(self.sources) - 1}]")


def import_blocks(
    blocks: Sequence[Block],
    *,
    kind: str | None = None,
    language: str | None = None,
    tlp: str | None = None,
    boilerplate: Sequence[str] = (),
    schema: str | None = None,
    fallback_id: str = "imported-brief",
) -> ImportResult:
    """Build a brief from ``blocks``; every block is placed, kept as unplaced, or left to the
    brand (``boilerplate``: the brand's contact texts, which every render prints)."""
    build = _Builder(boilerplate)
    detected: dict[str, int] = {}
    title: str | None = None
    title_line = 0
    section: str | None = None
    opening: list[str] = []  # text before the first section, searched for the date
    theme: dict[str, Any] | None = None
    pending_teaser: dict[str, str] | None = None

    for block in blocks:
        text = block.text.strip()
        mapped = heading_section(text) if block.kind in ("heading", "paragraph") else None
        if mapped and (
            block.kind == "heading" or (len(text) <= 80 and not text.endswith(tuple(".!?…;,")))
        ):
            section, found_language = mapped
            detected[found_language] = detected.get(found_language, 0) + 1
            theme = None
            pending_teaser = None
            build.place(block, f"{section} (heading)")
            continue
        if section is None and source_line(text):  # "source: https://...": never the title
            build.add_url_sources(block, text)
            continue
        if title is None and (block.kind in ("heading", "paragraph")):
            title, title_line = _strip_markup(text), block.line
            build.place(block, "title")
            opening.append(text)
            continue
        signed = byline(text, language or "en") if section is None and not build.summary else None
        if signed is not None and not (build.authors or build.byline_date):
            build.authors, build.byline_date = signed
            build.place(block, "authors and date (byline)")
            continue
        if normal_text(text) in build.boilerplate:
            build.placements.append(
                Placement(block.line, "brand contact block (printed by the brand)", text)
            )
            continue
        if block.kind == "heading":
            if section is None:
                # A sub-title under the main one.
                build.keep_unplaced(block, "a heading briefkit has no section for")
            else:
                build.keep_unplaced(block, f"a heading inside {section} with no section of its own")
            continue
        bare_url = URL.fullmatch(text)
        if bare_url and section != "discover_more":
            build.add_url_sources(block, text)
            continue
        judgment = key_judgment(text) if section not in ("discover_more", "sources") else None
        if judgment:
            build.judgements.append({"label": judgment[0], "text": judgment[1]})
            build.place(block, f"assessment.judgements[{len(build.judgements) - 1}]")
            build.add_url_sources(block, text)
            continue
        if section is None:
            opening.append(text)
            build.summary.append(text)
            build.place(block, f"executive_summary[{len(build.summary) - 1}]")
        elif section == "executive_summary":
            build.summary.append(text)
            build.place(block, f"executive_summary[{len(build.summary) - 1}]")
        elif section == "key_developments":
            pair = labelled(text)
            if pair:
                build.developments.append({"label": pair[0], "text": pair[1]})
                build.place(block, f"key_developments[{len(build.developments) - 1}]")
            else:
                build.keep_unplaced(block, "a key development without a 'Label:'")
        elif section == "strategic_implications":
            if block.kind == "numbered" or (
                block.kind == "paragraph" and not text.endswith(tuple(TERMINAL))
            ):
                theme = {"title": text, "points": []}
                build.implications.append(theme)
                build.place(block, f"strategic_implications[{len(build.implications) - 1}].title")
            elif theme is not None:
                theme["points"].append(text)
                build.place(
                    block,
                    f"strategic_implications[{len(build.implications) - 1}]"
                    f".points[{len(theme['points']) - 1}]",
                )
            else:
                build.keep_unplaced(block, "an implication before any numbered theme")
        elif section in ("assessment", "key_judgements"):
            judgement = key_judgment(text) or (
                labelled(text)
                if FOR_WHOM.match(text.lstrip("*_")) or section == "key_judgements"
                else None
            )
            if judgement:
                build.judgements.append({"label": judgement[0], "text": judgement[1]})
                build.place(block, f"assessment.judgements[{len(build.judgements) - 1}]")
            elif section == "key_judgements" or not build.judgements:
                build.assessment_summary.append(text)
                build.place(block, "assessment.summary")
            else:
                build.conclusion.append(text)
                build.place(block, "assessment.conclusion")
        elif section == "discover_more":
            url = URL.search(text)
            teaser_like = text.endswith(tuple(TERMINAL[:4])) or (
                block.kind == "paragraph" and url is None
            )
            if pending_teaser is not None and teaser_like and not _looks_like_title(text):
                pending_teaser["teaser"] = f"{pending_teaser['teaser']} {text}".strip()
                build.place(block, f"discover_more[{len(build.discover) - 1}].teaser")
                continue
            if pending_teaser is not None and url and not pending_teaser.get("url"):
                pending_teaser["url"] = url.group()
                pending_teaser.pop("id", None)
                build.place(block, f"discover_more[{len(build.discover) - 1}].url")
                continue
            card_title = _strip_markup(URL.sub("", text)).strip(" -–—:|")
            pending_teaser = {"title": card_title, "teaser": ""}
            if url:
                pending_teaser["url"] = url.group()
            else:
                pending_teaser["id"] = slugify(card_title) or "related-brief"
            when = find_date(card_title, language or "en")
            if when:
                pending_teaser["date"] = when.isoformat()
            build.discover.append(pending_teaser)
            build.place(block, f"discover_more[{len(build.discover) - 1}].title")
        elif section == "sources":
            url = URL.search(text)
            source_title = _strip_markup(URL.sub("", text)).strip(" -–—:,|()[]") or (
                url.group().split("://", 1)[1] if url else text
            )
            entry = {"title": source_title}
            if url:
                entry["url"] = url.group()
            known = [
                index
                for index, old in enumerate(build.sources)
                if url
                and old == {"title": url.group().split("://", 1)[1].rstrip("/"), "url": url.group()}
            ]
            if known:  # named by a source line above: this entry says more
                build.sources[known[0]] = entry
            else:
                build.sources.append(entry)
            build.place(block, f"sources[{known[0] if known else len(build.sources) - 1}]")
        elif section == "contact":
            build.keep_unplaced(block, "contact text that differs from the brand's")
        if section not in ("sources", "discover_more"):
            build.add_url_sources(block, text)

    chosen_language = language or (max(detected, key=lambda k: detected[k]) if detected else "en")
    data: dict[str, Any] = {}
    if schema:
        data["$schema"] = schema
    data["id"] = slugify(title or "") or fallback_id
    has_analysis = bool(build.implications or build.assessment_summary or build.judgements)
    data["kind"] = kind or ("analysis" if has_analysis else "situation")
    data["title"] = title or f"TODO: title (the source had none; line {title_line or 1})"
    # The publication date: the first date in the opening text or the executive summary.
    published = build.byline_date or find_date(
        " ".join([*opening, *build.summary]), chosen_language
    )
    if published:
        data["date"] = published.isoformat()
    data["language"] = chosen_language
    if build.authors:
        data["authors"] = build.authors
    if tlp:
        data["tlp"] = tlp

    summary = list(build.summary)
    unplaced_targets: list[Placement] = []
    for block, why in build.unplaced:
        summary.append(f"TODO: unplaced text from line {block.line} ({why}): {block.text}")
        unplaced_targets.append(
            Placement(block.line, f"executive_summary[{len(summary) - 1}]", block.text, False)
        )
    if summary:
        data["executive_summary"] = summary
    if build.developments:
        data["key_developments"] = build.developments
    if build.implications:
        data["strategic_implications"] = build.implications
    if build.assessment_summary or build.judgements or build.conclusion:
        assessment: dict[str, Any] = {}
        if build.assessment_summary:
            assessment["summary"] = " ".join(build.assessment_summary)
        if build.judgements:
            assessment["judgements"] = build.judgements
        if build.conclusion:
            assessment["conclusion"] = " ".join(build.conclusion)
        data["assessment"] = assessment
    for card in build.discover:
        if not card["teaser"]:
            card["teaser"] = f"TODO: a teaser for {card['title']}"
    if build.discover:
        data["discover_more"] = build.discover
    if build.sources:
        data["sources"] = build.sources
    placements = sorted([*build.placements, *unplaced_targets], key=lambda p: p.line)
    return ImportResult(data, placements, chosen_language)


def _looks_like_title(text: str) -> bool:
    return not text.endswith(tuple(TERMINAL[:4])) and len(text) <= 160


def _strip_markup(text: str) -> str:
    return re.sub(r"(\*\*|__)(.+?)\1", r"\2", text).strip()


def import_file(
    source: Path,
    output: Path | None = None,
    *,
    kind: str | None = None,
    language: str | None = None,
    tlp: str | None = None,
    brand: Path | None = None,
) -> tuple[ImportResult, Path | None]:
    """Import ``source`` and write the brief to ``output`` (``-`` for none: the caller prints
    it). Returns the result and the path written. Never overwrites a file."""
    from briefkit.authoring.new import write_new_json
    from briefkit.authoring.schemas import schema_reference
    from briefkit.render.brand import load_brand

    if source.is_dir():
        raise BriefkitError(f"{source}: is a folder; give a .txt, .md or .docx brief to import")
    to_stdout = output is not None and is_stdout(output)
    target = None if to_stdout else (output or source.with_suffix(".json"))
    if target is not None:
        if target.resolve() == source.resolve():
            raise BriefkitError(f"{target}: is the source; choose another output")
        if target.exists() or target.is_symlink():
            raise BriefkitError(f"{target}: already exists; briefkit import never overwrites it")
    blocks = read_blocks(source)
    if not blocks:
        raise BriefkitError(f"{source}: no text to import")
    boilerplate = brand_boilerplate(load_brand(brand).data)
    schema = None
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        schema, _ = schema_reference(target)
    result = import_blocks(
        blocks,
        kind=kind,
        language=language,
        tlp=tlp,
        boilerplate=boilerplate,
        schema=schema,
        fallback_id=slugify(source.stem) or "imported-brief",
    )
    if target is not None:
        write_new_json(target, result.data)
    return result, target
