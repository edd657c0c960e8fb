"""Editions in publishing: a digest in one language picks each brief's edition in it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefkit.document.brief import Brief, parse_brief
from briefkit.publish.editions import in_language
from tests.conftest import SAMPLES
from tests.helpers import invoke
from tests.publish.conftest import situation, write


def brief(path: str, **data: object) -> Brief:
    return parse_brief(json.dumps(data).encode(), path)


ENGLISH = brief("en.json", id="sahel", language="en")
FRENCH = brief("fr.json", id="sahel-fr", language="fr", edition_of="sahel")
BRAZILIAN = brief("pt.json", id="sahel-pt", language="pt-BR", edition_of="sahel")
OTHER = brief("other.json", id="kenya", language="en")


@pytest.mark.parametrize(
    ("given", "language", "chosen", "missing"),
    [
        ([ENGLISH, OTHER], "fr", [FRENCH, OTHER], [OTHER]),
        ([FRENCH], "en", [ENGLISH], []),  # an edition leads back to its source
        ([FRENCH], "pt", [BRAZILIAN], []),  # the same language in another region
        ([ENGLISH, FRENCH], "fr", [FRENCH], []),  # one brief once, whichever editions are given
        ([ENGLISH], "ar", [ENGLISH], [ENGLISH]),
    ],
)
def test_each_brief_is_taken_in_the_language_when_an_edition_has_it(
    given: list[Brief], language: str, chosen: list[Brief], missing: list[Brief]
) -> None:
    desk = [ENGLISH, FRENCH, BRAZILIAN, OTHER]
    assert in_language(given, desk, language) == (chosen, missing)


def test_a_digest_in_french_takes_the_french_edition_of_a_brief(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("niger-mali-aes.json", "niger-mali-aes.fr.json", "tanzania-election.json"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    (tmp_path / "briefkit.toml").write_text('brand = "demo"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke(
        "digest",
        "niger-mali-aes.json",
        "tanzania-election.json",
        "--language",
        "fr",
        "-o",
        "digest.pdf",
    )
    assert result.exit_code == 0, result.output
    assert "tanzania-election.json: no edition in 'fr'; included in 'en'" in result.stderr
    french = json.loads((SAMPLES / "niger-mali-aes.fr.json").read_text(encoding="utf-8"))
    english = json.loads((SAMPLES / "niger-mali-aes.json").read_text(encoding="utf-8"))
    outline = PdfReader("digest.pdf").outline
    titles = [item.title.replace("\xa0", " ") for item in outline if not isinstance(item, list)]
    assert french["title"] in titles and english["title"] not in titles


def test_a_build_refuses_an_edition_marked_below_its_source(tmp_path: Path) -> None:
    secret = "Quillfeather port sabotage plan"
    write(tmp_path / "source.json", situation("port-plan", secret, "2025-11-03", tlp="TLP:AMBER"))
    edition = situation("port-plan-fr", "Plan du port", "2025-11-03", tlp="TLP:CLEAR")
    write(tmp_path / "edition.json", {**edition, "language": "fr", "edition_of": "port-plan"})
    (tmp_path / "briefkit.toml").write_text('brand = "demo"\n', encoding="utf-8")
    result = invoke("build", str(tmp_path), "--jobs", "1")
    assert result.exit_code == 1
    assert "edition.json: it is marked TLP:CLEAR but translates a brief marked TLP:AMBER" in (
        result.stderr
    )
    out = tmp_path / "_site"
    assert not (out / "port-plan-fr.html").exists()
    for path in out.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "port-plan" not in text and secret not in text and "Plan du port" not in text
