"""Visual regression: page images of the samples against committed references.

A change to a layout, a stylesheet, the fonts or the view shows up here as a page that no longer
looks the same. When the change is intended, refresh the references and review them like code:

    BRIEFKIT_UPDATE_VISUALS=1 .venv/bin/python -m pytest tests/render/test_visual.py
    git diff --stat tests/visual/      # then look at the changed PNGs before committing

Pages are rendered at a low resolution with PDFium, which is enough to catch moved, missing or
recoloured blocks while ignoring sub-pixel differences in anti-aliasing.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from briefkit import load_brand, load_brief
from briefkit.render.engine import page_images
from briefkit.render.renderer import Renderer
from tests.conftest import SAMPLES, TESTS

HERE = TESTS
REFERENCES = HERE / "visual"
DPI = 40
MEAN_TOLERANCE = 1.5
"""Largest mean absolute difference per channel (0 to 255) between a page and its reference."""
CHANGED_TOLERANCE = 0.004
"""Largest share of pixels allowed to differ by more than a quarter of the range."""

MERIDIAN = HERE / "data" / "brands" / "meridian" / "brand.json"
CASES = {
    "analysis-en": (SAMPLES / "niger-mali-aes.json", None),
    "analysis-fr": (SAMPLES / "niger-mali-aes.fr.json", None),
    "situation-en": (SAMPLES / "tanzania-election.json", None),
    "situation-ar": (HERE / "cases" / "locales" / "ar-situation.json", None),
    "analysis-meridian": (SAMPLES / "niger-mali-aes.json", MERIDIAN),
}


def difference(page: Image.Image, reference: Image.Image) -> tuple[float, float]:
    """(mean absolute difference per channel, share of strongly changed pixels)."""
    diff = ImageChops.difference(page, reference)
    mean = sum(ImageStat.Stat(diff).mean) / 3
    strong = diff.convert("L").point(lambda value: 255 if value > 64 else 0)
    changed = ImageStat.Stat(strong).mean[0] / 255
    return mean, changed


@pytest.mark.parametrize("name", sorted(CASES))
def test_pages_look_like_their_references(renderer: Renderer, tmp_path: Path, name: str) -> None:
    brief_path, brand_path = CASES[name]
    brief = load_brief(brief_path)
    result = renderer.render(brief, load_brand(brand_path), tmp_path / "out.pdf")
    pages = [
        Image.open(io.BytesIO(png)).convert("RGB")
        for png in page_images(result.path.read_bytes(), DPI)
    ]
    references = sorted(REFERENCES.glob(f"{name}-*.png"))
    if os.environ.get("BRIEFKIT_UPDATE_VISUALS") == "1":
        for old in references:
            old.unlink()
        for number, page in enumerate(pages, start=1):
            page.save(REFERENCES / f"{name}-{number}.png", optimize=True)
        return
    assert references, f"no reference images for {name}; see this module's docstring"
    assert len(pages) == len(references), f"{name}: {len(pages)} pages, {len(references)} expected"
    for number, page in enumerate(pages, start=1):
        reference = Image.open(REFERENCES / f"{name}-{number}.png").convert("RGB")
        assert page.size == reference.size, f"{name} page {number}: size changed"
        mean, changed = difference(page, reference)
        assert mean <= MEAN_TOLERANCE and changed <= CHANGED_TOLERANCE, (
            f"{name} page {number} differs from its reference: mean {mean:.2f}, "
            f"{changed:.2%} of pixels changed"
        )


def test_a_visible_change_is_caught() -> None:
    reference = Image.open(REFERENCES / "analysis-en-1.png").convert("RGB")
    moved = Image.new("RGB", reference.size, "white")
    moved.paste(reference, (0, 8))  # everything 8 pixels lower: a layout shift
    mean, changed = difference(moved, reference)
    assert mean > MEAN_TOLERANCE or changed > CHANGED_TOLERANCE
    assert difference(reference, reference) == (0.0, 0.0)
