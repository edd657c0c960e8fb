"""The Arabic sample, as a client reads it: every section headed in Arabic, the brand's Arabic
contact block, its map's names, its pages numbered in Arabic, and every font in the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from briefkit import load_brand, load_brief
from briefkit.assets import default_brand_path
from briefkit.render.renderer import Renderer
from tests.conftest import SAMPLES, squash

ARABIC_SAMPLE = SAMPLES / "niger-mali-aes.ar.json"
HEADINGS = (
    "الملخص التنفيذي",  # Executive Summary
    "أبرز التطورات",  # Key Developments
    "التداعيات الاستراتيجية",  # Strategic Implications
    "اكتشف المزيد",  # Discover more
)
ENGLISH = ("Executive Summary", "Key Developments", "Strategic Implications", "Contact us", "Page ")


def _embedded(font: Any) -> bool:
    """Whether a PDF font carries its font program (for a composite font, in its descendant)."""
    font = font.get_object()
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font["/FontDescriptor"].get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.mark.parametrize(("layout", "pages"), [("analysis", 3), ("situation", 2)])
def test_the_arabic_sample_reads_in_arabic_in_both_layouts(
    renderer: Renderer, tmp_path: Path, layout: str, pages: int
) -> None:
    brief = json.loads(ARABIC_SAMPLE.read_text(encoding="utf-8"))
    result = renderer.render(
        load_brief(ARABIC_SAMPLE), load_brand(), tmp_path / "ar.pdf", layout_name=layout
    )
    reader = PdfReader(result.path)
    assert len(reader.pages) == pages
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    text = "\n".join(page.extract_text() for page in reader.pages)
    squashed = squash(text)
    for heading in HEADINGS:
        assert heading in text, heading
    # The title, by the parts a line break leaves whole (the cover may wrap it).
    for part in ("النيجر ومالي", "تقدّم التنسيق الأمني", "تحالف دول الساحل", "والاقتصادي"):
        assert squash(part) in squashed, part
    for item in brief["key_developments"]:
        assert squash(item["label"]) in squashed
    # The brand's Arabic texts: the assessment heading and the whole contact block.
    arabic = json.loads(default_brand_path().read_text(encoding="utf-8"))["translations"]["ar"]
    assert squash("تقييم مؤسسة") in squashed
    for key in ("heading", "call_to_action", "text"):
        assert squash(arabic["contact"][key]) in squashed, key
    for contact in ("+44 20 7946 0321", "briefs@africansecurityanalysis.example"):
        assert squash(contact) in squashed  # left to right, in order
    # The locator map names the brief's countries in Arabic.
    first = reader.pages[0].extract_text()
    assert "مالي" in first and "النيجر" in first
    for number, page in enumerate(reader.pages, start=1):
        assert "الصفحة" in page.extract_text(), number
    for english in ENGLISH:
        assert english not in text, english
    fonts = {
        str(font.get_object()["/BaseFont"]): font
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Noto-Naskh-Arabic" in name for name in fonts)
    assert [name for name, font in fonts.items() if not _embedded(font)] == []
