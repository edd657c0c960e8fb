"""Where the locator map prints: beside the opening summary, on the side its lines end, with no
word of the page under it but the map's own names."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

from briefkit import Renderer, load_brand, load_brief
from briefkit.render.html import render_html
from briefkit.render.map_annotations import LAND, SEA
from tests.conftest import SAMPLE_ANALYSIS, SAMPLES

SCALE = 150 / 72  # pixels a PDF point


def _colour(hex_colour: str) -> tuple[int, int, int]:
    value = int(hex_colour.lstrip("#"), 16)
    return value >> 16, (value >> 8) & 255, value & 255


def _map_box(page: pypdfium2.PdfPage) -> tuple[float, float, float, float]:
    """The map's box on ``page`` in PDF points (left, bottom, right, top), found where the page
    holds the map's sea and land greys (no other block uses them)."""
    image = page.render(scale=SCALE).to_pil().convert("RGB")
    pixels = image.load()
    assert pixels is not None
    greys = {_colour(SEA), _colour(LAND)}
    found = [
        (x, y)
        for y in range(0, image.height, 2)
        for x in range(0, image.width, 2)
        if pixels[x, y] in greys
    ]
    assert found, "no map on page 1"
    height = page.get_height()
    left, right = min(x for x, _ in found) / SCALE, max(x for x, _ in found) / SCALE
    top, bottom = min(y for _, y in found) / SCALE, max(y for _, y in found) / SCALE
    return left, height - bottom, right, height - top


@pytest.mark.parametrize(
    ("sample", "side"),
    [
        (SAMPLE_ANALYSIS, "right"),
        (SAMPLES / "niger-mali-aes.ar.json", "left"),
        (SAMPLES / "tanzania-election.json", "right"),
    ],
)
def test_the_map_is_beside_the_summary_and_covers_no_text(
    sample: Path, side: str, tmp_path: Path, renderer: Renderer
) -> None:
    brief = load_brief(sample)
    output = tmp_path / "brief.pdf"
    renderer.render(brief, load_brand(), output)
    page = pypdfium2.PdfDocument(output.read_bytes())[0]
    left, bottom, right, top = _map_box(page)
    width = page.get_width()
    assert (right - left) / (top - bottom) == pytest.approx(8 / 5, rel=0.05)
    if side == "right":
        assert width - right < left
    else:
        assert left < width - right

    drawn = render_html(brief, load_brand()).view.locator_map
    assert drawn is not None
    names = "".join("".join(label.lines) for label in drawn.labels)
    text_page = page.get_textpage()
    under, beside = [], []
    for index in range(text_page.count_chars()):
        char = text_page.get_text_range(index, 1)
        if not char.strip():
            continue
        c_left, c_bottom, c_right, c_top = text_page.get_charbox(index)
        overlaps = c_left < right and c_right > left and c_bottom < top and c_top > bottom
        if overlaps:
            under.append(char)
        elif c_top > bottom and c_bottom < top:
            beside.append(char)
    # Only the map's own names are over it; the summary's heading and lines run beside it.
    assert under and all(char in names for char in under), "".join(under)
    heading = render_html(brief, load_brand()).view.labels["executive_summary"]
    assert heading.replace(" ", "") in "".join(beside)
