"""Check a brief's shape and types against ``schema/brief.schema.json``.

Every schema error becomes a :class:`Finding` at the line and column of the offending value (the
offending key, for an unknown property), with a message an author can act on. For ``oneOf`` and
``anyOf`` failures the finding names the cause inside the branch the value was meant for, not
"is not valid under any of the given schemas".

Python's jsonschema is the reference: it produces every finding. Most briefs in a CI run are
valid, though, so each document is first checked by jsonschema-rs when it is installed (a compiled
validator, about 200 times faster); only a document it rejects is validated again, in full, by
jsonschema. A property test keeps the two in agreement. Without jsonschema-rs, everything goes
through jsonschema.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from briefkit.assets import schema_path
from briefkit.document.brief import Brief, Document, json_type
from briefkit.document.jsonsource import JsonPath, SourceText, dotted
from briefkit.findings import Finding, Rule, Severity
from briefkit.validation.suggestions import (
    date_advice,
    is_date,
    shown_value,
    suggest_choice,
    suggest_format,
    wrapped_form,
)

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_RULES: tuple[Rule, ...] = (
    Rule(
        "BK010",
        "schema-violation",
        Severity.ERROR,
        "A value breaks a schema constraint not covered by a more specific code.",
        "Reserved for schema keywords that have no code of their own, such as an exclusive "
        "minimum. The brief schema produces none today; the configuration's schema does, and a "
        "configuration error shows only its message. The message names the constraint.",
        "limits = { render-seconds = 0 }  (in briefkit.toml)",
        "limits = { render-seconds = 60 }  (in briefkit.toml)",
    ),
    Rule(
        "BK011",
        "wrong-type",
        Severity.ERROR,
        "A value has the wrong type.",
        "Each property has one JSON type in the schema; e.g. the executive summary is a list of "
        "paragraphs, not one string.",
        '{"executive_summary": "One paragraph."}',
        '{"executive_summary": ["One paragraph."]}',
    ),
    Rule(
        "BK012",
        "unknown-property",
        Severity.ERROR,
        "A property is not in the schema.",
        "Unknown properties are errors so that typos surface instead of silently vanishing from "
        "the PDF. The message suggests the closest known name.",
        '{"executive_sumary": ["..."]}',
        '{"executive_summary": ["..."]}',
    ),
    Rule(
        "BK013",
        "missing-property",
        Severity.ERROR,
        "An object lacks a property it needs.",
        "Items inside sections have required parts, e.g. a key development needs a label and a "
        "text, and a related brief needs an id or a URL.",
        '{"key_developments": [{"label": "High-Level Meeting"}]}',
        '{"key_developments": [{"label": "High-Level Meeting", "text": "..."}]}',
    ),
    Rule(
        "BK014",
        "invalid-value",
        Severity.ERROR,
        "A value is not one of the allowed values.",
        "Fields such as kind and tlp take one of a fixed list of values.",
        '{"tlp": "AMBER"}',
        '{"tlp": "TLP:AMBER"}',
    ),
    Rule(
        "BK015",
        "invalid-format",
        Severity.ERROR,
        "A value does not have the required format.",
        "Dates are YYYY-MM-DD calendar dates, countries are ISO 3166-1 alpha-2 codes in upper "
        "case, ids are lower-case words joined by hyphens, links start with https://.",
        '{"date": "02/10/2025", "countries": ["ne"]}',
        '{"date": "2025-10-02", "countries": ["NE"]}',
    ),
    Rule(
        "BK016",
        "out-of-bounds",
        Severity.ERROR,
        "A value is too short, too long, too small or too large.",
        "Schemas bound some lengths and counts; the brand schema, for instance, requires "
        "non-empty names. The message gives the bound.",
        '{"name": ""}  (in a brand file)',
        '{"name": "African Security Analysis"}  (in a brand file)',
    ),
    Rule(
        "BK017",
        "duplicate-item",
        Severity.ERROR,
        "A list that must hold distinct items repeats one.",
        "Countries and tags are sets: each is listed once, exactly as written (the check is on "
        "the values, not on their meaning).",
        '{"countries": ["NE", "NE"]}',
        '{"countries": ["NE"]}',
    ),
)
"""What schema validation reports, one code per kind of constraint."""

_SCHEMA_RULES = {rule.code: rule for rule in SCHEMA_RULES}

_CODE_BY_KEYWORD = {
    "type": "BK011",
    "additionalProperties": "BK012",
    "unevaluatedProperties": "BK012",
    "required": "BK013",
    "enum": "BK014",
    "const": "BK014",
    "pattern": "BK015",
    "format": "BK015",
    "minItems": "BK016",
    "maxItems": "BK016",
    "minLength": "BK016",
    "maxLength": "BK016",
    "minimum": "BK016",
    "maximum": "BK016",
    "uniqueItems": "BK017",
}

_TYPE_NAMES = {
    "array": "an array",
    "object": "an object",
    "string": "a string",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "null",
}


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A built-in schema with its local references inlined, parsed once per process."""
    schema = json.loads(schema_path(name).read_text(encoding="utf-8"))
    inlined: dict[str, Any] = _inline_refs(schema, schema.get("$defs", {}))
    return inlined


@cache
def _validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # only for documents the fast check rejects

    return Draft202012Validator(
        load_schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


@cache
def fast_check(name: str) -> Callable[[Any], bool] | None:
    """jsonschema-rs's ``is_valid`` for a built-in schema, or ``None`` without jsonschema-rs."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    validator = jsonschema_rs.validator_for(load_schema(name), validate_formats=True)
    is_valid: Callable[[Any], bool] = validator.is_valid
    return is_valid


def _inline_refs(node: Any, definitions: dict[str, Any]) -> Any:
    """The schema with its local ``#/$defs/...`` references replaced by what they point to.

    Our schemas only refer to their own definitions and are not recursive; resolving references
    once here saves the validator a lookup at every use (about a tenth of validation time).
    """
    if isinstance(node, list):
        return [_inline_refs(item, definitions) for item in node]
    if not isinstance(node, dict):
        return node
    reference = node.get("$ref")
    if isinstance(reference, str) and reference.startswith("#/$defs/"):
        target = definitions[reference.removeprefix("#/$defs/")]
        merged = {**target, **{key: value for key, value in node.items() if key != "$ref"}}
        return _inline_refs(merged, definitions)
    return {key: _inline_refs(value, definitions) for key, value in node.items()}


def validate_brief(brief: Brief) -> list[Finding]:
    """Every way in which ``brief`` does not match the brief schema, in document order."""
    return schema_findings(brief, "brief")


def schema_findings(brief: Document, schema_name: str) -> list[Finding]:
    """Findings of the built-in schema ``schema_name`` over a loaded JSON document."""
    is_valid = fast_check(schema_name)
    if is_valid is not None and is_valid(brief.data):
        return []
    validator = _validator(schema_name)
    findings: list[Finding] = []
    for error in validator.iter_errors(brief.data):
        findings.extend(_findings_for(brief, error))
    findings = _one_per_value(findings)
    findings.sort(key=lambda finding: finding.sort_key)
    return findings


def schema_problem(data: Any, schema_name: str) -> str | None:
    """The first way ``data`` breaks the built-in schema ``schema_name``, worded as schema
    findings are (the place, then what is wrong), or ``None``: for data read from a file whose
    positions are not known (a TOML configuration, a layout's labels)."""
    findings = schema_findings(Document(schema_name, data, SourceText("")), schema_name)
    return findings[0].message if findings else None


_PRECEDENCE = ("BK011", "BK013", "BK014", "BK015", "BK016", "BK017", "BK010")
"""Which diagnosis wins when one value breaks several keywords: a value of the wrong type has no
use for a format message, and a date with slashes needs its shape explained, not its calendar."""


def _one_per_value(findings: list[Finding]) -> list[Finding]:
    """One finding per value (unknown properties excepted: each is its own key)."""
    best: dict[str, Finding] = {}
    kept: list[Finding] = []
    for finding in findings:
        if finding.code == "BK012":
            kept.append(finding)
            continue
        current = best.get(finding.pointer)
        if current is None or _rank(finding) < _rank(current):
            best[finding.pointer] = finding
    return kept + list(best.values())


def _rank(finding: Finding) -> int:
    return _PRECEDENCE.index(finding.code) if finding.code in _PRECEDENCE else len(_PRECEDENCE)


def suggest_property(key: str, known: Iterable[str]) -> str | None:
    """The known property a misspelled ``key`` most likely meant, if any is close."""
    hint = difflib.get_close_matches(key, list(known), n=1)
    return hint[0] if hint else None


def brief_properties() -> tuple[str, ...]:
    """The top-level properties of the brief schema."""
    return tuple(load_schema("brief").get("properties", {}))


def _findings_for(brief: Document, error: ValidationError) -> Iterator[Finding]:
    path: JsonPath = tuple(error.absolute_path)
    where = dotted(path) if path else "top level"
    keyword = str(error.validator)

    if keyword in ("oneOf", "anyOf") and error.context:
        yield from _branch_findings(brief, error, path, where)
        return

    code = _CODE_BY_KEYWORD.get(keyword, "BK010")
    rule = _SCHEMA_RULES[code]
    instance = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}

    if keyword in ("additionalProperties", "unevaluatedProperties") and isinstance(instance, dict):
        known = list(schema.get("properties", {}))
        for key in instance:
            if key in known:
                continue
            hint = suggest_property(key, known)
            advice = (
                f"; did you mean {hint!r}? rename the key"
                if hint
                else f"; expected one of: {', '.join(known)}"
            )
            message = f"{where}: unknown property {key!r}{advice}"
            yield brief.finding(rule, message, (*path, key), key=True)
        return

    if keyword == "required" and isinstance(instance, dict):
        for name in _keyword_value(error):
            if name not in instance:
                message = f"{where}: missing required property {name!r}"
                yield brief.finding(rule, message, path)
        return

    if keyword == "type":
        expected = _keyword_value(error)
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_TYPE_NAMES.get(name, name) for name in names)
        message = f"{where}: expected {wanted}, found {json_type(instance)}"
        if names == ["array"] and not isinstance(instance, list | dict):
            message += f"; {wrapped_form(path, instance, schema.get('items'))}"
    elif keyword in ("enum", "const"):
        allowed = _keyword_value(error) if keyword == "enum" else [_keyword_value(error)]
        choices = ", ".join(json.dumps(choice, ensure_ascii=False) for choice in allowed)
        suggestion = suggest_choice(instance, [str(choice) for choice in allowed])
        message = f"{where}: {shown_value(instance)} is not allowed; " + (
            suggestion or f"use one of {choices}"
        )
    elif is_date(schema):
        message = f"{where}: {date_advice(instance, keyword)}"
    elif keyword in ("pattern", "format"):
        title = str(schema.get("title", "value"))
        what = title if title[:2].isupper() else title[:1].lower() + title[1:]
        message = f"{where}: {shown_value(instance)} is not a valid {what}"
        suggestion = suggest_format(instance, schema, brief)
        if suggestion:
            message += f"; {suggestion}"
        description = str(schema.get("description", "")).strip()
        if description:
            message += f" (schema: {description})"
    elif keyword == "uniqueItems":
        message = f"{where}: the same item is listed twice"
    else:
        message = f"{where}: {error.message}"
    yield brief.finding(rule, message, path)


def _branch_findings(
    brief: Document, error: ValidationError, path: JsonPath, where: str
) -> Iterator[Finding]:
    """The most specific cause of a ``oneOf``/``anyOf`` failure.

    A branch whose own ``type`` rejects the value was not the one the author meant; among the
    branches left, the one with the fewest errors is reported in full.
    """
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)

    def rejected_by_type(errors: Iterable[ValidationError]) -> bool:
        return any(sub.validator == "type" and not sub.relative_path for sub in errors)

    plausible = {
        index: errors for index, errors in branches.items() if not rejected_by_type(errors)
    }
    if not plausible:
        names: list[str] = []
        for errors in branches.values():
            for sub in errors:
                if sub.validator == "type" and not sub.relative_path:
                    value = _keyword_value(sub)
                    names.extend([value] if isinstance(value, str) else value)
        wanted = " or ".join(_TYPE_NAMES.get(name, name) for name in dict.fromkeys(names))
        message = f"{where}: expected {wanted}, found {json_type(error.instance)}"
        yield brief.finding(_SCHEMA_RULES["BK011"], message, path)
        return

    if all(sub.validator == "required" for errors in plausible.values() for sub in errors):
        options: list[str] = []
        for errors in plausible.values():
            options.append(" and ".join(repr(name) for name in _missing(errors)))
        joiner = " or " if error.validator == "anyOf" else " or else "
        message = f"{where}: needs {joiner.join(options)}"
        yield brief.finding(_SCHEMA_RULES["BK013"], message, path)
        return

    best = min(plausible.values(), key=len)
    for sub in best:
        yield from _findings_for(brief, sub)


def _missing(errors: Iterable[ValidationError]) -> list[str]:
    names: list[str] = []
    for sub in errors:
        instance = sub.instance if isinstance(sub.instance, dict) else {}
        names.extend(name for name in _keyword_value(sub) if name not in instance)
    return names


def _keyword_value(error: ValidationError) -> Any:
    """The value of the schema keyword that failed (``validator_value``, typed loosely)."""
    value: Any = error.validator_value
    return value
