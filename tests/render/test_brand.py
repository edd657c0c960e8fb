"""Brand files: validated, their logo checked, every error one located line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefkit import BriefkitError, load_brand
from briefkit.assets import default_brand_path


def copy_brand(tmp_path: Path) -> Path:
    folder = tmp_path / "brand"
    shutil.copytree(default_brand_path().parent, folder)
    return folder / "brand.json"


def test_the_built_in_brand_loads_with_its_logo() -> None:
    brand = load_brand()
    assert brand.name.startswith("African Security Analysis")
    assert brand.logo.is_file() and brand.logo.is_relative_to(brand.folder)


def test_a_schema_error_names_the_file_line_and_column(tmp_path: Path) -> None:
    path = copy_brand(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["colors"]["primary"] = 12
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    with pytest.raises(BriefkitError) as caught:
        load_brand(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:") and "invalid brand" in message
    assert "\n" not in message
    line = int(message.split(":")[1])
    assert '"primary"' in path.read_text(encoding="utf-8").splitlines()[line - 1]


def test_a_logo_outside_the_brand_folder_is_refused(tmp_path: Path) -> None:
    path = copy_brand(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["logo"] = "../../etc/passwd"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(BriefkitError) as caught:
        load_brand(path)
    assert [finding.code for finding in caught.value.findings] == ["BK140"]
    assert "outside" in str(caught.value)


def test_a_missing_brand_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(BriefkitError) as caught:
        load_brand(tmp_path / "nowhere.json")
    assert "nowhere.json" in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Évaluation d’{name}", "Sahel Risk", "Évaluation de Sahel Risk"),
        ("Évaluation d'{name}", "Acme", "Évaluation d’Acme"),
        ("L’évaluation de {name}", "Orion", "L’évaluation d’Orion"),
        ("L’évaluation de {short_name}", "Orion", "L’évaluation de SRP"),
        ("Évaluation d’{name}", "Horizon", "Évaluation d’Horizon"),  # h: as the author wrote
        ("Évaluation de {name}", "Ørsted", "Évaluation d’Ørsted"),
        ("Évaluation de {name}", "Åland Risk", "Évaluation d’Åland Risk"),
        ("Évaluation de {name}", "Íslandsbanki", "Évaluation d’Íslandsbanki"),
        ("Évaluation de {name}", "Ōkuma", "Évaluation d’Ōkuma"),
        ("Évaluation de {name}", "Ìgbó Analytics", "Évaluation d’Ìgbó Analytics"),
        ("Évaluation de {name}", "Æther", "Évaluation d’Æther"),
        ("Évaluation de {name}", "Œuvre", "Évaluation d’Œuvre"),
        ("Évaluation d’{name}", "Çelik", "Évaluation de Çelik"),
        ("Évaluation d’{name}", "Łódź Risk", "Évaluation de Łódź Risk"),
        ("Évaluation d’{name}", "Ħal Far", "Évaluation d’Ħal Far"),  # h: as the author wrote
        ("Évaluation d’{name}", "3M", "Évaluation d’3M"),  # digits: as the author wrote
        ("Évaluation de {name}", "«Orion»", "Évaluation de «Orion»"),  # punctuation: as written
        ("Évaluation de {name}", "Альфа", "Évaluation de Альфа"),  # another script: as written
    ],
)
def test_french_elision_before_the_firm_name_follows_the_name(
    text: str, name: str, expected: str
) -> None:
    from briefkit.render.brand import fill_brand_placeholders

    data = {"name": name, "short_name": "SRP"}
    assert fill_brand_placeholders(text, data, "fr") == expected
    assert fill_brand_placeholders(text, data, "en") == text.replace("{name}", name).replace(
        "{short_name}", "SRP"
    )


@pytest.mark.parametrize("language", ["fr", "FR", "fr-ca", "Fr-CA"])
def test_a_language_tag_finds_the_brands_translation_whatever_its_case(language: str) -> None:
    from briefkit.render.brand import localised_brand

    texts = localised_brand(load_brand().data, language)
    assert texts["contact"]["heading"] == "Nous contacter"
    assert texts["assessment_heading"].startswith("Évaluation d’African Security Analysis")
