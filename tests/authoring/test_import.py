"""briefkit import: a text, Markdown or Word brief becomes a JSON brief, and nothing is lost."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefkit import load_brand, load_brief
from briefkit.authoring.importing import ImportResult, import_blocks
from briefkit.authoring.markdown import read_markdown_blocks
from briefkit.authoring.recognise import (
    HEADINGS,
    brand_boilerplate,
    byline,
    find_date,
    heading_section,
)
from briefkit.authoring.sources import Block, read_blocks, read_text_blocks
from briefkit.render.renderer import Renderer
from tests.conftest import DATA, SEED, squash
from tests.helpers import invoke

SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()
HEADING_LINES = {2, 4, 9, 22, 28}


def seed_markdown() -> str:
    """The seed as an author would write it in Markdown: headings, bold labels, nested bullets."""
    out = [f"# {SEED_LINES[0]}", ""]
    in_theme = False
    for number, line in enumerate(SEED_LINES[1:], start=2):
        if number in HEADING_LINES:
            out += ["", f"## {line}", ""]
            in_theme = False
        elif re.match(r"\d\. ", line):
            out.append(line)
            in_theme = True
        elif line.startswith("- "):
            text = line[2:]
            label, sep, rest = text.partition(": ")
            if sep and len(label.split()) <= 4:
                text = f"**{label}:** {rest}"
            out.append(("   - " if in_theme else "- ") + text)
        else:
            # Paragraphs wrapped at 70 characters, as editors do.
            words, current = line.split(), ""
            wrapped = []
            for word in words:
                if len(current) + len(word) > 70:
                    wrapped.append(current)
                    current = word
                else:
                    current = f"{current} {word}".strip()
            wrapped.append(current)
            out += ["", *wrapped, ""]
            in_theme = False
    return "\n".join(out) + "\n"


def seed_docx(path: Path) -> None:
    """The seed as a Word document with real heading and list styles."""
    import docx

    document = docx.Document()
    document.add_paragraph(SEED_LINES[0], style="Title")
    for number, line in enumerate(SEED_LINES[1:], start=2):
        if number in HEADING_LINES:
            document.add_paragraph(line, style="Heading 1")
        elif re.match(r"\d\. ", line):
            document.add_paragraph(line[3:], style="List Number")
        elif line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        else:
            document.add_paragraph(line)
    document.save(str(path))


def import_file_result(source: Path) -> ImportResult:
    blocks = read_blocks(source)
    return import_blocks(blocks, boilerplate=brand_boilerplate(load_brand().data))


def seed_sentences() -> list[str]:
    sentences = []
    for line in SEED_LINES:
        text = re.sub(r"^(?:- |\d\. )", "", line)
        sentences += [part for part in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text) if part]
    return sentences


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("suffix", [".txt", ".md", ".docx"])
def test_seed_imports_to_a_brief_whose_pdf_holds_every_sentence(
    desk: Path, suffix: str, renderer: Renderer
) -> None:
    source = desk / f"seed{suffix}"
    if suffix == ".txt":
        source.write_bytes(SEED.read_bytes())
    elif suffix == ".md":
        source.write_text(seed_markdown(), encoding="utf-8")
    else:
        seed_docx(source)
    result = invoke("import", str(source), "--tlp", "TLP:CLEAR")
    assert result.exit_code == 0, result.output
    assert "key_developments: " in result.stderr
    assert "not placed" not in result.stderr
    brief_path = desk / "seed.json"
    data = json.loads(brief_path.read_text(encoding="utf-8"))
    assert data["date"] == "2025-10-02"
    assert len(data["key_developments"]) == 4
    assert [theme["title"] for theme in data["strategic_implications"]] == [
        "Security and Counterinsurgency",
        "Economic Policy and Trade Routes",
        "Regional Diplomacy",
        "Domestic Messaging",
    ]
    assert [j["label"] for j in data["assessment"]["judgements"]] == [
        "For Regional Security",
        "For Trade and Economics",
        "For External Stakeholders",
    ]
    assert data["discover_more"][1]["id"] == (
        "tanzania-election-situation-security-brief-wed-29-oct-2025"
    )
    lint = invoke("lint", str(brief_path))
    assert lint.exit_code == 0, lint.stdout
    if suffix == ".txt":
        # Nothing dropped: every line of the source is accounted for, by line number.
        placed = {placement.line for placement in import_file_result(source).placements}
        assert placed == {n for n, line in enumerate(SEED_LINES, start=1) if line.strip()}

    output = desk / "seed.pdf"
    renderer.render(load_brief(brief_path), load_brand(), output)
    text = squash("".join(page.extract_text() for page in PdfReader(output).pages))
    missing = [sentence for sentence in seed_sentences() if squash(sentence) not in text]
    assert missing == []


def test_import_without_tlp_invents_none_and_lint_says_so(desk: Path) -> None:
    (desk / "seed.txt").write_bytes(SEED.read_bytes())
    assert invoke("import", "seed.txt", "-o", "out/brief.json").exit_code == 0
    data = json.loads((desk / "out" / "brief.json").read_text(encoding="utf-8"))
    assert "tlp" not in data
    assert data["$schema"] == "../.briefkit/brief.schema.json"
    lint = invoke("lint", "out/brief.json")
    # The source states no confidence and no risk level: warnings, neither invented.
    assert [line.split()[1] for line in lint.stdout.splitlines()] == ["BK114", "BK161", "BK160"]


def test_key_judgment_lines_and_a_paragraph(desk: Path) -> None:
    (desk / "kj.txt").write_text(
        "Sudan: El Fasher After the Fall\n"
        "On 27 October 2025 the RSF took El Fasher; see https://example.org/report for details.\n"
        "Key Judgment 1. Reprisals against civilians are very likely to continue.\n"
        "Key Judgment 2. Humanitarian access will stay blocked.\n"
        "Key Judgment 3. Fighting shifts to Kordofan.\n",
        encoding="utf-8",
    )
    result = invoke("import", "kj.txt", "-o", "-")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["date"] == "2025-10-27"
    assert data["kind"] == "analysis"
    assert [j["label"] for j in data["assessment"]["judgements"]] == [
        "Key Judgment 1",
        "Key Judgment 2",
        "Key Judgment 3",
    ]
    assert data["sources"] == [{"title": "example.org/report", "url": "https://example.org/report"}]
    assert not (desk / "kj.json").exists()
    (desk / "kj.json").write_text(result.stdout, encoding="utf-8")
    assert invoke("validate", "kj.json").exit_code == 0


def test_french_headings_and_unplaced_text_is_kept_and_reported(desk: Path) -> None:
    (desk / "note.md").write_text(
        "# Niger : la visite de Tiani à Bamako\n\n"
        "## Synthèse\n\nLe 2 octobre 2025, la présidence nigérienne a annoncé la visite.\n\n"
        "## Faits marquants\n\n- Rencontre : Tiani a rencontré ses homologues.\n"
        "- Une ligne sans intitulé qui ne trouve pas de place.\n\n"
        "## Sources\n\n- Communiqué de la présidence https://example.org/communique\n",
        encoding="utf-8",
    )
    result = invoke("import", "note.md")
    assert result.exit_code == 0, result.output
    assert "note.md:10:1: warning: not placed, kept as a TODO in executive_summary[1]" in (
        result.stderr
    )
    data = json.loads((desk / "note.json").read_text(encoding="utf-8"))
    assert data["language"] == "fr"
    assert data["date"] == "2025-10-02"
    assert data["kind"] == "situation"
    assert data["key_developments"] == [
        {"label": "Rencontre", "text": "Tiani a rencontré ses homologues."}
    ]
    assert data["executive_summary"][1] == (
        "TODO: unplaced text from line 10 (a key development without a 'Label:'): "
        "Une ligne sans intitulé qui ne trouve pas de place."
    )
    assert data["sources"] == [
        {"title": "Communiqué de la présidence", "url": "https://example.org/communique"}
    ]
    assert invoke("validate", "note.json").exit_code == 0
    lint = invoke("lint", "note.json")
    assert "BK150 [error] executive_summary[1]" in lint.stdout


def test_portuguese_headings() -> None:
    blocks = read_text_blocks(
        "Moçambique: Cabo Delgado\nResumo executivo\nEm 3 de novembro de 2025 houve ataques.\n"
        "Principais desenvolvimentos\n- Ataques: Insurgentes atacaram Mocímboa.\n"
        "Implicações estratégicas\n1. Segurança\n- Mais ataques.\n2. Energia\n- Atrasos no GNL.\n",
        markdown=False,
    )
    result = import_blocks(blocks)
    assert result.language == "pt"
    assert result.data["date"] == "2025-11-03"
    assert result.data["strategic_implications"][1] == {
        "title": "Energia",
        "points": ["Atrasos no GNL."],
    }
    assert result.unplaced == []


def test_import_never_overwrites(desk: Path) -> None:
    (desk / "seed.txt").write_bytes(SEED.read_bytes())
    (desk / "seed.json").write_text("mine", encoding="utf-8")
    result = invoke("import", "seed.txt")
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert (desk / "seed.json").read_text() == "mine"


def test_unknown_suffix_is_a_user_error(desk: Path) -> None:
    (desk / "brief.pdf").write_bytes(b"%PDF")
    result = invoke("import", "brief.pdf")
    assert result.exit_code == 1
    assert "use a .txt, .md or .docx file" in result.stderr


@pytest.mark.parametrize(
    ("text", "language", "iso"),
    [
        ("On October 2, 2025, Niger announced", "en", "2025-10-02"),
        ("Wed, 29 Oct 2025", "en", "2025-10-29"),
        ("le 1er décembre 2025 à Niamey", "fr", "2025-12-01"),
        ("em 3 de novembro de 2025", "pt", "2025-11-03"),
        ("published 2025-10-02", "en", "2025-10-02"),
    ],
)
def test_dates_in_running_text(text: str, language: str, iso: str) -> None:
    found = find_date(text, language)
    assert found is not None and found.isoformat() == iso


def test_every_language_names_every_section() -> None:
    sections = set(HEADINGS["en"])
    assert all(set(names) == sections for names in HEADINGS.values())


THIRD_PARTY = DATA / "third-party-article.txt"
ARTICLE_URL = "https://greydynamics.com/deteriorating-security-burkina-faso-centre-north-2026/"


def test_a_third_party_article_keeps_its_headline_byline_and_source_in_print(
    desk: Path, renderer: Renderer
) -> None:
    source = desk / "article.txt"
    source.write_bytes(THIRD_PARTY.read_bytes())
    result = invoke("import", str(source), "--tlp", "TLP:CLEAR")
    assert result.exit_code == 0, result.output
    data = json.loads((desk / "article.json").read_text(encoding="utf-8"))
    assert data["title"] == "Burkina Faso: Security Deteriorates Across the Centre-North"
    assert data["id"] == "burkina-faso-security-deteriorates-across-the-centre-north"
    assert data["authors"] == [{"name": "Harbor Risk Partners", "role": "Sahel Desk"}]
    assert data["date"] == "2026-03-14"
    assert all("Harbor Risk Partners" not in text for text in data["executive_summary"])
    assert [item.get("url") for item in data["sources"]] == [ARTICLE_URL]
    rendered = renderer.render(load_brief(desk / "article.json"), load_brand(), desk / "a.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(rendered.path).pages)
    assert PdfReader(rendered.path).metadata.title == data["title"]
    summary = text.split("Executive Summary", 1)[1].split("Key Developments", 1)[0]
    assert "Harbor Risk Partners" not in summary and "Sahel Desk" not in summary
    printed = text.split("Sources", 1)[1].replace("\u200b", "")
    assert ARTICLE_URL in "".join(printed.split())  # whole, broken only after a slash


def test_markdown_is_read_as_commonmark_with_lines() -> None:
    text = (
        "Burkina Faso: the blockade of Djibo\n"
        "===================================\n"
        "\n"
        "By Ana Silva and Tom Ode\n"
        "\n"
        "Executive Summary\n"
        "-----------------\n"
        "\n"
        "The road from Kaya has been cut\n"
        "since early March.\n"
        "\n"
        "```\n"
        "- not a bullet\n"
        "```\n"
        "\n"
        "- a bullet\n"
        "  1. a nested item\n"
    )
    blocks = [
        (block.kind, block.text, block.line, block.level)
        for block in (Block(*found) for found in read_markdown_blocks(text))
    ]
    assert blocks == [
        ("heading", "Burkina Faso: the blockade of Djibo", 1, 1),
        ("paragraph", "By Ana Silva and Tom Ode", 4, 0),
        ("heading", "Executive Summary", 6, 2),
        ("paragraph", "The road from Kaya has been cut since early March.", 9, 0),
        ("paragraph", "- not a bullet", 12, 0),
        ("bullet", "a bullet", 16, 0),
        ("numbered", "a nested item", 17, 1),
    ]
    result = import_blocks([Block(*found) for found in read_markdown_blocks(text)])
    assert result.data["title"] == "Burkina Faso: the blockade of Djibo"
    assert result.data["authors"] == ["Ana Silva", "Tom Ode"]
    assert result.data["executive_summary"][0].startswith("The road from Kaya")


@pytest.mark.parametrize("typed", ["L'évaluation de Harbor", "L’évaluation de Harbor"])
def test_headings_match_whatever_apostrophe_the_author_typed(typed: str) -> None:
    assert heading_section(typed) == ("assessment", "fr")


@pytest.mark.parametrize(
    "text",
    [
        "On 14 March 2026 fighters attacked Djibo",
        "The convoy was ambushed on 9 March 2026.",
        "Security deteriorated sharply across the Centre-North region in the first weeks",
    ],
)
def test_running_text_is_not_a_byline(text: str) -> None:
    assert byline(text) is None
