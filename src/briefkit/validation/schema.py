"""Check a brief's shape and types against ``schema/brief.schema.json``.

Every schema error becomes a :class:`Finding` spanning the offending value (key, for an unknown
property), with a message an author can act on (:mod:`~briefkit.validation.wording`, in JSON's
or, for the configuration, TOML's words) and, where it names exactly one replacement, its fix
(:mod:`~briefkit.validation.fixes`). A ``oneOf``/``anyOf`` failure is explained inside the branch
the value was meant for. Python's jsonschema is the reference and produces every finding; a valid
document (most, in CI) is first passed by jsonschema-rs when installed, about 200 times faster, and
a property test keeps the two in agreement. Patterns are read as ECMA-262 regexes. A document only
jsonschema-rs refuses (a ``uri``) gets its errors, not "no errors"."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from briefkit.assets import schema_path
from briefkit.document.brief import Brief, Document
from briefkit.document.jsonsource import JsonPath, SourceText, dotted
from briefkit.findings import Finding, Rule, Severity
from briefkit.validation.jsonschema_import import import_jsonschema
from briefkit.validation.patterns import ecma_pattern

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

    from briefkit.validation.wording import Syntax, Words

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
        "Items have required parts: a key development needs a label and a text; a suppression "
        "in briefkit.toml needs a reason (a bare code still applies, and is this error there).",
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


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A built-in schema with its local references inlined, parsed once per process."""
    schema = json.loads(schema_path(name).read_text(encoding="utf-8"))
    inlined: dict[str, Any] = _inline_refs(schema, schema.get("$defs", {}))
    return inlined


@cache
def _validator(name: str) -> Validator:
    jsonschema = import_jsonschema()  # only for documents the fast check rejects
    draft = jsonschema.Draft202012Validator
    ecma: type[Validator] = jsonschema.validators.extend(draft, {"pattern": ecma_pattern})
    return ecma(load_schema(name), format_checker=draft.FORMAT_CHECKER)


@cache
def _fast_validator(name: str) -> Any:
    """jsonschema-rs's validator for a built-in schema, or ``None`` without jsonschema-rs."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    return jsonschema_rs.validator_for(load_schema(name), validate_formats=True)


def fast_check(name: str) -> Callable[[Any], bool] | None:
    """jsonschema-rs's ``is_valid`` for a built-in schema, or ``None`` without jsonschema-rs."""
    validator = _fast_validator(name)
    if validator is None:
        return None
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


def schema_findings(brief: Document, schema_name: str, *, syntax: Syntax = "json") -> list[Finding]:
    """Findings of the built-in schema ``schema_name`` over a loaded document, worded for its
    ``syntax`` (JSON, or TOML for the configuration)."""
    fast = _fast_verdict(schema_name, brief.data)
    if fast:
        return []
    from briefkit.validation.wording import WORDS  # loaded for a document with errors only

    words = WORDS[syntax]
    validator = _validator(schema_name)
    findings: list[Finding] = []
    for error in validator.iter_errors(brief.data):
        findings.extend(_findings_for(brief, error, words))
    if not findings and fast is False:
        findings = list(_fast_findings(brief, schema_name, words))
    findings = _one_per_value(findings)
    findings.sort(key=lambda finding: finding.sort_key)
    return findings


def _fast_verdict(schema_name: str, data: Any) -> bool | None:
    """jsonschema-rs's verdict on ``data``, or ``None`` when it has none: not installed, or a
    value JSON has no type for (a TOML date), which jsonschema then judges alone."""
    is_valid = fast_check(schema_name)
    try:
        return None if is_valid is None else is_valid(data)
    except ValueError:
        return None


def schema_problem(data: Any, schema_name: str, *, syntax: Syntax = "json") -> str | None:
    """The first way ``data`` breaks the built-in schema ``schema_name``, worded as schema
    findings are (the place, then what is wrong), or ``None``: for data read from a file whose
    positions are not known (a layout's labels in JSON, a configuration in TOML: ``syntax``)."""
    document = Document(schema_name, data, SourceText(""))
    findings = schema_findings(document, schema_name, syntax=syntax)
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
    import difflib  # only for an unknown key

    hint = difflib.get_close_matches(key, list(known), n=1)
    return hint[0] if hint else None


def brief_properties() -> tuple[str, ...]:
    """The top-level properties of the brief schema."""
    return tuple(load_schema("brief").get("properties", {}))


def _findings_for(brief: Document, error: ValidationError, words: Words) -> Iterator[Finding]:
    from briefkit.validation.fixes import key_fix, value_fix
    from briefkit.validation.wording import keyword_message, quoted_key

    path: JsonPath = tuple(error.absolute_path)
    where = dotted(path) if path else "top level"
    keyword = str(error.validator)

    if keyword in ("oneOf", "anyOf") and error.context:
        yield from _branch_findings(brief, error, path, where, words)
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
            message = f"{where}: unknown {words.member} {quoted_key(key)}{advice}"
            fix = key_fix(key, hint, instance, (*path, key), brief) if hint else None
            yield brief.finding(rule, message, (*path, key), key=True, fix=fix)
        return

    if keyword == "required" and isinstance(instance, dict):
        for name in _keyword_value(error):
            if name not in instance:
                message = f"{where}: missing required {words.member} {quoted_key(name)}"
                yield brief.finding(rule, message, path)
        return

    expected = _keyword_value(error)
    worded = keyword_message(keyword, expected, instance, schema, path, brief, words)
    fix = value_fix(keyword, expected, instance, schema, path, brief)
    yield brief.finding(rule, f"{where}: {worded or error.message}", path, fix=fix)


def _fast_findings(brief: Document, schema_name: str, words: Words) -> Iterator[Finding]:
    """Findings from jsonschema-rs's errors, worded from the schema part each points at, for a
    document only it refuses (it checks the ``uri`` format; jsonschema needs a package for it)."""
    from briefkit.validation.wording import keyword_message

    for error in _fast_validator(schema_name).iter_errors(brief.data):
        path: JsonPath = tuple(error.instance_path)
        schema_path: list[str | int] = list(error.schema_path)
        keyword = str(schema_path.pop()) if schema_path else ""
        node = _schema_at(load_schema(schema_name), schema_path)
        worded = keyword_message(
            keyword, node.get(keyword), error.instance, node, path, brief, words
        )
        rule = _SCHEMA_RULES[_CODE_BY_KEYWORD.get(keyword, "BK010")]
        where = dotted(path) if path else "top level"
        yield brief.finding(rule, f"{where}: {worded or error.message}", path)


def _schema_at(schema: Any, path: Sequence[str | int]) -> dict[str, Any]:
    """The part of ``schema`` at a schema path (``{}`` when the path leads nowhere)."""
    node = schema
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return {}
    return node if isinstance(node, dict) else {}


def _branch_findings(
    brief: Document, error: ValidationError, path: JsonPath, where: str, words: Words
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
        wanted = words.wanted(dict.fromkeys(names))
        message = f"{where}: expected {wanted}, found {words.found(error.instance)}"
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
        yield from _findings_for(brief, sub, words)


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
