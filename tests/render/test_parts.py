"""The blocks the layouts share are written once, as macros of ``parts.html``: a firm's
``parts.html`` (on ``--layout-dir``) that changes a macro changes that block everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefkit.assets import layouts_dir
from briefkit.document.brief import load_brief
from briefkit.render.brand import load_brand
from briefkit.render.html import render_html
from tests.conftest import SAMPLE_ANALYSIS

MARKED = {
    # markup a macro of parts.html writes -> the same, tagged by the firm's copy of parts.html
    '<span class="marking {{ css_class }}">': "marking",
    '<div class="running-header" aria-hidden="true">': "running",
    '<section class="contact" id="contact">': "contact",
    '<div class="implication">': "implication",
    '<strong class="label">': "label",
}


def house_parts(folder: Path) -> Path:
    """A layout folder whose parts.html is the built-in one with each block in MARKED tagged."""
    text = (layouts_dir() / "parts.html").read_text(encoding="utf-8")
    for markup, name in MARKED.items():
        assert markup in text, markup
        text = text.replace(markup, markup[:-1] + f' data-house="{name}">')
    folder.mkdir()
    (folder / "parts.html").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("layout", ["analysis", "situation"])
def test_every_shared_block_comes_from_its_macro(tmp_path: Path, layout: str) -> None:
    house = house_parts(tmp_path / "house")
    rendered = render_html(
        load_brief(SAMPLE_ANALYSIS), load_brand(), layout_name=layout, layout_dirs=[house]
    )
    html, view = rendered.html, rendered.view

    def tagged(name: str) -> int:
        return html.count(f'data-house="{name}"')

    assert tagged("marking") == html.count('class="marking ') == 2  # the badge, every page's
    assert tagged("running") == tagged("contact") == 1
    assert tagged("implication") == len(view.implications) > 0
    labels = len(view.developments) + len(view.judgements)
    assert tagged("label") == html.count('class="label"') == labels > 0


def test_no_template_writes_a_shared_block_by_hand() -> None:
    # The class that starts each shared block appears in parts.html only.
    classes = (
        'class="marking',
        'class="running-',
        'class="contact"',
        'class="implication',
        'class="label"',
    )
    for template in sorted(layouts_dir().rglob("*.html")):
        if template.name != "parts.html":
            text = template.read_text(encoding="utf-8")
            written = [name for name in classes if name in text]
            assert not written, f"{template.relative_to(layouts_dir())} writes {written} itself"
