"""briefkit export stix: a STIX 2.1 bundle that platforms import, the same bytes every time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import stix2
from stix2validator import ValidationOptions, validate_string

from briefkit.document.markings import TLP_MARKINGS
from briefkit.export.tlp import MARKING_DEFINITIONS
from tests.conftest import SAMPLES
from tests.helpers import invoke, run_briefkit

OASIS_TLP_IDS = {
    "TLP:CLEAR": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "TLP:GREEN": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "TLP:AMBER": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "TLP:AMBER+STRICT": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "TLP:RED": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
"""The ids OASIS gives the TLP 2.0 markings (cti-stix-common-objects), written out again here so
that a changed copy in briefkit fails."""


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The English samples, one of them re-marked TLP:AMBER and one TLP:AMBER+STRICT."""
    markings = iter(["TLP:AMBER", "TLP:AMBER+STRICT"])
    for sample in sorted(SAMPLES.glob("*.json")):
        data = json.loads(sample.read_text(encoding="utf-8"))
        if data.get("language", "en") != "en":
            continue
        if data["id"].startswith("tanzania"):
            data["tlp"] = next(markings)
        (tmp_path / sample.name).write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    (tmp_path / "briefkit.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def export(*args: str) -> dict[str, Any]:
    result = invoke("export", "stix", ".", "--brand", "demo", "-o", "bundle.json", *args)
    assert result.exit_code == 0, result.output
    bundle: dict[str, Any] = json.loads(Path("bundle.json").read_text(encoding="utf-8"))
    return bundle


def test_every_object_parses_and_the_bundle_meets_the_oasis_schemas(desk: Path) -> None:
    bundle = export()
    assert bundle["type"] == "bundle" and bundle["id"].startswith("bundle--")
    for item in bundle["objects"]:
        parsed = stix2.parse(item)
        assert parsed["id"] == item["id"] and parsed["type"] == item["type"]
    result = validate_string(
        (desk / "bundle.json").read_text(encoding="utf-8"), ValidationOptions(version="2.1")
    )
    assert result.is_valid, [str(error) for error in result.errors]


def test_each_report_carries_its_briefs_oasis_marking_and_content(desk: Path) -> None:
    bundle = export()
    objects = {item["id"]: item for item in bundle["objects"]}
    reports = [item for item in bundle["objects"] if item["type"] == "report"]
    assert len(reports) == 3
    for report in reports:
        brief_id = report["external_references"][0]["external_id"]
        brief = next(
            json.loads(path.read_text(encoding="utf-8"))
            for path in desk.glob("*.json")
            if json.loads(path.read_text(encoding="utf-8"))["id"] == brief_id
        )
        assert report["object_marking_refs"] == [OASIS_TLP_IDS[brief["tlp"]]]
        marking = objects[OASIS_TLP_IDS[brief["tlp"]]]
        assert marking["name"] == brief["tlp"] and marking["created"] == "2022-10-01T00:00:00.000Z"
        assert report["name"] == brief["title"]
        assert report["description"] == "\n\n".join(brief["executive_summary"])
        assert report["labels"] == brief["tags"]
        assert report["published"] == f"{brief['date']}T00:00:00.000Z" == report["created"]
        assert report["report_types"] == ["threat-report"]
        assert report["external_references"][0]["url"].endswith(f"/briefs/{brief_id}")
        assert objects[report["created_by_ref"]]["name"] == "African Security Analysis"
        countries = {objects[ref]["country"] for ref in report["object_refs"]}
        assert countries == set(brief["countries"])
        cited = [ref["url"] for ref in report["external_references"][1:] if "url" in ref]
        assert cited == [s["url"] for s in brief.get("sources", []) if "url" in s]


def test_the_marking_definitions_are_the_five_oasis_publishes() -> None:
    assert list(MARKING_DEFINITIONS) == list(TLP_MARKINGS)
    for marking, definition in MARKING_DEFINITIONS.items():
        assert definition == {
            "type": "marking-definition",
            "spec_version": "2.1",
            "id": OASIS_TLP_IDS[marking],
            "created": "2022-10-01T00:00:00.000Z",
            "name": marking,
            "extensions": {
                "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {
                    "extension_type": "property-extension",
                    "tlp_2_0": marking.removeprefix("TLP:").lower(),
                }
            },
        }
        stix2.parse(definition)


def test_a_second_export_is_byte_identical_and_a_correction_updates(desk: Path) -> None:
    export()
    first = (desk / "bundle.json").read_bytes()
    (desk / "bundle.json").unlink()
    export()
    assert (desk / "bundle.json").read_bytes() == first

    path = desk / "niger-mali-aes.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["updated"] = "2025-10-06"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = {item["id"]: item for item in json.loads(first)["objects"]}
    after = {item["id"]: item for item in export()["objects"]}
    assert set(after) == set(before)  # the same ids: a platform updates, never duplicates
    changed = [key for key in after if after[key] != before[key]]
    assert len(changed) == 1
    assert after[changed[0]]["modified"] == "2025-10-06T00:00:00.000Z"
    assert after[changed[0]]["created"] == before[changed[0]]["created"]


def test_tlp_red_is_refused_without_allow_red(desk: Path) -> None:
    path = desk / "niger-mali-aes.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tlp"] = "TLP:RED"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_briefkit("export", "stix", ".", "--brand", "demo", "-o", "b.json", cwd=desk)
    assert result.returncode == 1
    assert "niger-mali-aes.json: is TLP:RED" in result.stderr and "--allow-red" in result.stderr
    assert "Traceback" not in result.stderr and not (desk / "b.json").exists()
    bundle = export("--allow-red")
    assert OASIS_TLP_IDS["TLP:RED"] in {item["id"] for item in bundle["objects"]}


def test_a_brief_with_lint_errors_or_no_brand_writes_nothing(desk: Path) -> None:
    result = invoke("export", "stix", ".", "-o", "b.json")
    assert result.exit_code == 2
    assert "give --brand, or `brand` in briefkit.toml" in result.stderr

    path = desk / "niger-mali-aes.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["executive_summary"] = ["TODO"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = invoke("export", "stix", ".", "--brand", "demo", "-o", "b.json")
    assert result.exit_code == 1
    assert "BK150" in result.stdout and "bundle not written" in result.stderr
    assert not (desk / "b.json").exists()


def test_standard_output_gets_the_same_bytes(desk: Path) -> None:
    export()
    result = run_briefkit("export", "stix", ".", "--brand", "demo", "-o", "-", cwd=desk)
    assert result.returncode == 0, result.stderr
    assert result.stdout.encode("utf-8") == (desk / "bundle.json").read_bytes()


def test_the_desks_brand_and_site_url_name_the_firm_and_the_briefs_address(desk: Path) -> None:
    (desk / "briefkit.toml").write_text(
        'brand = "demo"\nsite-url = "https://briefs.example.org/library"\n', encoding="utf-8"
    )
    result = invoke("export", "stix", "niger-mali-aes.json", "-o", "bundle.json")
    assert result.exit_code == 0, result.output
    bundle = json.loads((desk / "bundle.json").read_text(encoding="utf-8"))
    [report] = [item for item in bundle["objects"] if item["type"] == "report"]
    assert report["external_references"][0] == {
        "source_name": "briefkit",
        "external_id": "niger-mali-aes-2025-10-02",
        "url": "https://briefs.example.org/library/niger-mali-aes-2025-10-02.html",
    }
