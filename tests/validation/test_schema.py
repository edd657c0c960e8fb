"""The published schemas: valid 2020-12 schemas whose every property an editor can explain."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from briefkit.assets import default_brand_path, schema_path
from tests.conftest import SAMPLES


def load(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return schema


def properties(schema: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property schema, anywhere in the schema (including inside $defs and items)."""
    if isinstance(schema, dict):
        for name, sub in schema.get("properties", {}).items():
            yield f"{where}.{name}", sub
        for key, value in schema.items():
            if key != "properties" or not isinstance(value, dict):
                yield from properties(value, f"{where}/{key}")
            else:
                for name, sub in value.items():
                    yield from properties(sub, f"{where}.{name}")
    elif isinstance(schema, list):
        for index, item in enumerate(schema):
            yield from properties(item, f"{where}[{index}]")


@pytest.mark.parametrize("name", ["brief", "brand"])
def test_schema_is_valid_draft_2020_12_with_an_id(name: str) -> None:
    schema = load(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"/{name}.schema.json")


@pytest.mark.parametrize("name", ["brief", "brand"])
def test_every_property_has_a_title_and_a_description(name: str) -> None:
    found = list(properties(load(name)))
    assert len(found) > 15
    undocumented = [
        where for where, sub in found if not (sub.get("title") and sub.get("description"))
    ]
    assert not undocumented


def test_brief_schema_lists_the_tlp_markings_and_kinds() -> None:
    props = load("brief")["properties"]
    assert props["tlp"]["enum"] == [
        "TLP:CLEAR",
        "TLP:GREEN",
        "TLP:AMBER",
        "TLP:AMBER+STRICT",
        "TLP:RED",
    ]
    assert props["kind"]["enum"] == ["analysis", "situation"]


def test_an_empty_draft_is_schema_valid() -> None:
    validator = Draft202012Validator(load("brief"))
    assert validator.is_valid({})
    assert validator.is_valid({"$schema": "../schema/brief.schema.json", "kind": "analysis"})
    assert not validator.is_valid({"titel": "typo"})


def test_samples_and_brand_point_editors_at_the_schema() -> None:
    for sample in SAMPLES.glob("*.json"):
        assert json.loads(sample.read_text(encoding="utf-8"))["$schema"] == (
            "../schema/brief.schema.json"
        )
    brand = json.loads(default_brand_path().read_text(encoding="utf-8"))
    Draft202012Validator(load("brand")).validate(brand)
