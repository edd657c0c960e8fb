"""``briefkit edition new``: an edition of a brief in another language, ready to translate.

The edition names its source (``edition_of``) and records the hash of each of the source's
sections (``x-briefkit.edition.source_hashes``), so that ``briefkit check`` reports a section whose
source is corrected later. Every text to translate holds the source's text behind a ``TODO``
marker that lint reports (BK150) until it is replaced, so the file validates at once and is
clearly not publishable. As for ``briefkit new``, the judgements are the author's: the marking
(``tlp``, at least as restrictive as the source's), ``risk_level`` and ``confidence`` are left out.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from briefkit.authoring.new import write_new_json
from briefkit.authoring.schemas import schema_reference
from briefkit.document.brief import Limits, load_brief
from briefkit.document.editions import (
    TRANSLATED_SECTIONS,
    edition_id,
    edition_source,
    section_hashes,
)
from briefkit.document.figures import is_inline
from briefkit.errors import BriefkitError

UNTRANSLATED = {
    ("figures", "image"),
    ("figures", "credit"),
    ("discover_more", "id"),
    ("discover_more", "url"),
    ("discover_more", "date"),
    ("sources",),
}
"""What an edition keeps as the source has it: file names, links, dates and the citations (a
cited work keeps its own title). Every other text of a translated section is to translate."""

CARRIED_OVER = ("countries", "tags", "authors")
"""Top-level values an edition takes from its source as they are (besides its kind). The
judgements (``tlp``, ``risk_level``, ``assessment.confidence``) are not: they are the author's."""

LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
"""A BCP 47 language tag, as the brief schema accepts it."""


@dataclass(frozen=True)
class NewEdition:
    """What :func:`new_edition` wrote: the edition, its data, the schema copy it created."""

    path: Path
    data: dict[str, Any]
    schema_copy: Path | None
    source_marking: str | None
    """The source's TLP marking: the edition's must be at least as restrictive."""


def placeholder(text: str, language: str) -> str:
    """``text`` marked as still to translate into ``language``: lint reports the marker."""
    return f"TODO ({language}): {text}"


def _to_translate(value: Any, language: str, where: tuple[str, ...]) -> Any:
    if any(where[: len(kept)] == kept for kept in UNTRANSLATED) or where == (
        "assessment",
        "confidence",
    ):
        return value
    if isinstance(value, str):
        return placeholder(value, language) if value.strip() else value
    if isinstance(value, list):
        return [_to_translate(item, language, where) for item in value]
    if isinstance(value, dict):
        return {
            key: _to_translate(item, language, (*where, key))
            for key, item in value.items()
            if (*where, key) != ("assessment", "confidence")
        }
    return value


def _rebased_figures(figures: Any, source_folder: Path, target_folder: Path) -> Any:
    """The figures with each image path made relative to the edition's folder."""
    if not isinstance(figures, list):
        return figures
    rebased = []
    for figure in figures:
        image = figure.get("image") if isinstance(figure, dict) else None
        if isinstance(image, str) and not is_inline(image):  # an inline image goes as it is
            absolute = os.path.normpath(source_folder / image)
            relative = Path(os.path.relpath(absolute, target_folder)).as_posix()
            figure = {**figure, "image": relative}
        rebased.append(figure)
    return rebased


def edition_data(
    source: dict[str, Any], *, language: str, schema: str, today: date
) -> dict[str, Any]:
    """The data of ``source``'s edition in ``language``, before translation."""
    source_id = source.get("id")
    if not isinstance(source_id, str) or not source_id.strip():
        raise BriefkitError("the source brief has no id, so an edition cannot name it")
    data: dict[str, Any] = {
        "$schema": schema,
        "id": edition_id(source_id, language),
        "edition_of": source_id,
    }
    if "kind" in source:
        data["kind"] = source["kind"]
    data["date"] = today.isoformat()
    data["language"] = language
    for key in CARRIED_OVER:
        if key in source:
            data[key] = source[key]
    for section in TRANSLATED_SECTIONS:
        if section in source:
            data[section] = _to_translate(source[section], language, (section,))
    data["x-briefkit"] = {"edition": {"source_hashes": section_hashes(source)}}
    return data


def new_edition(
    source_path: Path,
    language: str,
    output: Path | None = None,
    *,
    today: date | None = None,
    limits: Limits | None = None,
) -> NewEdition:
    """Write the edition of the brief at ``source_path`` in ``language``; never replaces a file.

    ``output`` defaults to ``<source stem>.<language>.json`` beside the source.
    """
    if not LANGUAGE.fullmatch(language):
        raise BriefkitError(f"{language!r} is not a language tag; use one such as fr, pt-BR or ar")
    source = load_brief(source_path, limits) if limits else load_brief(source_path)
    if edition_source(source.data) is not None:
        raise BriefkitError(
            f"{source_path}: is itself an edition (of {source.data['edition_of']!r}); make the "
            "edition from the original brief"
        )
    source_language = source.language
    if source_language.lower() == language.lower():
        raise BriefkitError(
            f"{source_path}: is already in {language!r}; an edition is in another language"
        )
    target = output or source_path.with_name(f"{source_path.stem}.{language}.json")
    if target.exists() or target.is_symlink():
        raise BriefkitError(
            f"{target}: already exists; briefkit edition new never overwrites a file"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    schema, created = schema_reference(target)
    data = edition_data(source.data, language=language, schema=schema, today=today or date.today())
    if "figures" in data:
        data["figures"] = _rebased_figures(data["figures"], source.folder, target.resolve().parent)
    write_new_json(target, data)
    marking = source.data.get("tlp")
    return NewEdition(target, data, created, marking if isinstance(marking, str) else None)
