"""A desk's copy of the schemas: refreshed by init and new when briefkit's is newer, reported by
doctor, and never replaced when it is current."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefkit.assets import schema_path
from briefkit.doctor import Status, _check_schema_copy
from tests.helpers import invoke


def old_copy(desk: Path) -> Path:
    """A copy of the brief schema as an earlier briefkit wrote it (version 1)."""
    schema = json.loads(schema_path("brief").read_text(encoding="utf-8"))
    schema["$id"] = "https://briefkit.dev/schema/1/brief.schema.json"
    del schema["properties"]["edition_of"]
    copy = desk / ".briefkit" / "brief.schema.json"
    copy.parent.mkdir(parents=True)
    copy.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    return copy


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_new_and_init_refresh_a_stale_copy(desk: Path) -> None:
    copy = old_copy(desk)
    [diagnosis] = _check_schema_copy(desk)
    assert diagnosis.status is Status.WARNING and "version 1" in diagnosis.detail
    assert "briefkit init" in diagnosis.detail

    result = invoke("new", "drafts/sahel.json")
    assert result.exit_code == 0, result.output
    assert copy.read_bytes() == schema_path("brief").read_bytes()
    assert list(_check_schema_copy(desk)) == []

    old_copy_again = json.loads(copy.read_text(encoding="utf-8"))
    old_copy_again["$id"] = "https://briefkit.dev/schema/1/brief.schema.json"
    copy.write_text(json.dumps(old_copy_again), encoding="utf-8")
    assert invoke("init").exit_code == 0
    assert copy.read_bytes() == schema_path("brief").read_bytes()


def test_a_current_copy_is_never_replaced(desk: Path) -> None:
    copy = desk / ".briefkit" / "brief.schema.json"
    copy.parent.mkdir()
    schema = json.loads(schema_path("brief").read_text(encoding="utf-8"))
    schema["description"] = "Our desk's own notes."
    copy.write_text(json.dumps(schema), encoding="utf-8")
    before = copy.read_bytes()
    assert invoke("new", "drafts/sahel.json").exit_code == 0
    assert invoke("init").exit_code == 0
    assert copy.read_bytes() == before
    assert list(_check_schema_copy(desk)) == []
