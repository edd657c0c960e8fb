"""Briefs as a STIX 2.1 bundle, for threat-intelligence platforms (OpenCTI, MISP).

One ``report`` per brief, the firm as an ``identity`` (``created_by_ref``), a ``location`` per
country, and the TLP 2.0 marking definitions as OASIS publishes them (``object_marking_refs``).

Re-exporting updates instead of duplicating: every id is a UUIDv5 from :data:`NAMESPACE` and a
stable name (the brief's id, the brand's name, the country code), and no timestamp comes from the
clock (``created`` is the brief's date, ``modified`` its ``updated`` date or its date; identities
and locations carry :data:`FIXED_TIMESTAMP`). An unchanged brief exports to the same bytes; a
corrected one (a later ``updated``) replaces its earlier version on the platform.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from briefkit.document.brief import Brief
from briefkit.document.markings import TLP_MARKINGS
from briefkit.errors import BriefkitError
from briefkit.export.tlp import MARKING_DEFINITIONS

NAMESPACE = uuid.UUID("f7dbaf3f-a4dc-5105-a0f3-5bd876c934eb")
"""briefkit's namespace for STIX ids: uuid5(NAMESPACE_URL, "https://briefkit.dev/stix/2.1").
Fixed for ever: a new namespace would duplicate every report already imported."""

FIXED_TIMESTAMP = "2020-01-01T00:00:00.000Z"
"""``created`` and ``modified`` of the identity and location objects, which have no date."""

REPORT_TYPES = ["threat-report"]
"""A security-analysis brief, in STIX's report-type vocabulary."""


class RedNotAllowed(BriefkitError):
    """A TLP:RED brief was given and TLP:RED was not allowed."""


@dataclass(frozen=True)
class Publisher:
    """Who publishes the briefs: the firm's name (from its brand), its contact, and where a
    brief can be read (``{id}`` stands for the brief's id), if anywhere."""

    name: str
    contact: str = ""
    brief_url: str = ""


def stix_id(kind: str, name: str) -> str:
    """The deterministic STIX id of a ``kind`` object named ``name`` in briefkit's namespace."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, name)}"


def _timestamp(day: str) -> str:
    return f"{day}T00:00:00.000Z"


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise BriefkitError(f"no {key}; a brief is exported only when it has one")
    return value


def _description(data: dict[str, Any]) -> str:
    summary = data.get("executive_summary")
    paragraphs = summary if isinstance(summary, list) else []
    return "\n\n".join(p for p in paragraphs if isinstance(p, str) and p.strip())


def _references(data: dict[str, Any], url: str) -> list[dict[str, str]]:
    references = [{"source_name": "briefkit", "external_id": str(data["id"])}]
    if url:
        references[0]["url"] = url
    for source in data.get("sources") or ():
        if not isinstance(source, dict) or not isinstance(source.get("title"), str):
            continue
        reference = {"source_name": str(source.get("publisher") or source["title"])}
        reference["description"] = str(source["title"])
        if isinstance(source.get("url"), str):
            reference["url"] = source["url"]
        references.append(reference)
    return references


@cache
def _country_name(code: str) -> str:
    import pycountry  # only for an export: importing it costs start-up time

    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(
        getattr(country, "common_name", None) or country.name
    )  # "Tanzania", not "..., United Republic of"


def _location(code: str) -> dict[str, Any]:
    return {
        "type": "location",
        "spec_version": "2.1",
        "id": stix_id("location", code),
        "created": FIXED_TIMESTAMP,
        "modified": FIXED_TIMESTAMP,
        "name": _country_name(code),
        "country": code,
    }


def _identity(publisher: Publisher) -> dict[str, Any]:
    identity: dict[str, Any] = {
        "type": "identity",
        "spec_version": "2.1",
        "id": stix_id("identity", publisher.name),
        "created": FIXED_TIMESTAMP,
        "modified": FIXED_TIMESTAMP,
        "name": publisher.name,
        "identity_class": "organization",
    }
    if publisher.contact:
        identity["contact_information"] = publisher.contact
    return identity


def _countries(data: dict[str, Any]) -> list[str]:
    countries = data.get("countries")
    return [c for c in countries if isinstance(c, str)] if isinstance(countries, list) else []


def _report(brief: Brief, publisher: Publisher, identity: str) -> dict[str, Any]:
    data = brief.data
    brief_id, marking = _text(data, "id"), _text(data, "tlp")
    date = _text(data, "date")
    updated = data.get("updated") if isinstance(data.get("updated"), str) else None
    locations = [stix_id("location", code) for code in _countries(data)]
    report: dict[str, Any] = {
        "type": "report",
        "spec_version": "2.1",
        "id": stix_id("report", brief_id),
        "created_by_ref": identity,
        "created": _timestamp(date),
        "modified": _timestamp(max(date, updated or date)),
        "name": _text(data, "title"),
    }
    description = _description(data)
    if description:
        report["description"] = description
    report["report_types"] = REPORT_TYPES
    report["published"] = _timestamp(date)
    report["object_refs"] = locations or [identity]
    tags = data.get("tags")
    if isinstance(tags, list) and tags:
        report["labels"] = [tag for tag in tags if isinstance(tag, str)]
    report["lang"] = brief.language
    url = publisher.brief_url.replace("{id}", brief_id) if publisher.brief_url else ""
    report["external_references"] = _references(data, url)
    report["object_marking_refs"] = [MARKING_DEFINITIONS[marking]["id"]]
    return report


def _check(brief: Brief, allow_red: bool) -> None:
    marking = brief.data.get("tlp")
    if marking not in TLP_MARKINGS:
        raise BriefkitError(f"{brief.path}: has no TLP marking; a brief is exported with one")
    if marking == "TLP:RED" and not allow_red:
        raise RedNotAllowed(
            f"{brief.path}: is TLP:RED; a STIX export includes TLP:RED briefs only when they are "
            "allowed, for a recipient entitled to them"
        )


def stix_bundle(
    briefs: Sequence[Brief], publisher: Publisher, *, allow_red: bool = False
) -> dict[str, Any]:
    """The STIX 2.1 bundle of ``briefs`` (in the order given, each id once).

    Raises :class:`RedNotAllowed` for a TLP:RED brief unless ``allow_red``, and
    :class:`BriefkitError` for a brief without an id, title, date or marking.
    """
    for brief in briefs:
        _check(brief, allow_red)
    identity = _identity(publisher)
    reports: dict[str, dict[str, Any]] = {}
    for brief in briefs:
        try:
            report = _report(brief, publisher, identity["id"])
        except BriefkitError as error:
            raise BriefkitError(f"{brief.path}: {error.message}") from None
        reports.setdefault(report["id"], report)
    used = {str(brief.data["tlp"]) for brief in briefs}
    markings = [dict(MARKING_DEFINITIONS[m]) for m in TLP_MARKINGS if m in used]
    codes = sorted({code for brief in briefs for code in _countries(brief.data)})
    objects = [identity, *markings, *(_location(code) for code in codes), *reports.values()]
    return {
        "type": "bundle",
        "id": stix_id("bundle", "\n".join(sorted(reports))),
        "objects": objects,
    }


def stix_bytes(bundle: dict[str, Any]) -> bytes:
    """The bundle as the bytes written: UTF-8 JSON, two-space indents, a final newline."""
    return (json.dumps(bundle, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
