"""Client-grade output: layouts, locales, brands, markings, standards, formats, reproducibility."""

from __future__ import annotations

import copy
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from PIL import Image
from pypdf import PdfReader

from briefkit import load_brand, load_brief
from briefkit.render.renderer import Renderer
from tests.conftest import SAMPLE_ANALYSIS, SAMPLES, TESTS, squash
from tests.helpers import run_briefkit

HERE = TESTS
MERIDIAN = HERE / "data" / "brands" / "meridian" / "brand.json"
ARABIC = HERE / "cases" / "locales" / "ar-situation.json"


def render(renderer: Renderer, brief: Path, tmp_path: Path, **options: Any) -> PdfReader:
    brand = load_brand(options.pop("brand", None))
    result = renderer.render(load_brief(brief), brand, tmp_path / "out.pdf", **options)
    return PdfReader(result.path)


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def derived(tmp_path: Path, changes: dict[str, Any], source: Path = SAMPLE_ANALYSIS) -> Path:
    data = json.loads(source.read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "brief.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def first_page_image(pdf: Path, dpi: int = 72) -> Image.Image:
    document = pypdfium2.PdfDocument(str(pdf))
    image: Image.Image = document[0].render(scale=dpi / 72).to_pil().convert("RGB")
    document.close()
    return image


def test_situation_briefs_use_the_situation_layout(renderer: Renderer, tmp_path: Path) -> None:
    reader = render(renderer, SAMPLES / "tanzania-election.json", tmp_path)
    text = text_of(reader)
    assert "SITUATION UPDATE" in text.upper()
    assert "READING TIME" not in text.upper()  # the analysis layout's metadata strip
    assert len(reader.pages) <= 2


def test_layout_dir_overrides_a_built_in_layout(renderer: Renderer, tmp_path: Path) -> None:
    house = tmp_path / "house" / "analysis"
    house.mkdir(parents=True)
    (house / "template.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>HOUSE {{ view.title }}</h1>{% endblock %}',
        encoding="utf-8",
    )
    (house / "style.css").write_text("h1 { color: #ff0000 }", encoding="utf-8")
    custom = Renderer(layout_dirs=(tmp_path / "house",))
    result = custom.render(load_brief(SAMPLE_ANALYSIS), load_brand(), tmp_path / "house.pdf")
    text = text_of(PdfReader(result.path))
    assert "HOUSE Niger–Mali" in text
    assert "Contact us to find out" in text  # base.html's contact block still applies
    listing = run_briefkit("layouts", "--layout-dir", str(tmp_path / "house"))
    assert listing.returncode == 0, listing.stderr
    assert f"analysis   {house}" in listing.stdout
    assert "situation  built-in" in listing.stdout


def test_french_sample(renderer: Renderer, tmp_path: Path) -> None:
    reader = render(renderer, SAMPLES / "niger-mali-aes.fr.json", tmp_path)
    text = text_of(reader)
    for label in ("Synthèse", "Faits marquants", "Implications stratégiques", "À lire aussi"):
        assert label in text
    assert "2 octobre 2025" in text
    assert "Rencontre au sommet\u00a0:" in text or "Rencontre au sommet :" in text
    assert squash("Évaluation d’African Security Analysis (ASA)") in squash(text)
    assert "Nous contacter" in text
    pages = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} sur {pages}" in page.extract_text()
    assert reader.trailer["/Root"]["/Lang"] == "fr"


def test_portuguese_labels_and_dates(renderer: Renderer, tmp_path: Path) -> None:
    reader = render(renderer, derived(tmp_path, {"language": "pt"}), tmp_path)
    text = text_of(reader)
    assert "Resumo executivo" in text and "Principais desenvolvimentos" in text
    assert "2 de outubro de 2025" in text
    assert "Página 1 de" in reader.pages[0].extract_text()
    assert "Contacte-nos" in text


def test_arabic_is_right_to_left_in_an_arabic_font(renderer: Renderer, tmp_path: Path) -> None:
    reader = render(renderer, ARABIC, tmp_path)
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Noto-Naskh-Arabic" in font for font in fonts)
    assert all("Noto" in font for font in fonts), fonts  # no machine-dependent fallback font
    text = text_of(reader)
    assert "2025" in text
    # RTL: the title is right-aligned, so the cover's rightmost dark pixels are near the margin.
    image = first_page_image(tmp_path / "out.pdf")
    width = image.width
    rows = [
        y
        for y in range(90, 200)
        if any(sum(image.getpixel((x, y))) < 200 for x in range(width * 3 // 4, width - 20))
    ]
    assert rows, "no title text near the right-hand margin of the cover"


def test_a_second_brand_changes_everything_firm_specific(
    renderer: Renderer, tmp_path: Path
) -> None:
    reader = render(renderer, SAMPLE_ANALYSIS, tmp_path, brand=MERIDIAN)
    text = squash(text_of(reader)).casefold()
    for expected in (
        "Meridian Risk Partners",
        "The Meridian View",
        "Talk to Meridian",
        "Book a confidential briefing with our crisis desk today.",
        "desk@meridian-risk.example",
    ):
        assert squash(expected).casefold() in text
    for absent in ("African Security Analysis", "Contact us to find out", "africansecurity"):
        assert squash(absent).casefold() not in text
    # The cover band is painted in the brand's primary colour (#0F766E), not ASA's (#0B2545).
    image = first_page_image(tmp_path / "out.pdf")
    assert image.getpixel((540, 90)) == (0x0F, 0x76, 0x6E)


@pytest.mark.parametrize(
    ("marking", "colour"),
    [
        ("TLP:RED", (0xFF, 0x2B, 0x2B)),
        ("TLP:AMBER", (0xFF, 0xC0, 0x00)),
        ("TLP:GREEN", (0x33, 0xFF, 0x00)),
    ],
)
def test_tlp_marking_in_its_official_colour_on_black_on_every_page(
    renderer: Renderer, tmp_path: Path, marking: str, colour: tuple[int, int, int]
) -> None:
    reader = render(renderer, derived(tmp_path, {"tlp": marking}), tmp_path)
    for page in reader.pages:
        assert marking in page.extract_text()
    document = pypdfium2.PdfDocument(str(tmp_path / "out.pdf"))
    for page in document:
        header = page.render(scale=2).to_pil().convert("RGB").crop((800, 40, 1190, 120))
        pixels = {colour for _, colour in header.getcolors(maxcolors=1 << 20) or []}
        assert colour in pixels and (0, 0, 0) in pixels
    document.close()


def test_risk_badge_and_confidence(renderer: Renderer, tmp_path: Path) -> None:
    text = text_of(render(renderer, SAMPLE_ANALYSIS, tmp_path)).upper()
    assert "RISK LEVEL: ELEVATED" in text
    assert "MODERATE CONFIDENCE" in text


def figure_alternatives(node: Any) -> list[str]:
    """The /Alt text of every /Figure in a PDF structure tree."""
    node = node.get_object()
    found = [str(node["/Alt"])] if node.get("/S") == "/Figure" and "/Alt" in node else []
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
            found.extend(figure_alternatives(kid))
    return found


@pytest.mark.parametrize("standard", ["pdf/ua-1", "pdf/a-3b"])
def test_pdf_standards_pass_qpdf(tmp_path: Path, standard: str) -> None:
    qpdf, pdfinfo = shutil.which("qpdf"), shutil.which("pdfinfo")
    assert qpdf and pdfinfo, "scripts/dev installs qpdf and poppler-utils"
    output = tmp_path / "out.pdf"
    assert (
        run_briefkit(
            "render", str(SAMPLE_ANALYSIS), "-o", str(output), "--pdf-standard", standard
        ).returncode
        == 0
    )
    check = subprocess.run([qpdf, "--check", str(output)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    info = subprocess.run([pdfinfo, str(output)], capture_output=True, text=True, check=True).stdout
    metadata = PdfReader(output).xmp_metadata
    assert metadata is not None
    xml = metadata.stream.get_data().decode()
    if standard == "pdf/ua-1":
        assert "Tagged:          yes" in info
        assert "pdfuaid" in xml
        # What a screen reader announces for the figures: the logo and the locator map.
        tree = PdfReader(output).trailer["/Root"]["/StructTreeRoot"]
        assert figure_alternatives(tree) == [
            "African Security Analysis logo",
            "Map: Niger, Mali, and Burkina Faso highlighted in Sahel",
        ]
    else:
        assert "<pdfaid:part>3</pdfaid:part>" in xml or 'pdfaid:part="3"' in xml


@pytest.mark.parametrize("standard", [None, "pdf/ua-1"])
def test_two_renders_are_byte_identical(tmp_path: Path, standard: str | None) -> None:
    outputs = [tmp_path / "first.pdf", tmp_path / "second.pdf"]
    for output in outputs:  # separate processes: nothing shared but the inputs
        args = ["render", str(SAMPLE_ANALYSIS), "-o", str(output)]
        if standard:
            args += ["--pdf-standard", standard]
        assert run_briefkit(*args).returncode == 0
    assert outputs[0].read_bytes() == outputs[1].read_bytes()


def test_source_date_epoch_sets_the_modification_date(tmp_path: Path) -> None:
    output = tmp_path / "out.pdf"
    result = run_briefkit(
        "render", str(SAMPLE_ANALYSIS), "-o", str(output), env={"SOURCE_DATE_EPOCH": "1767225600"}
    )
    assert result.returncode == 0, result.stderr
    metadata = PdfReader(output).metadata
    assert metadata["/ModDate"].startswith("D:20260101")
    assert metadata["/CreationDate"].startswith("D:20251002")


def test_standalone_html_refers_to_nothing_outside_itself(tmp_path: Path) -> None:
    output = tmp_path / "brief.html"
    result = run_briefkit("render", str(SAMPLE_ANALYSIS), "--format", "html", "-o", str(output))
    assert result.returncode == 0, result.stderr
    html = output.read_text(encoding="utf-8")
    assert "<style>" in html and "@font-face" in html
    assert "file:" not in html
    import re

    resources = re.findall(r'(?:src|href)="([^"]+)"|url\("?([^")]+)', html)
    for src, url in resources:
        target = src or url
        if target.startswith(("https://", "mailto:")) and src == "" and url == "":
            continue
        assert target.startswith(("data:", "#", "https://", "mailto:")), target
    assert all(url.startswith(("data:", "#")) for _, url in resources if url)
    visible = re.sub(r"<[^>]+>", "", html)  # text as a reader sees it, without tags
    assert "Contact us to find out how our security services can support you." in visible
    assert len(html) < 400_000  # fonts are subset to the characters used


def test_png_pages(tmp_path: Path) -> None:
    output = tmp_path / "pages" / "brief.png"
    output.parent.mkdir()
    result = run_briefkit(
        "render", str(SAMPLE_ANALYSIS), "--format", "png", "--dpi", "48", "-o", str(output)
    )
    assert result.returncode == 0, result.stderr
    pages = sorted(output.parent.iterdir())
    assert [page.name for page in pages] == ["brief-1.png", "brief-2.png", "brief-3.png"]
    image = Image.open(io.BytesIO(pages[0].read_bytes()))
    assert image.format == "PNG"
    width, height = image.size
    assert abs(width - 595.28 * 48 / 72) <= 1 and abs(height - 841.89 * 48 / 72) <= 1


HEADINGS = [
    "Executive Summary",
    "Key Developments",
    "Strategic Implications",
    "Security and Counterinsurgency",
    "Economic Policy and Trade Routes",
    "Regional Diplomacy",
    "Domestic Messaging",
    "African Security Analysis (ASA) Assessment",
    "Discover More",
    "Contact us",
]
FOOTER_TOP = 60  # points from the bottom of the page: below this is the running footer


def stranded_headings(pdf: Path) -> list[str]:
    """Headings with no text under them on their page (the text moved to the next page)."""
    stranded = []
    document = pypdfium2.PdfDocument(str(pdf))
    for number, page in enumerate(document, start=1):
        text_page = page.get_textpage()
        width, _ = page.get_size()
        for heading in HEADINGS:
            search = text_page.search(heading, match_case=True)
            while (match := search.get_next()) is not None:
                _, bottom, _, _ = text_page.get_charbox(match[0])
                below = text_page.get_text_bounded(
                    left=0, bottom=FOOTER_TOP, right=width, top=bottom - 4
                )
                if not any(character.isalpha() for character in below):
                    stranded.append(f"page {number}: {heading}")
    document.close()
    return stranded


def test_no_heading_is_stranded_at_the_bottom_of_a_page(renderer: Renderer, tmp_path: Path) -> None:
    data = json.loads(SAMPLE_ANALYSIS.read_text(encoding="utf-8"))
    filler = data["assessment"]["summary"]
    # Longer and longer summaries push every heading through every position on the page.
    for extra in range(0, 24, 2):
        brief = copy.deepcopy(data)
        brief["executive_summary"] = [*data["executive_summary"], *[filler] * (extra // 2)]
        brief["executive_summary"].append(" ".join(["Bamako"] * (extra * 6)) or "Bamako.")
        path = tmp_path / f"brief-{extra}.json"
        path.write_text(json.dumps(brief, ensure_ascii=False), encoding="utf-8")
        output = tmp_path / f"brief-{extra}.pdf"
        renderer.render(load_brief(path), load_brand(), output)
        assert stranded_headings(output) == [], extra


@pytest.mark.parametrize(("output_format", "start"), [("pdf", b"%PDF-"), ("html", b"<!DOCTYPE")])
def test_dash_writes_the_document_to_standard_output(
    tmp_path: Path, output_format: str, start: bytes
) -> None:
    args = ["render", str(SAMPLE_ANALYSIS), "-o", "-", "--format", output_format]
    done = run_briefkit(*args, cwd=tmp_path, binary=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(start)
    assert b"Wrote standard output" in done.stderr
    assert list(tmp_path.iterdir()) == []  # no file named "-"
