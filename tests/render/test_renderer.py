"""The PDF as a reader gets it: every section and sentence, the contact block, page numbers,
metadata, bookmarks and embedded fonts; and the output file is never half-written or clobbered."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefkit import BriefkitError, load_brand, load_brief
from briefkit.files import write_atomically
from briefkit.render.renderer import Renderer
from tests.conftest import SAMPLE_ANALYSIS, SAMPLES, SEED, squash


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory, renderer: Renderer) -> Path:
    output = tmp_path_factory.mktemp("pdf") / "niger-mali.pdf"
    renderer.render(load_brief(SAMPLE_ANALYSIS), load_brand(), output)
    return output


@pytest.fixture(scope="session")
def reader(sample_pdf: Path) -> PdfReader:
    return PdfReader(sample_pdf)


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def seed_brief_sentences() -> list[str]:
    """Every sentence of the seed's brief (before "Discover More"), list markers removed."""
    text = SEED.read_text(encoding="utf-8")
    brief = text.split("Discover More")[0]
    sentences = []
    for line in brief.splitlines():
        line = re.sub(r"^(- |\d+\. )", "", line.strip())
        sentences.extend(part for part in re.split(r"(?<=[.!?])\s+(?=[A-Z])", line) if part)
    return sentences


def test_every_sentence_of_the_seed_brief_is_in_the_pdf(reader: PdfReader) -> None:
    text = squash("".join(page_texts(reader)))
    sentences = seed_brief_sentences()
    assert len(sentences) > 30
    missing = [sentence for sentence in sentences if squash(sentence) not in text]
    assert not missing


@pytest.mark.parametrize(
    "heading",
    [
        "Executive Summary",
        "Key Developments",
        "Strategic Implications",
        "African Security Analysis (ASA) Assessment",
        "Discover More",
        "Contact us",
    ],
)
def test_every_section_heading_is_printed_and_bookmarked(reader: PdfReader, heading: str) -> None:
    assert squash(heading) in squash("".join(page_texts(reader)))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert heading in titles


def test_implications_are_numbered_in_order(reader: PdfReader) -> None:
    text = re.sub(r"\s+", " ", " ".join(page_texts(reader)))
    positions = [
        text.index(f"{number}. {title}")
        for number, title in enumerate(
            [
                "Security and Counterinsurgency",
                "Economic Policy and Trade Routes",
                "Regional Diplomacy",
                "Domestic Messaging",
            ],
            start=1,
        )
    ]
    assert positions == sorted(positions)


def test_contact_block_is_on_the_last_page_word_for_word(reader: PdfReader) -> None:
    last = squash(page_texts(reader)[-1])
    seed_lines = SEED.read_text(encoding="utf-8").splitlines()
    assert squash("Contact us to find out how our security services can support you.") in last
    assert squash(seed_lines[-1]) in last
    assert seed_lines[-1].startswith("We operate in almost all countries in Africa")
    for page in page_texts(reader)[:-1]:
        assert squash(seed_lines[-1]) not in squash(page)


def test_every_page_has_page_n_of_m_header_and_marking(reader: PdfReader) -> None:
    texts = page_texts(reader)
    assert len(texts) >= 2
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
        assert "TLP:CLEAR" in text
        assert "AFRICAN SECURITY ANALYSIS" in text.upper()


def test_discover_more_teasers_and_links(reader: PdfReader) -> None:
    text = squash("".join(page_texts(reader)))
    assert (
        squash("Tanzania Security Update: Low Turnout, Coercion Dynamics, and Post-Election Risk")
        in text
    )
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    assert "https://africansecurityanalysis.example/briefs/tanzania-election-2025-10-29" in links


def test_metadata_matches_the_brief(reader: PdfReader) -> None:
    brief = load_brief(SAMPLE_ANALYSIS).data
    metadata = reader.metadata
    assert metadata.title == brief["title"]
    assert metadata.author == "ASA Sahel Desk"
    assert metadata["/Keywords"] == ", ".join(brief["tags"])
    assert metadata.subject.startswith("On October 2, 2025, Niger’s presidency announced")
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_every_font_is_embedded(reader: PdfReader) -> None:
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert fonts
    assert all(fonts.values()), fonts
    assert any("Noto-Sans" in name for name in fonts)


def test_a4_by_default_and_letter_on_request(
    tmp_path: Path, renderer: Renderer, reader: PdfReader
) -> None:
    width, height = (float(value) for value in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)
    output = tmp_path / "letter.pdf"
    renderer.render(load_brief(SAMPLE_ANALYSIS), load_brand(), output, paper="letter")
    width, height = (float(value) for value in PdfReader(output).pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (612, 792)


def test_default_output_is_next_to_the_brief(tmp_path: Path, renderer: Renderer) -> None:
    brief_path = tmp_path / "brief.json"
    shutil.copy(SAMPLE_ANALYSIS, brief_path)
    result = renderer.render(load_brief(brief_path), load_brand())
    assert result.path == tmp_path / "brief.pdf"
    assert result.path.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.json", "brief.pdf"]


def test_situation_brief_renders(tmp_path: Path, renderer: Renderer) -> None:
    output = tmp_path / "tz.pdf"
    renderer.render(load_brief(SAMPLES / "tanzania-election.json"), load_brand(), output)
    text = squash(" ".join(page_texts(PdfReader(output))))
    assert squash("Voting is underway across Tanzania amid nationwide internet disruptions") in text
    assert squash("Contact us to find out how our security services can support you.") in text


def test_lint_errors_block_the_render_and_keep_the_old_pdf(
    tmp_path: Path, renderer: Renderer
) -> None:
    brief_path = tmp_path / "draft.json"
    text = SAMPLE_ANALYSIS.read_text(encoding="utf-8")
    data = text.replace('"assessment": {', '"old_notes": {', 1)
    brief_path.write_text(data, encoding="utf-8")
    existing = tmp_path / "draft.pdf"
    existing.write_bytes(b"%PDF-1.7 the published version")
    with pytest.raises(BriefkitError) as caught:
        renderer.render(load_brief(brief_path), load_brand())
    codes = {finding.code for finding in caught.value.findings}
    assert "BK104" in codes
    assert existing.read_bytes() == b"%PDF-1.7 the published version"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.json", "draft.pdf"]


def test_atomic_write_creates_missing_folders(tmp_path: Path) -> None:
    write_atomically(tmp_path / "missing" / "deeper" / "out.pdf", b"%PDF")
    assert (tmp_path / "missing" / "deeper" / "out.pdf").read_bytes() == b"%PDF"
    assert [p.name for p in (tmp_path / "missing" / "deeper").iterdir()] == ["out.pdf"]


def test_atomic_write_refuses_to_overwrite_the_brief(tmp_path: Path) -> None:
    brief = tmp_path / "brief.json"
    brief.write_text("{}", encoding="utf-8")
    with pytest.raises(BriefkitError, match="overwrite the brief"):
        write_atomically(brief, b"%PDF", protect=brief)
    assert brief.read_text(encoding="utf-8") == "{}"


def test_interrupted_write_removes_its_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"%PDF new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_unwritable_folder_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(BriefkitError, match=r"cannot write in .*: Permission denied"):
        write_atomically(tmp_path / "out.pdf", b"%PDF")
    assert list(tmp_path.iterdir()) == []


def test_full_disk_keeps_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full)
    with pytest.raises(BriefkitError, match="No space left on device"):
        write_atomically(target, b"%PDF new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_a_render_past_its_time_limit_stops_and_leaves_nothing(tmp_path: Path) -> None:
    from briefkit.desk.settings import RenderLimits

    hurried = Renderer(limits=RenderLimits(render_seconds=0.001))
    output = tmp_path / "out.pdf"
    output.write_bytes(b"%PDF-1.7 previous")
    with pytest.raises(BriefkitError, match=r"took longer than 0\.001 s and was stopped"):
        hurried.render(load_brief(SAMPLE_ANALYSIS), load_brand(), output)
    assert output.read_bytes() == b"%PDF-1.7 previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def _edit(path: Path, old: str, new: str) -> None:
    """Replace text in a layout file and move its modification time on, as an editor's save."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    changed = path.stat().st_mtime_ns + 2_000_000_000
    os.utime(path, ns=(changed, changed))


def test_a_layout_edited_between_renders_is_rendered_as_it_now_is(
    tmp_path: Path, renderer: Renderer
) -> None:
    """A long-lived process (a preview, a service) renders through warm workers that cache
    templates, stylesheets and labels; an edit to any of them shows in the next render."""
    from tests.conftest import ROOT

    folder = tmp_path / "house"
    shutil.copytree(ROOT / "layouts" / "analysis", folder / "analysis")
    shutil.copy(ROOT / "layouts" / "labels.json", folder / "labels.json")
    house = Renderer(layout_dirs=(folder,), pool=renderer.pool)
    brief, brand = load_brief(SAMPLE_ANALYSIS), load_brand()

    def text() -> str:
        result = house.render(brief, brand, tmp_path / "out.pdf")
        return squash("".join(page.extract_text() for page in PdfReader(result.path).pages))

    before = text()
    assert squash("Discover More") in before and squash("Contact us") in before
    _edit(folder / "labels.json", '"discover_more": "Discover More"', '"discover_more": "Read On"')
    _edit(folder / "analysis" / "style.css", "/* Cover band */", ".contact { display: none; }")
    _edit(
        folder / "analysis" / "template.html",
        "{% block content %}",
        "{% block content %}<p>House edition</p>",
    )
    after = text()
    assert squash("Read On") in after and squash("Discover More") not in after
    assert squash("Contact us") not in after
    assert squash("House edition") in after and squash("House edition") not in before


def test_a_job_for_an_unknown_format_or_standard_is_refused_before_any_work(
    tmp_path: Path, renderer: Renderer
) -> None:
    brief, brand = load_brief(SAMPLE_ANALYSIS), load_brand()
    with pytest.raises(BriefkitError, match=r"unknown format 'docx'; use pdf, html, png"):
        renderer.job(brief, brand, tmp_path / "out.docx", output_format="docx")
    with pytest.raises(BriefkitError, match=r"unknown PDF standard 'pdf/x'"):
        renderer.render(brief, brand, tmp_path / "out.pdf", standard="pdf/x")
    assert list(tmp_path.iterdir()) == []
