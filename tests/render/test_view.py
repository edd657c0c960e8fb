"""The view model: what a layout prints, decided in Python (labels, dates, numbering, links)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from briefkit import load_brand, parse_brief
from briefkit.assets import layouts_dir
from briefkit.render.view import View, build_view, load_labels
from tests.conftest import SAMPLE_ANALYSIS


def view_of(changes: dict[str, Any], brand_data: dict[str, Any] | None = None) -> View:
    data = json.loads(SAMPLE_ANALYSIS.read_text(encoding="utf-8"))
    data.update(changes)
    brief = parse_brief(json.dumps(data).encode(), str(SAMPLE_ANALYSIS))
    brand = load_brand()
    if brand_data is not None:
        brand = type(brand)(brand.path, {**brand.data, **brand_data})
    labels = load_labels(layouts_dir() / "labels.json")
    return build_view(brief, brand, labels, asset_url=lambda path: f"asset:{path.name}")


def without_name_spans(html: str) -> str:
    """Markup without the spans that keep proper nouns from being hyphenated."""
    return re.sub(r'<span class="name">(.*?)</span>', r"\1", str(html))


def test_labels_dates_and_countries_follow_the_brief_language() -> None:
    english = view_of({"language": "en", "date": "2025-10-02", "countries": ["NE", "ML"]})
    french = view_of({"language": "fr", "date": "2025-10-02", "countries": ["NE", "ML"]})
    assert english.date_text == "October 2, 2025"
    assert french.date_text == "2 octobre 2025"
    assert [without_name_spans(country) for country in english.countries] == ["Niger", "Mali"]
    assert english.labels != french.labels
    assert english.direction == "ltr"
    assert view_of({"language": "ar"}).direction == "rtl"


def test_an_unknown_language_falls_back_to_english_labels() -> None:
    assert view_of({"language": "xx"}).labels == view_of({"language": "en"}).labels


def test_implications_are_numbered_from_one_in_order() -> None:
    view = view_of({})
    assert [item.number for item in view.implications] == list(range(1, 5))
    assert without_name_spans(view.implications[0].title) == "Security and Counterinsurgency"


def test_discover_more_links_use_the_brand_pattern_for_ids_and_urls_as_given() -> None:
    related = [
        {"title": "A", "teaser": "a", "id": "tanzania-election-2025-10-29"},
        {"title": "B", "teaser": "b", "url": "https://news.example/b"},
    ]
    view = view_of({"discover_more": related}, {"brief_url": "https://briefs.example/{id}.html"})
    assert [item.href for item in view.related] == [
        "https://briefs.example/tanzania-election-2025-10-29.html",
        "https://news.example/b",
    ]
    assert view_of({"discover_more": related[:1]}, {"brief_url": ""}).related[0].href == ""


def test_running_text_is_escaped_markup_and_metadata_is_plain() -> None:
    view = view_of({"executive_summary": ["**Bold** <b>not bold</b>. Second sentence."]})
    assert (
        without_name_spans(view.summary[0])
        == "<strong>Bold</strong> &lt;b&gt;not bold&lt;/b&gt;. Second sentence."
    )
    protected = view_of({"executive_summary": ["Visit of General Abdourahamane Tiani."]})
    assert '<span class="name">General Abdourahamane Tiani</span>' in protected.summary[0]
    assert view.meta["description"].startswith("**Bold** <b>not bold</b>.")
    assert "Second" not in view.meta["description"]


def test_assets_go_through_the_url_function_and_reading_time_is_at_least_a_minute() -> None:
    view = view_of({})
    assert view.logo_url.startswith("asset:")
    assert view.reading_minutes >= 1
    assert view_of({"risk_level": "high"}).risk_class == "risk-high"
    assert view_of({"tlp": "TLP:AMBER"}).marking_class == "tlp-amber"


def test_labels_file_has_english_for_every_label_of_every_language() -> None:
    labels = load_labels(Path(layouts_dir() / "labels.json"))
    for language, entries in labels.items():
        assert set(entries) <= set(labels["en"]), language
