"""Logos of any shape: a square mark and a wide wordmark, measured where they print."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image

from briefkit import load_brand, load_brief
from briefkit.assets import default_brand_path
from briefkit.render.html import render_html
from briefkit.render.logo import Logo, logo_ratio
from briefkit.render.renderer import Renderer
from tests.conftest import SAMPLE_ANALYSIS, SAMPLES

MM_PER_POINT = 25.4 / 72


def wordmark_brand(tmp_path: Path, width: int, height: int, **changes: object) -> Path:
    """The built-in brand with a PNG logo of ``width`` × ``height`` pixels."""
    folder = tmp_path / "brand"
    shutil.copytree(default_brand_path().parent, folder)
    Image.new("RGB", (width, height), "#C8963E").save(folder / "wordmark.png")
    path = folder / "brand.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "logo": "wordmark.png", **changes}), encoding="utf-8")
    return path


def image_widths_mm(pdf: Path) -> list[float]:
    """The printed width of every image on the PDF's first page, in millimetres."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        widths = []
        for item in page.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE], max_depth=5):
            left, _, right, _ = item.get_bounds()
            widths.append((right - left) * MM_PER_POINT)
        return widths
    finally:
        document.close()


@pytest.mark.parametrize(
    ("ratio", "height", "max_width", "expected"),
    [
        (1.0, 12, 60, "width: 12.00mm; height: 12.00mm"),
        (3.44, 12, 60, "width: 41.28mm; height: 12.00mm"),
        (6.0, 12, 60, "width: 60.00mm; height: 10.00mm"),
    ],
)
def test_a_logo_is_set_by_height_within_a_maximum_width(
    ratio: float, height: float, max_width: float, expected: str
) -> None:
    assert Logo("logo.png", ratio, chip=False).size(height, max_width) == expected


def test_the_ratio_comes_from_the_image(tmp_path: Path) -> None:
    assert logo_ratio(default_brand_path().parent / "logo.svg") == 1.0
    wide = tmp_path / "wide.svg"
    wide.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 220 64"/>')
    assert logo_ratio(wide) == pytest.approx(220 / 64)


def test_a_six_to_one_wordmark_prints_at_least_30_mm_wide_on_the_cover(
    renderer: Renderer, tmp_path: Path
) -> None:
    brand = load_brand(wordmark_brand(tmp_path, 600, 100))
    result = renderer.render(load_brief(SAMPLE_ANALYSIS), brand, tmp_path / "out.pdf")
    (width,) = image_widths_mm(result.path)
    assert 30 <= width <= 61


def test_the_chip_is_the_brand_choice_in_every_layout(tmp_path: Path) -> None:
    plain = load_brand(wordmark_brand(tmp_path / "plain", 600, 100))
    chip = load_brand(wordmark_brand(tmp_path / "chip", 600, 100, logo_chip=True))
    for sample in (SAMPLE_ANALYSIS, SAMPLES / "tanzania-election.json"):
        brief = load_brief(sample)
        assert 'class="logo logo-chip"' in render_html(brief, chip).html
        assert 'class="logo"' in render_html(brief, plain).html
