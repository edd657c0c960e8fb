"""Schema findings as a user reads them: ECMA-262 patterns, what to write, bounds, TOML words."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefkit import BriefkitError, lint_brief, parse_brief
from briefkit.assets import default_brand_path, schema_path
from briefkit.desk.config import ConfigError, parse_config
from briefkit.desk.settings import RENDER_LIMIT_KEYS
from briefkit.render.brand import load_brand
from briefkit.validation.patterns import ecma_regex
from briefkit.validation.schema import fast_check, schema_problem
from briefkit.validation.suggestions import EXPECTED_FORMS
from tests.conftest import SAMPLE_ANALYSIS

SCHEMAS = sorted(
    path.name.removesuffix(".schema.json")
    for path in schema_path("brief").parent.glob("*.schema.json")
)


def patterns(node: Any) -> Iterator[str]:
    """Every ``pattern`` anywhere in a schema."""
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            yield node["pattern"]
        for value in node.values():
            yield from patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from patterns(item)


EXPECTED_FORMS_BY_KIND = {form.kind: pattern for pattern, form in EXPECTED_FORMS.items()}


def every_pattern() -> list[str]:
    found: list[str] = []
    for name in SCHEMAS:
        schema = json.loads(schema_path(name).read_text(encoding="utf-8"))
        found.extend(pattern for pattern in patterns(schema) if pattern not in found)
    return found


def test_every_schema_is_checked() -> None:
    assert {"brief", "brand", "config", "labels", "report"} <= set(SCHEMAS)


@pytest.mark.parametrize("pattern", every_pattern())
def test_every_pattern_says_what_to_write(pattern: str) -> None:
    """A pattern added to any schema needs the words a finding uses for it, and an example
    that it matches."""
    assert pattern in EXPECTED_FORMS
    expected = EXPECTED_FORMS[pattern]
    assert expected.kind and expected.form and expected.example
    assert ecma_regex(pattern).search(expected.example)


@pytest.mark.parametrize("pattern", every_pattern())
@pytest.mark.parametrize("ending", ["\n", "\r\n", "\u2028"])
def test_dollar_is_the_end_of_the_string_as_in_ecma_262(pattern: str, ending: str) -> None:
    value = EXPECTED_FORMS[pattern].example + ending
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    ecma = jsonschema_rs.validator_for({"type": "string", "pattern": pattern})
    assert bool(ecma_regex(pattern).search(value)) == ecma.is_valid(value)
    if pattern.endswith("$") and pattern not in ACCEPT_LINE_BREAKS:
        assert not ecma_regex(pattern).search(value)


ACCEPT_LINE_BREAKS = {
    EXPECTED_FORMS_BY_KIND["font list"],  # spaces around the names, and a line break is one
    EXPECTED_FORMS_BY_KIND["page label"],  # any text
}


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("^a$", "a", True),
        ("^a$", "a\n", False),
        ("^[$]+$", "$$", True),
        (r"^\$$", "$", True),
        (r"^a.b$", "a\rb", False),
        (r"^a.b$", "a\u2028b", False),
        (r"^a.b$", "a\u0085b", True),
        (r"^\s$", "\ufeff", True),
        (r"^\s$", "\u0085", False),
        (r"^[\s]$", "\ufeff", True),
        (r"^\S$", "\ufeff", False),
        (r"^\d$", "\u0661", False),
        (r"^\w$", "é", False),
        (r"^\W$", "é", True),
    ],
)
def test_regexes_read_as_ecma_262(pattern: str, text: str, matches: bool) -> None:
    assert bool(ecma_regex(pattern).search(text)) is matches


def brief_messages(**changes: Any) -> list[tuple[str, str]]:
    data = json.loads(SAMPLE_ANALYSIS.read_text(encoding="utf-8"))
    data.update(changes)
    brief = parse_brief(json.dumps(data, ensure_ascii=False).encode(), "draft.json")
    return [(finding.code, finding.message) for finding in lint_brief(brief)]


def brand_error(tmp_path: Path, **colors: Any) -> str:
    brand = tmp_path / "brand"
    brand.mkdir()
    data = json.loads(default_brand_path().read_text(encoding="utf-8"))
    data["colors"].update(colors)
    (brand / "brand.json").write_text(json.dumps(data), encoding="utf-8")
    (brand / data["logo"]).write_bytes((default_brand_path().parent / data["logo"]).read_bytes())
    with pytest.raises(BriefkitError) as caught:
        load_brand(brand)
    return caught.value.message


def test_a_colour_with_a_trailing_newline_is_a_located_brand_error(tmp_path: Path) -> None:
    message = brand_error(tmp_path, rule="#fff\n")
    assert message.endswith(
        'invalid brand: colors.rule: "#fff\\n" is not a valid colour; write "#fff"'
    )


def test_a_brief_id_with_a_trailing_newline_is_a_finding() -> None:
    assert brief_messages(id="niger-mali-aes\n") == [
        ("BK015", 'id: "niger-mali-aes\\n" is not a valid brief id; write "niger-mali-aes"')
    ]


def test_a_country_code_with_a_trailing_newline_is_a_finding() -> None:
    assert brief_messages(countries=["NE\n"]) == [
        (
            "BK015",
            'countries[0]: "NE\\n" is not a valid ISO 3166-1 alpha-2 country code; write "NE"',
        )
    ]


def test_a_pattern_error_names_the_kind_of_value_and_what_to_write(tmp_path: Path) -> None:
    message = brand_error(tmp_path, rule="#fff; } body { display: none }")
    assert message.endswith(
        'colors.rule: "#fff; } body { display: none }" is not a valid colour; write #rgb or #rrggbb'
    )


def test_a_web_address_the_fast_validator_refuses_is_a_finding() -> None:
    """jsonschema checks no "uri" format without an extra package; jsonschema-rs does. A value
    only the fast validator refuses is still reported, not taken as valid."""
    if fast_check("brief") is None:
        pytest.skip("needs jsonschema-rs")
    sources = [{"title": "Report", "url": "https://example.org/a report"}]
    ((code, message),) = brief_messages(sources=sources)
    assert code == "BK015"
    assert message.startswith('sources[0].url: "https://example.org/a report" is not a valid')


def test_a_long_value_is_shortened_in_the_message() -> None:
    ((code, message),) = brief_messages(id="X" * 5000)
    assert code == "BK015"
    # A fix too long to show whole is not offered: the id's form is described instead.
    assert message == (
        'id: "' + "X" * 60 + '…" is not a valid brief id; write lower-case letters and digits, '
        'in words joined by hyphens, e.g. "niger-mali-2025"'
    )


def test_a_long_unknown_key_is_shortened_in_the_message() -> None:
    found = brief_messages(**{"k" * 5000: 1})
    ((_, message),) = [item for item in found if item[0] == "BK012"]
    assert message.startswith("top level: unknown property '" + "k" * 60 + "…';")


def test_a_long_text_over_a_length_bound_is_not_printed_whole() -> None:
    problem = schema_problem({"en": {"page": "Page {page}", "title": "x" * 5000}}, "labels")
    assert problem == 'en.title: "' + "x" * 60 + '…" has 5,000 characters; must have at most 500'


def config_problem(table: dict[str, Any]) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_config(table, Path("briefkit.toml"), Path())
    return str(caught.value).removeprefix("briefkit.toml: ")


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"render-seconds": 0}, "limits.render-seconds: 0 is too small; must be above 0"),
        (
            {"render-seconds": 1e6},
            "limits.render-seconds: 1000000.0 is more than the maximum; must be at most 86400",
        ),
        ({"max-depth": 2}, "limits.max-depth: 2 is less than the minimum; must be at least 4"),
        (
            {"max-file-bytes": float("inf")},
            "limits.max-file-bytes: expected a whole number, found inf",
        ),
        (
            {"max-file-bytes": float("nan")},
            "limits.max-file-bytes: expected a whole number, found nan",
        ),
        ({"max-list-items": 1.5}, "limits.max-list-items: expected a whole number, found 1.5"),
    ],
)
def test_bounds_say_what_the_value_must_be(limits: dict[str, Any], message: str) -> None:
    assert config_problem({"limits": limits}) == message


@pytest.mark.parametrize(
    ("key", "value", "maximum"),
    [
        ("max-file-bytes", 99999999999999999999, 1_073_741_824),
        ("max-file-bytes", 4_000_000_000, 1_073_741_824),
        ("max-list-items", 10**12, 1_000_000),
        ("max-string-chars", 10**12, 100_000_000),
        ("max-image-bytes", 10**12, 1_073_741_824),
        ("max-image-pixels", 10**12, 1_000_000_000),
        ("render-memory-mb", 1_048_576, 65_536),
        ("max-png-pixels", 10**12, 3_000_000_000),
    ],
)
def test_every_limit_has_an_upper_bound(key: str, value: int, maximum: int) -> None:
    assert config_problem({"limits": {key: value}}).endswith(f"must be at most {maximum}")
    config = parse_config({"limits": {key: maximum}}, None, Path())
    limits = config.render.limits if key in RENDER_LIMIT_KEYS else config.lint.limits
    assert getattr(limits, key.replace("-", "_")) == maximum


def test_every_limit_in_the_schema_is_bounded_both_ways() -> None:
    schema = json.loads(schema_path("config").read_text(encoding="utf-8"))
    for name, entry in schema["properties"]["limits"]["properties"].items():
        assert "maximum" in entry, name
        assert "minimum" in entry or "exclusiveMinimum" in entry, name


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            {"select": "BK1"},
            "select: expected a list, found a string; write it as a list of tables: "
            'select = [{ code = "BK1", reason = "..." }]',
        ),
        (
            {"selct": ["BK1"]},
            "top level: unknown key 'selct'; did you mean 'select'? rename the key",
        ),
        ({"limits": 5}, "limits: expected a table, found 5"),
        ({"out": datetime.date(2025, 1, 1)}, "out: expected a string, found a date"),
        ({"options": {"summary-words": 5}}, "options.summary-words: expected a list, found 5"),
        (
            {"limits": {"render-seconds": "60"}},
            "limits.render-seconds: expected a number, found a string",
        ),
        (
            {"per-file-ignores": {"drafts/**": "BK150"}},
            "per-file-ignores.drafts/**: expected a list, found a string; "
            'write it as a list of tables: "drafts/**" = [{ code = "BK150", reason = "..." }]',
        ),
        (
            {"ignore": [{"code": "BK150"}]},
            "ignore[0]: needs 'reason'",
        ),
        (
            {"ignore": ["E501"]},
            'ignore[0]: "E501" is not a valid rule code or prefix; '
            'write BK and up to three digits, e.g. "BK105" or "BK1"',
        ),
    ],
)
def test_configuration_errors_use_toml_words(table: dict[str, Any], message: str) -> None:
    assert config_problem(table) == message


def test_a_layouts_labels_keep_json_words() -> None:
    assert schema_problem({"en": {"page": "Page {page}", "x": ["a"]}}, "labels") == (
        "en.x: expected a string, found an array"
    )
    assert schema_problem({"fr": {}}, "labels") == "top level: missing required property 'en'"
    assert (
        schema_problem({"en": []}, "labels", syntax="toml") == "en: expected a table, found a list"
    )
