"""What paper loses, printed: link targets, source addresses, the authors of a flash update, and
every label and brand text in the brief's language."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from briefkit import load_brand, load_brief
from briefkit.assets import default_brand_path, layouts_dir
from briefkit.document.markup import render_inline
from briefkit.render.renderer import Renderer
from briefkit.render.typography import printed_url
from tests.conftest import CASES, SAMPLE_ANALYSIS, SAMPLES, squash

ARABIC = CASES / "locales" / "ar-situation.json"
LANGUAGES = ("en", "fr", "pt", "ar")
SAME_WORD = {"sources", "minutes", "figure", "separator", "site.pdf"}
"""Labels that are the same word in some of the languages ("Sources" in French)."""


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _derived(tmp_path: Path, changes: dict[str, Any], source: Path = SAMPLE_ANALYSIS) -> Path:
    data = json.loads(source.read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "brief.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("url", "printed"),
    [
        ("https://www.reuters.com/", "https://|www|.reuters|.com/"),
        (
            "https://example.org/search?q=aes&x=<1>",
            "https://|example|.org/|search?q=aes&amp;x=&lt;1&gt;",
        ),
        ("https://a.org/centre-north-2026/", "https://|a|.org/|centre-north-2026/"),
    ],
)
def test_printed_urls_are_whole_and_break_only_after_a_slash_or_before_a_dot(
    url: str, printed: str
) -> None:
    part = '<span class="url-part">{}</span>'
    assert printed_url(url) == "<wbr>".join(part.format(piece) for piece in printed.split("|"))


def test_sources_print_their_address(renderer: Renderer, tmp_path: Path) -> None:
    url = "https://www.example.org/world/africa/niger-mali-leaders-meet-in-bamako-2025-10-02/"
    sources = [
        {"title": "Niger and Mali leaders meet", "publisher": "Example Wire", "url": url},
        {"title": "ECOWAS statement", "publisher": "ECOWAS"},
    ]
    brief = load_brief(_derived(tmp_path, {"sources": sources}))
    result = renderer.render(brief, load_brand(), tmp_path / "out.pdf")
    text = squash(_text(result.path))
    assert squash(f"Niger and Mali leaders meet, Example Wire. {url}") in text.replace("\u200b", "")
    assert squash("ECOWAS statement, ECOWAS.") in text
    targets = [
        annotation.get_object()["/A"]["/URI"]
        for page in PdfReader(result.path).pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    assert url in targets  # the link still goes to the whole address


def test_a_link_that_shows_its_address_gets_no_footnote() -> None:
    assert "link-note" not in render_inline("[https://example.org/](https://example.org)")
    assert "link-note" not in render_inline("[desk@example.org](mailto:desk@example.org)")
    note = render_inline("[the report](https://example.org/r)")
    assert '<span class="link-note">example.org/r</span>' in note


def test_the_situation_layout_shows_its_authors(renderer: Renderer, tmp_path: Path) -> None:
    brief = load_brief(SAMPLES / "tanzania-election.json")
    result = renderer.render(brief, load_brand(), tmp_path / "out.pdf")
    assert "Authors: ASA East Africa Desk" in _text(result.path)


def test_every_label_is_translated() -> None:
    labels = json.loads((layouts_dir() / "labels.json").read_text(encoding="utf-8"))
    assert sorted(labels) == sorted(LANGUAGES)
    for language in LANGUAGES:
        assert labels[language].keys() == labels["en"].keys(), language
        untranslated = [
            key
            for key, value in labels[language].items()
            if language != "en" and value == labels["en"][key] and key not in SAME_WORD
        ]
        assert not untranslated, (language, untranslated)


def test_the_built_in_brand_translates_every_text() -> None:
    brand = json.loads(default_brand_path().read_text(encoding="utf-8"))
    for language in ("fr", "pt", "ar"):
        texts = brand["translations"][language]
        assert texts["assessment_heading"] and texts["disclaimer"], language
        assert set(texts["contact"]) == {"heading", "call_to_action", "text"}, language


def test_an_arabic_brief_prints_no_english_boilerplate(renderer: Renderer, tmp_path: Path) -> None:
    result = renderer.render(load_brief(ARABIC), load_brand(), tmp_path / "out.pdf")
    text = squash(_text(result.path))
    brand = json.loads(default_brand_path().read_text(encoding="utf-8"))
    assert squash("It does not constitute") not in text
    assert squash("Contact us") not in text
    assert squash(brand["translations"]["ar"]["contact"]["heading"]) in text
    assert squash("+44 20 7946 0321") in text  # the phone number keeps its order


def _summary_lines(pdf: Path, heading: str, following: str) -> list[str]:
    """The full lines of the executive summary as ``pdftotext`` reads them off the page: those
    of its paragraphs that do not end one (a paragraph's last line is short by nature), without
    the locator map's labels, which are read in among them."""
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    block = text.split(heading, 1)[1].split(following, 1)[0]
    return [line for line in block.split("\n") if len(line) > 30 and not line.endswith(".")]


@pytest.mark.parametrize(
    ("sample", "headings", "pages"),
    [
        ("niger-mali-aes.json", ("Executive Summary", "Key Developments"), 3),
        ("niger-mali-aes.fr.json", ("Synthèse", "Faits marquants"), 3),
        ("tanzania-election.json", ("Executive Summary", "Key Developments"), 1),
    ],
)
def test_the_body_measure_is_60_to_75_characters_and_the_samples_keep_their_pages(
    renderer: Renderer, tmp_path: Path, sample: str, headings: tuple[str, str], pages: int
) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("needs poppler-utils (pdftotext)")
    result = renderer.render(load_brief(SAMPLES / sample), load_brand(), tmp_path / "out.pdf")
    full_lines = _summary_lines(result.path, *headings)
    assert len(full_lines) >= 3
    assert 60 <= sum(map(len, full_lines)) / len(full_lines) <= 75
    assert result.pages == pages
