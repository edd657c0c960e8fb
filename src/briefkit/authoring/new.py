"""``briefkit new``: a starter brief that validates and that lint reports until it is written.

Every section the kind requires is present, filled with placeholder text marked ``TODO`` (BK150
reports each one), and so are the region, countries (``ZZ``, reported by BK157), authors and
sources a real brief has, so the draft is schema-valid from the first save and clearly not
publishable. Judgements are the author's: the distribution marking (BK114), the risk level
(BK161) and the assessment's confidence (BK160) are left out and reported until set.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from briefkit.authoring.schemas import schema_reference
from briefkit.document.brief import parse_brief
from briefkit.errors import BriefkitError
from briefkit.findings import Severity
from briefkit.rules.house_style import COUNTRY_PLACEHOLDER
from briefkit.rules.model import DEFAULT_REQUIRED_SECTIONS
from briefkit.validation.schema import validate_brief
from briefkit.validation.suggestions import slugify

KINDS = ("analysis", "situation")

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "TODO: the headline",
        "summary": (
            "TODO: two or three sentences a reader in a hurry reads instead of the brief: what "
            "happened, when and where, who is involved, why it matters to the client, and what "
            "the firm expects to happen next. Keep it between thirty and two hundred and fifty "
            "words."
        ),
        "label": "TODO: label",
        "development": "TODO: what happened, in one or two sentences.",
        "theme": "TODO: theme",
        "point": "TODO: one implication that follows from the developments.",
        "assessment": "TODO: the firm's judgement in one paragraph.",
        "judgement_label": "TODO: For whom",
        "judgement": "TODO: what the firm expects, for this audience.",
        "conclusion": "TODO: the closing paragraph.",
        "region": "TODO: region",
        "author": "TODO: author",
        "source": "TODO: the source's title",
    },
    "fr": {
        "title": "TODO : le titre",
        "summary": (
            "TODO : deux ou trois phrases qu’un lecteur pressé lit à la place de la note : ce qui "
            "s’est passé, quand et où, qui est concerné, pourquoi cela compte pour le client et ce "
            "que le cabinet attend pour la suite. Entre trente et deux cent cinquante mots."
        ),
        "label": "TODO : intitulé",
        "development": "TODO : ce qui s’est passé, en une ou deux phrases.",
        "theme": "TODO : thème",
        "point": "TODO : une conséquence des faits marquants.",
        "assessment": "TODO : le jugement du cabinet, en un paragraphe.",
        "judgement_label": "TODO : Pour qui",
        "judgement": "TODO : ce que le cabinet attend, pour ce public.",
        "conclusion": "TODO : le paragraphe de conclusion.",
        "region": "TODO : région",
        "author": "TODO : auteur",
        "source": "TODO : le titre de la source",
    },
    "pt": {
        "title": "TODO: o título",
        "summary": (
            "TODO: duas ou três frases que um leitor apressado lê em vez do relatório: o que "
            "aconteceu, quando e onde, quem está envolvido, por que importa para o cliente e o "
            "que a empresa espera que aconteça a seguir. Entre trinta e duzentas e cinquenta "
            "palavras."
        ),
        "label": "TODO: rótulo",
        "development": "TODO: o que aconteceu, em uma ou duas frases.",
        "theme": "TODO: tema",
        "point": "TODO: uma implicação que decorre dos desenvolvimentos.",
        "assessment": "TODO: o julgamento da empresa, em um parágrafo.",
        "judgement_label": "TODO: Para quem",
        "judgement": "TODO: o que a empresa espera, para este público.",
        "conclusion": "TODO: o parágrafo de conclusão.",
        "region": "TODO: região",
        "author": "TODO: autor",
        "source": "TODO: o título da fonte",
    },
}
"""Placeholder text by language (others get English): every string holds TODO, so BK150 fires."""


@dataclass(frozen=True)
class NewBrief:
    """What ``new_brief`` wrote: the brief, and the schema copy it created (if any)."""

    path: Path
    schema_copy: Path | None
    data: dict[str, Any]


def starter_brief(
    *,
    kind: str,
    language: str,
    title: str | None,
    today: date,
    schema: str,
    sections: Sequence[str],
    id_hint: str,
    tlp: str | None = None,
) -> dict[str, Any]:
    """The data of a starter brief with placeholder text in every section of ``sections``."""
    text = _TEXT.get(language.split("-")[0].lower(), _TEXT["en"])
    brief: dict[str, Any] = {
        "$schema": schema,
        "id": slugify(title) if title and slugify(title) else slugify(id_hint) or "new-brief",
        "kind": kind,
        "title": title or text["title"],
        "date": today.isoformat(),
        "language": language,
    }
    if tlp:
        brief["tlp"] = tlp
    bodies: Mapping[str, Any] = {
        "executive_summary": [text["summary"]],
        "key_developments": [
            {"label": f"{text['label']} 1", "text": text["development"]},
            {"label": f"{text['label']} 2", "text": text["development"]},
        ],
        "strategic_implications": [
            {"title": f"{text['theme']} 1", "points": [text["point"]]},
            {"title": f"{text['theme']} 2", "points": [text["point"]]},
        ],
        "assessment": {
            "summary": text["assessment"],
            "judgements": [{"label": text["judgement_label"], "text": text["judgement"]}],
            "conclusion": text["conclusion"],
        },
        "discover_more": [
            {"title": text["title"], "teaser": text["development"], "id": "todo-related-brief"}
        ],
    }
    for section in bodies:
        if section in sections:
            brief[section] = bodies[section]
    # What a real brief has besides its required sections, for the author to fill in or remove;
    # each is reported until then (TODO text: BK150; the country code ZZ: BK157).
    brief["region"] = text["region"]
    brief["countries"] = [COUNTRY_PLACEHOLDER]
    brief["authors"] = [text["author"]]
    brief["sources"] = [{"title": text["source"], "url": "https://example.org/TODO"}]
    return brief


def new_brief(
    path: Path,
    *,
    kind: str = "analysis",
    language: str = "en",
    title: str | None = None,
    tlp: str | None = None,
    today: date | None = None,
    required_sections: Mapping[str, Sequence[str]] = DEFAULT_REQUIRED_SECTIONS,
) -> NewBrief:
    """Write a starter brief at ``path``; never replaces an existing file."""
    if kind not in KINDS:
        raise BriefkitError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    if path.exists() or path.is_symlink():
        raise BriefkitError(f"{path}: already exists; briefkit new never overwrites a file")

    def starter(schema: str) -> dict[str, Any]:
        return starter_brief(
            kind=kind,
            language=language,
            title=title,
            today=today or date.today(),
            schema=schema,
            sections=required_sections.get(kind, DEFAULT_REQUIRED_SECTIONS[kind]),
            id_hint=path.stem,
            tlp=tlp,
        )

    refuse_invalid(path, starter(".briefkit/brief.schema.json"))  # before anything is written
    path.parent.mkdir(parents=True, exist_ok=True)
    schema, created = schema_reference(path)
    data = starter(schema)
    write_new_json(path, data)
    return NewBrief(path, created, data)


def refuse_invalid(path: Path, data: dict[str, Any]) -> None:
    """Raise :class:`BriefkitError` with the schema's errors when ``data`` would not validate
    (a bad --language, a title over the length limit): nothing is written then."""
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    brief = parse_brief(text.encode("utf-8"), str(path))
    errors = [finding for finding in validate_brief(brief) if finding.severity is Severity.ERROR]
    if errors:
        raise BriefkitError(f"{path}: not written: the brief would not validate", errors)


def write_new_json(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` as a new JSON file, refusing atomically if the file appears meanwhile."""
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise BriefkitError(f"{path}: already exists; briefkit never overwrites it") from None
    except OSError as exc:
        raise BriefkitError(f"{path}: cannot write: {exc.strerror}") from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write(text)
