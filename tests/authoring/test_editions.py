"""briefkit edition new, and the rules that keep an edition in step with its source."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from briefkit.assets import schema_path
from briefkit.document.editions import TRANSLATED_SECTIONS, canonical_json, section_hash
from tests.conftest import SAMPLES
from tests.helpers import codes_of, invoke, lines_of

SOURCE = "niger-mali-aes.json"
EDITION = "niger-mali-aes.fr.json"


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A desk holding the English samples (so that every discover-more link resolves)."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "briefkit.toml").write_text("", encoding="utf-8")  # the desk's root
    for sample in SAMPLES.glob("*.json"):
        if json.loads(sample.read_text(encoding="utf-8")).get("language", "en") == "en":
            shutil.copy(sample, tmp_path / sample.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def write(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def translated(value: Any) -> Any:
    """Every placeholder replaced by a "translation" (the text marked as French)."""
    if isinstance(value, str):
        return value.replace("TODO (fr): ", "Fr. ")
    if isinstance(value, list):
        return [translated(item) for item in value]
    if isinstance(value, dict):
        return {key: translated(item) for key, item in value.items()}
    return value


def check(desk: Path, *paths: str) -> list[str]:
    result = invoke("check", *(paths or (".",)))
    assert result.exit_code in (0, 1), result.output
    return lines_of(result)


def make_edition(desk: Path) -> Path:
    result = invoke("edition", "new", SOURCE, "--language", "fr", "-o", EDITION)
    assert result.exit_code == 0, result.output
    assert f"wrote {EDITION}" in result.stderr
    assert "TLP:CLEAR or stricter" in result.stderr
    return desk / EDITION


def fill(edition: Path) -> None:
    data = translated(read(edition))
    data["tlp"] = "TLP:CLEAR"
    data["risk_level"] = "elevated"
    data["assessment"]["confidence"] = "moderate"
    write(edition, data)


def test_a_new_edition_lints_with_placeholder_findings_only(desk: Path) -> None:
    edition = make_edition(desk)
    data = read(edition)
    source = read(desk / SOURCE)
    assert data["edition_of"] == source["id"] and data["language"] == "fr"
    assert data["id"] == f"{source['id']}-fr"
    assert data["title"] == f"TODO (fr): {source['title']}"
    assert data["tags"] == source["tags"]
    assert "tlp" not in data and "confidence" not in data["assessment"]
    hashes = data["x-briefkit"]["edition"]["source_hashes"]
    assert hashes["executive_summary"] == section_hash(source["executive_summary"])
    assert invoke("validate", EDITION).exit_code == 0
    found = [line for line in check(desk) if line.startswith(EDITION)]
    # Placeholders, and the decisions left to the author: the marking, the risk level and the
    # confidence.
    assert set(codes_of_lines(found)) == {"BK150", "BK114", "BK161", "BK160"}
    placeholders = [line for line in found if " BK150 " in line]
    assert len(placeholders) == sum(
        1 for line in edition.read_text(encoding="utf-8").splitlines() if "TODO (fr)" in line
    )


def codes_of_lines(lines: list[str]) -> list[str]:
    return [line.split()[1] for line in lines]


def test_a_filled_edition_is_clean_and_one_changed_section_is_reported_stale(desk: Path) -> None:
    edition = make_edition(desk)
    fill(edition)
    assert check(desk) == []

    source = read(desk / SOURCE)
    source["key_developments"][0]["text"] += " A correction."
    source["updated"] = "2025-10-05"
    write(desk / SOURCE, source)
    found = check(desk)
    assert codes_of_lines(found) == ["BK210"]
    line = found[0]
    assert line.startswith(f"{EDITION}:")
    assert "key_developments (Key Developments) changed" in line
    assert "niger-mali-aes-2025-10-02" in line and "updated 2025-10-05" in line

    # Checking the edition alone still finds its source in the desk.
    assert codes_of_lines(check(desk, EDITION)) == ["BK210"]
    # Checking the changed source alone reports what it causes: on the edition, as always.
    (caused,) = check(desk, SOURCE)
    assert caused.startswith(f"{EDITION}:") and " BK210 " in caused


def test_refreshing_a_hash_is_an_unsafe_fix_applied_only_when_asked(desk: Path) -> None:
    edition = make_edition(desk)
    fill(edition)
    source = read(desk / SOURCE)
    source["executive_summary"][0] += " Corrected."
    write(desk / SOURCE, source)
    before = edition.read_bytes()

    result = invoke("check", ".", "--fix")
    assert codes_of(result) == ["BK210"] and edition.read_bytes() == before

    result = invoke("check", ".", "--fix", "--unsafe-fixes")
    assert result.exit_code == 0, result.output
    assert codes_of(result) == []
    hashes = read(edition)["x-briefkit"]["edition"]["source_hashes"]
    assert hashes["executive_summary"] == section_hash(source["executive_summary"])
    old_lines, new_lines = before.decode().splitlines(), edition.read_text().splitlines()
    assert len(old_lines) == len(new_lines)
    changed = [(old, new) for old, new in zip(old_lines, new_lines, strict=True) if old != new]
    assert len(changed) == 1 and '"executive_summary":' in changed[0][1]
    assert check(desk) == []


def test_stale_findings_name_each_changed_section_once(desk: Path) -> None:
    edition = make_edition(desk)
    fill(edition)
    source = read(desk / SOURCE)
    source["title"] = "Niger–Mali: A Corrected Title"
    del source["discover_more"]
    write(desk / SOURCE, source)
    found = check(desk, EDITION, SOURCE)
    assert codes_of_lines(found) == ["BK210", "BK210"]
    assert "title changed" in found[0]
    assert "discover_more (Discover More) was removed" in found[1]


def test_an_edition_without_hashes_is_one_finding_not_one_per_section(desk: Path) -> None:
    edition = make_edition(desk)
    fill(edition)
    data = read(edition)
    del data["x-briefkit"]
    write(edition, data)
    found = check(desk, EDITION)
    assert codes_of_lines(found) == ["BK210"]
    assert "no source hashes are recorded" in found[0]


def test_an_editions_missing_source_and_weaker_marking(desk: Path) -> None:
    edition = make_edition(desk)
    fill(edition)
    source = read(desk / SOURCE)
    source["tlp"] = "TLP:AMBER"
    write(desk / SOURCE, source)
    found = check(desk, EDITION)
    assert codes_of_lines(found) == ["BK212"]
    assert "TLP:CLEAR is less restrictive than the source's TLP:AMBER" in found[0]

    (desk / SOURCE).unlink()
    found = check(desk, EDITION)
    assert codes_of_lines(found) == ["BK211"]
    assert "'niger-mali-aes-2025-10-02'" in found[0]


def test_the_schema_names_the_sections_that_have_hashes() -> None:
    schema = json.loads(schema_path("brief").read_text(encoding="utf-8"))
    edition = schema["properties"]["x-briefkit"]["properties"]["edition"]
    names = edition["properties"]["source_hashes"]["propertyNames"]["enum"]
    assert names == list(TRANSLATED_SECTIONS)
    assert set(names) <= set(schema["properties"])


def test_render_editions_renders_a_source_with_every_edition(desk: Path) -> None:
    edition = make_edition(desk)
    fill(edition)
    result = invoke(
        "render", SOURCE, "--editions", "--brand", "demo", "--format", "html", "-o", "out"
    )
    assert result.exit_code == 0, result.output
    source_id = read(desk / SOURCE)["id"]
    assert sorted(path.name for path in (desk / "out").iterdir()) == [
        f"{source_id}-fr.html",
        f"{source_id}.html",
    ]
    assert f"rendered {EDITION}" in result.stderr  # named as the user would type it
    french = (desk / "out" / f"{source_id}-fr.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in french and "Fr. " in french


def test_hashes_are_of_nfc_canonical_json() -> None:
    composed, decomposed = "Côte d’Ivoire", "Co\u0302te d’Ivoire"
    assert section_hash({"b": [decomposed], "a": 1}) == section_hash({"a": 1, "b": [composed]})
    assert canonical_json({"b": "é", "a": [1, 2]}) == '{"a":[1,2],"b":"é"}'
    assert re.fullmatch(r"[0-9a-f]{64}", section_hash("x"))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--language", "en"], "is already in 'en'"),
        (["--language", "f r"], "'f r' is not a language tag"),
        (["--language", "fr", "-o", SOURCE], "already exists"),
        (["--language", "fr", "-o", "out.txt"], "an edition is a .json file"),
    ],
)
def test_edition_new_refuses_with_one_line(desk: Path, arguments: list[str], message: str) -> None:
    before = (desk / SOURCE).read_bytes()
    result = invoke("edition", "new", SOURCE, *arguments)
    assert result.exit_code in (1, 2)
    assert message in result.stderr and "Traceback" not in result.output
    assert (desk / SOURCE).read_bytes() == before
    assert not (desk / "out.txt").exists()


def test_an_edition_of_an_edition_is_refused(desk: Path) -> None:
    make_edition(desk)
    result = invoke("edition", "new", EDITION, "--language", "pt")
    assert result.exit_code == 1
    assert "is itself an edition" in result.stderr
    assert codes_of(result) == []


def test_an_edition_in_another_folder_keeps_an_inline_figure_and_rebases_a_file(
    desk: Path,
) -> None:
    source = read(desk / SOURCE)
    inline = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4="
    source["figures"] = [
        {"image": inline, "caption": "Inline", "alt": "A map"},
        {"image": "figures/map.svg", "caption": "A file", "alt": "A map"},
    ]
    write(desk / SOURCE, source)
    result = invoke("edition", "new", SOURCE, "--language", "fr", "-o", "fr/edition.json")
    assert result.exit_code == 0, result.output
    images = [figure["image"] for figure in read(desk / "fr" / "edition.json")["figures"]]
    assert images == [inline, "../figures/map.svg"]
