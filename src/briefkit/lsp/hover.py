"""Hover: on a finding, the rule's explanation (what ``briefkit rules CODE`` prints); on a key of
a brief, what the schema says of it."""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from briefkit.document.jsonsource import JsonPath, SourceText
from briefkit.findings import Finding
from briefkit.lsp.diagnostics import finding_span
from briefkit.lsp.positions import Lines
from briefkit.rules.catalogue import RULES, explain
from briefkit.validation.schema import load_schema


def hover(findings: list[Finding], lines: Lines, offset: int) -> types.Hover | None:
    """The explanations of the findings at ``offset``, else the schema's words on the key
    there, else nothing."""
    texts: list[str] = []
    where: tuple[int, int] | None = None
    for finding in findings:
        start, end = finding_span(finding, lines)
        rule = RULES.get(finding.code)
        if rule is not None and start <= offset < end:
            text = f"```text\n{explain(rule)}\n```"
            if text not in texts:
                texts.append(text)
            where = where or (start, end)
    if not texts:
        found = key_at(lines.text, offset)
        if found is None:
            return None
        path, where = found
        description = schema_description(path)
        if not description:
            return None
        texts.append(description)
    return types.Hover(
        contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(texts)
        ),
        range=lines.range(*where) if where else None,
    )


def key_at(text: str, offset: int) -> tuple[JsonPath, tuple[int, int]] | None:
    """The path and span of the key under ``offset``, if there is one."""
    scan = SourceText(text).scan
    for path, start in scan.keys.items():
        end = scan.key_ends.get(path, start)
        if start <= offset < end:
            return path, (start, end)
    return None


def schema_description(path: JsonPath) -> str:
    """The title and description the brief schema gives the value at ``path``, as Markdown."""
    schema = load_schema("brief")
    node: dict[str, Any] = schema
    for part in path:
        node = _resolved(schema, node)
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            properties = node.get("properties", {})
            node = properties.get(part, {}) if isinstance(properties, dict) else {}
        if not isinstance(node, dict):
            return ""
    target = _resolved(schema, node)  # a reference's own words win over its target's
    title = node.get("title", target.get("title"))
    description = node.get("description", target.get("description"))
    parts = [f"**{title}**" if isinstance(title, str) else "", description]
    return "\n\n".join(part for part in parts if isinstance(part, str) and part)


def _resolved(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """``node`` with a local ``$ref`` followed (a few steps at most)."""
    for _ in range(8):
        reference = node.get("$ref")
        if not isinstance(reference, str) or not reference.startswith("#/"):
            return node
        target: Any = schema
        for part in reference[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        node = target if isinstance(target, dict) else {}
    return node
