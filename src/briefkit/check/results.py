"""What checking one brief decides, in two steps: what its content alone decides (cacheable, and
computed in worker processes for large sets), then what the day and the desk add.

:func:`brief_result` parses and lints: schema findings and the rules that do not read today's
date, before any suppression, and the summary of the brief that later steps read.
:func:`finish` turns a result (fresh or cached) into the brief's findings: with the dated rules,
before the brief's suppressions and the configuration (:mod:`briefkit.check.judging`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from briefkit.desk.discovery import Candidate
from briefkit.desk.repository import load_candidate
from briefkit.document.brief import Brief
from briefkit.document.editions import TRANSLATED_SECTIONS, edition_source
from briefkit.document.figures import is_inline
from briefkit.document.images import ImageProblem, resolve_inside
from briefkit.document.jsonsource import SourceText
from briefkit.errors import BriefkitError
from briefkit.files import read_file
from briefkit.findings import Finding
from briefkit.rules.collection import COLLECTION_KEYS
from briefkit.rules.lint import FINISH_KEYS, apply_config, dated_findings, undated_findings
from briefkit.validation.schema import validate_brief

SUMMARY_KEYS = tuple(
    key for key in dict.fromkeys((*COLLECTION_KEYS, *FINISH_KEYS))
    if key in ("title", "discover_more") or key not in TRANSLATED_SECTIONS
)  # fmt: skip
"""What a result keeps of a brief: what the rules across briefs, the dated rules and the
suppressions read, except the sections an edition's source is hashed over (a cache of whole
briefs would be read slower than the briefs): :func:`with_sections` adds those where needed.
Of ``discover_more`` only the ids are kept."""

Outcome = tuple[list[Finding], Brief | None, str | None]
"""Findings, the brief (its summary) when it parsed, and why the file was passed over."""


@dataclass(frozen=True)
class BriefResult:
    """What a brief's bytes decide, whatever the day: findings have no file name yet."""

    skipped: str | None = None
    """Why the file is not a brief (JSON that is not one), else ``None``."""
    findings: tuple[Finding, ...] = ()
    """Load findings, or schema and undated rule findings before suppressions."""
    summary: dict[str, Any] | None = None
    """:data:`SUMMARY_KEYS` of the brief; ``None`` when it did not parse."""
    dependencies: tuple[tuple[str, str], ...] = ()
    """Other files the rules read: (figure image as written, its state) for the cache."""


def brief_result(candidate: Candidate, raw: bytes, rules: bool) -> BriefResult:
    """Parse and lint ``raw``, the bytes of ``candidate``."""
    try:
        loaded = load_candidate(candidate, raw)
    except BriefkitError as error:
        if not error.findings:
            raise
        return BriefResult(findings=tuple(_unnamed(error.findings)))
    if isinstance(loaded, str):
        return BriefResult(skipped=loaded)
    limit = candidate.config.lint.limits.max_image_bytes
    dependencies = tuple(
        (image, dependency_state(loaded.folder, image, limit)) for image in _images(loaded)
    )
    found = undated_findings(loaded, candidate.config.lint) if rules else validate_brief(loaded)
    summary = {key: loaded.data[key] for key in SUMMARY_KEYS if key in loaded.data}
    if isinstance(summary.get("discover_more"), list):
        summary["discover_more"] = [_only_id(item) for item in summary["discover_more"]]
    return BriefResult(None, tuple(_unnamed(found)), summary, dependencies)


def finish(candidate: Candidate, raw: bytes, result: BriefResult, rules: bool) -> Outcome:
    """The outcome of ``candidate``: ``result`` with the dated rules, the findings named after
    the file (suppressions and the configuration come after the rules across briefs)."""
    if result.skipped is not None:
        return [], None, result.skipped
    name = os.fspath(candidate.path)
    config = candidate.config
    findings = [replace(finding, file=name) for finding in result.findings]
    if result.summary is None:
        return apply_config(findings, config, candidate.path), None, None
    brief = brief_from_summary(candidate, raw, result.summary)
    if rules:
        findings = dated_findings(brief, config.lint, findings)
    # Suppressions and the configuration are judged once the rules across briefs ran too
    # (briefkit.check.judging), so that a brief can silence those as well.
    return findings, brief, None


def brief_from_summary(candidate: Candidate, raw: bytes, summary: dict[str, Any]) -> Brief:
    """The brief in ``raw`` as its cached or just-made summary holds it, with its source text for
    placing findings (a byte-order mark left out, as parsing leaves it out)."""
    limits = candidate.config.lint.limits
    source = SourceText(raw.removeprefix(b"\xef\xbb\xbf"), limits.max_depth)
    return Brief(os.fspath(candidate.path), summary, source)


def brief_results(work: list[tuple[Candidate, bytes]], rules: bool) -> list[BriefResult]:
    """:func:`brief_result` for each (candidate, bytes): the task of a worker process."""
    return [brief_result(candidate, raw, rules) for candidate, raw in work]


def content_hash(data: bytes) -> str:
    """The hash that identifies content in the cache (SHA-256, its first 128 bits): faster than
    BLAKE2b on processors with SHA instructions. hashlib loads on first use, so a lint that hashes
    nothing does not pay for it."""
    from hashlib import sha256

    return sha256(data).hexdigest()[:32]


def dependency_state(folder: Path, image: str, max_bytes: int) -> str:
    """What a rule reading the figure ``image`` of a brief in ``folder`` depends on: the
    content's hash, or why it cannot be used (outside the folder, missing, too large)."""
    try:
        path = resolve_inside(folder, image)
        data = read_file(path, max_bytes, regular_only=True)
    except ImageProblem as problem:
        return f"problem:{problem.message}"
    except OSError as exc:
        return f"error:{exc.strerror or exc}"
    return f"size:{len(data)}" if len(data) > max_bytes else content_hash(data)


def with_sections(briefs: list[Brief], context: Sequence[Brief]) -> list[Brief]:
    """``briefs`` (summaries) where each edition and each edition's source holds its translated
    sections again, read from its text: what the edition rules compare."""
    sources = {edition_source(brief.data) for brief in (*briefs, *context)} - {None}
    completed = []
    for brief in briefs:
        if edition_source(brief.data) is not None or brief.data.get("id") in sources:
            data = json.loads(brief.source.text)
            sections = {key: data[key] for key in TRANSLATED_SECTIONS if key in data}
            brief = Brief(brief.path, {**brief.data, **sections}, brief.source)
        completed.append(brief)
    return completed


def _only_id(item: Any) -> Any:
    return {"id": item["id"]} if isinstance(item, dict) and "id" in item else item


def _unnamed(findings: list[Finding] | tuple[Finding, ...]) -> list[Finding]:
    return [replace(finding, file="") for finding in findings]


def _images(brief: Brief) -> list[str]:
    figures = brief.data.get("figures")
    if not isinstance(figures, list):
        return []
    images = [figure.get("image") for figure in figures if isinstance(figure, dict)]
    # An inline figure is part of the brief's own bytes: the brief's hash covers it.
    return [image for image in images if isinstance(image, str) and not is_inline(image)]
