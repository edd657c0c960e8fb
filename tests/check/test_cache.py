"""The result cache of ``briefkit check``: hits report what a check without the cache reports,
an edit or a changed figure is a miss, a corrupt or foreign cache is ignored, never trusted."""

from __future__ import annotations

import base64
import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from briefkit.check import linting
from briefkit.check.cache import INDEX
from tests.conftest import SAMPLES
from tests.helpers import invoke

SAMPLE = json.loads((SAMPLES / "niger-mali-aes.json").read_text(encoding="utf-8"))
del SAMPLE["discover_more"]  # its links lead out of the test's desk


def _desk(tmp_path: Path, count: int = 3) -> Path:
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "briefkit.toml").write_text("", encoding="utf-8")
    for number in range(count):
        brief = json.loads(json.dumps(SAMPLE))
        brief["id"], brief["title"] = f"brief-{number}", f"Brief {number}"
        (desk / f"brief-{number}.json").write_text(json.dumps(brief, indent=2), encoding="utf-8")
    return desk


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The briefs linted afresh (not taken from the cache) in each run."""
    names: list[str] = []
    original: Callable[..., Any] = linting.brief_result

    def counting(candidate: Any, raw: bytes, rules: bool) -> Any:
        names.append(candidate.path.name)
        return original(candidate, raw, rules)

    monkeypatch.setattr(linting, "brief_result", counting)
    return names


def _check(desk: Path, *args: str, env: dict[str, str | None] | None = None) -> tuple[int, str]:
    result = invoke("check", str(desk), *args, env={"BRIEFKIT_CACHE_DIR": None, **(env or {})})
    return result.exit_code, result.stdout


def test_a_recheck_of_unchanged_briefs_reads_the_cache(tmp_path: Path, computed: list[str]) -> None:
    desk = _desk(tmp_path)
    brief = json.loads((desk / "brief-1.json").read_text(encoding="utf-8"))
    brief["id"] = "brief-0"  # a duplicate id: a rule across briefs, re-run from the summaries
    brief["tlp"] = "TLP:WHITE"
    (desk / "brief-1.json").write_text(json.dumps(brief, indent=2), encoding="utf-8")

    first = _check(desk)
    assert sorted(computed) == ["brief-0.json", "brief-1.json", "brief-2.json"]
    assert (desk / ".briefkit_cache" / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
    computed.clear()

    second = _check(desk)

    assert computed == []
    assert second == first
    assert "BK014" in first[1] and "BK201" in first[1]


def test_an_edited_brief_is_checked_again_and_its_findings_are_right(
    tmp_path: Path, computed: list[str]
) -> None:
    desk = _desk(tmp_path)
    assert _check(desk)[0] == 0
    computed.clear()
    path = desk / "brief-2.json"
    path.write_text(path.read_text(encoding="utf-8").replace("TLP:CLEAR", "TLP:WHITE"), "utf-8")

    code, report = _check(desk)

    assert computed == ["brief-2.json"]
    assert code == 1
    assert [line.split()[1] for line in report.splitlines()] == ["BK014"]
    assert report.startswith(f"{path}:")


@pytest.mark.parametrize(
    "spoil",
    [
        lambda text: "{not json",
        lambda text: text.replace('"format":1', '"format":2'),
        lambda text: text.replace('"tool":"', '"tool":"x'),  # another briefkit's
        lambda text: text.replace('"findings":[]', '"findings":[["BK014"]]', 1),
        lambda text: text.replace('"findings":[]', '"findings":"none"', 1),
        lambda text: text.replace('"summary":{', '"summary":[{', 1).replace("}},", "}]},", 1),
    ],
    ids=["not-json", "other-format", "foreign", "short-finding", "wrong-type", "bad-summary"],
)
def test_a_corrupt_or_foreign_cache_is_ignored(
    tmp_path: Path, computed: list[str], spoil: Callable[[str], str]
) -> None:
    desk = _desk(tmp_path)
    clean = _check(desk)
    index = desk / ".briefkit_cache" / INDEX
    spoilt = spoil(index.read_text(encoding="utf-8"))
    assert spoilt != index.read_text(encoding="utf-8")
    index.write_text(spoilt, encoding="utf-8")
    computed.clear()

    assert _check(desk) == clean
    assert computed  # at least the spoilt entry was linted again, not trusted
    assert _check(desk) == clean  # and the cache was written whole again


def test_a_forged_finding_in_a_valid_entry_is_not_reported_for_other_content(
    tmp_path: Path,
) -> None:
    desk = _desk(tmp_path, count=1)
    _check(desk)
    index = desk / ".briefkit_cache" / INDEX
    data = json.loads(index.read_text(encoding="utf-8"))
    (entry,) = data["entries"].values()
    entry["hash"] = "0" * 32  # an entry for other content
    entry["findings"] = [["BK014", "invalid-value", "error", "forged", "/tlp", 1, 1, 0, 0, -1, -1,
                          None]]  # fmt: skip
    index.write_text(json.dumps(data), encoding="utf-8")

    assert _check(desk) == (0, "")


def test_no_cache_neither_reads_nor_writes(tmp_path: Path, computed: list[str]) -> None:
    desk = _desk(tmp_path)
    _check(desk, "--no-cache")
    assert not (desk / ".briefkit_cache").exists()
    _check(desk)
    computed.clear()
    _check(desk, "--no-cache")
    assert len(computed) == 3


def test_the_cache_folder_comes_from_the_environment_then_the_configuration(
    tmp_path: Path,
) -> None:
    desk = _desk(tmp_path)
    _check(desk, env={"BRIEFKIT_CACHE_DIR": str(tmp_path / "elsewhere")})
    assert (tmp_path / "elsewhere" / INDEX).is_file()
    assert not (desk / ".briefkit_cache").exists()

    (desk / "briefkit.toml").write_text('cache-dir = "build/cache"\n', encoding="utf-8")
    _check(desk)
    assert (desk / "build" / "cache" / INDEX).is_file()
    assert not (desk / ".briefkit_cache").exists()


def test_rules_that_read_todays_date_are_never_cached(
    tmp_path: Path, computed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = _desk(tmp_path, count=1)
    path = desk / "brief-0.json"
    brief = json.loads(path.read_text(encoding="utf-8"))
    brief["date"] = "2999-01-01"
    path.write_text(json.dumps(brief, indent=2), encoding="utf-8")
    assert "BK152" in _check(desk)[1]
    computed.clear()

    class Later(date):
        @classmethod
        def today(cls) -> Later:
            return cls(3000, 1, 1)

    monkeypatch.setattr("briefkit.rules.house_style.date", Later)
    assert _check(desk) == (0, "")
    assert computed == []


def test_a_changed_figure_is_a_miss(tmp_path: Path, computed: list[str]) -> None:
    desk = _desk(tmp_path, count=1)
    figure = desk / "map.svg"
    figure.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" '
        'height="10"/></svg>',
        encoding="utf-8",
    )
    path = desk / "brief-0.json"
    brief = json.loads(path.read_text(encoding="utf-8"))
    brief["figures"] = [{"image": "map.svg", "caption": "A map.", "alt": "A map of the Sahel."}]
    path.write_text(json.dumps(brief, indent=2), encoding="utf-8")
    assert _check(desk) == (0, "")
    computed.clear()

    figure.write_text("not an image", encoding="utf-8")
    code, report = _check(desk)

    assert computed == ["brief-0.json"]
    assert code == 1 and "BK140" in report


def test_an_inline_figure_is_cached_with_its_brief_and_an_edit_to_it_is_a_miss(
    tmp_path: Path, computed: list[str]
) -> None:
    desk = _desk(tmp_path, count=1)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    image = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    path = desk / "brief-0.json"
    brief = json.loads(path.read_text(encoding="utf-8"))
    brief["figures"] = [{"image": image, "caption": "A map.", "alt": "A map of the Sahel."}]
    path.write_text(json.dumps(brief, indent=2), encoding="utf-8")
    assert _check(desk) == (0, "")
    computed.clear()
    assert _check(desk) == (0, "")
    assert computed == []  # no file to depend on: the brief's own hash covers its figure

    brief["figures"][0]["image"] = image.replace("PHN2Zy", "PHN2Zy!")
    path.write_text(json.dumps(brief, indent=2), encoding="utf-8")
    code, report = _check(desk)

    assert computed == ["brief-0.json"]
    assert code == 1 and "BK140" in report and "malformed" in report


def test_the_cache_file_is_json_not_pickle(tmp_path: Path) -> None:
    desk = _desk(tmp_path, count=1)
    _check(desk)
    data = json.loads((desk / ".briefkit_cache" / INDEX).read_text(encoding="utf-8"))
    assert data["format"] == 1
    assert [Path(path).name for path in data["entries"]] == ["brief-0.json"]
    shutil.rmtree(desk / ".briefkit_cache")


def test_entries_of_deleted_briefs_are_dropped(tmp_path: Path) -> None:
    desk = _desk(tmp_path)
    _check(desk)
    (desk / "brief-1.json").unlink()
    brief = desk / "brief-2.json"
    brief.write_text(brief.read_text(encoding="utf-8").replace("TLP:CLEAR", "TLP:GREEN"), "utf-8")

    _check(desk)  # a miss (brief-2), so the cache is written again

    data = json.loads((desk / ".briefkit_cache" / INDEX).read_text(encoding="utf-8"))
    assert sorted(Path(path).name for path in data["entries"]) == ["brief-0.json", "brief-2.json"]
