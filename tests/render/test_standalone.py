"""Standalone HTML: one file, every asset inside it, no request to anywhere."""

from __future__ import annotations

import re
from pathlib import Path

from briefkit import load_brand, load_brief
from briefkit.render.html import render_html
from briefkit.render.standalone import standalone_html
from tests.conftest import SAMPLE_ANALYSIS
from tests.helpers import read_on_a_phone


def test_the_page_carries_its_styles_fonts_and_images_and_fetches_nothing() -> None:
    brand = load_brand()
    html = standalone_html(
        render_html(load_brief(SAMPLE_ANALYSIS), brand, inline_assets=True), brand
    )
    assert "<style>" in html and "</style>\n</head>" in html
    assert "data:font/woff2;base64," in html
    assert re.search(r'<img[^>]+src="data:image/svg\+xml;base64,', html)
    # Nothing the browser would load: no src= or url() to a file or the network.
    assert not re.search(r'src="(?!data:)', html)
    assert not re.search(r"url\((?!\"?data:|\)|#)", html)
    assert "Strategic Implications" in html


def test_text_that_looks_like_a_closing_style_tag_cannot_end_the_style_block() -> None:
    brand = load_brand()
    brand = type(brand)(brand.path, {**brand.data, "name": "Firm </style><script>x()</script>"})
    html = standalone_html(
        render_html(load_brief(SAMPLE_ANALYSIS), brand, inline_assets=True), brand
    )
    assert "<script>x()</script>" not in html


def test_a_standalone_brief_reads_on_a_phone(tmp_path: Path) -> None:
    brand = load_brand()
    page = tmp_path / "brief.html"
    page.write_text(
        standalone_html(render_html(load_brief(SAMPLE_ANALYSIS), brand, inline_assets=True), brand),
        encoding="utf-8",
    )
    (reading,) = read_on_a_phone([page])
    assert reading["viewport"]
    assert reading["innerWidth"] == 390  # laid out at the phone's width, not 980 px scaled down
    assert reading["scrollWidth"] <= reading["innerWidth"]
    assert reading["bodyPixels"] and min(reading["bodyPixels"]) >= 16
    assert set(reading["aligns"]) == {"start"}  # ragged right on a narrow screen
