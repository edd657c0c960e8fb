"""The locator map: which countries it highlights, marks and names, where layouts print it, and
that a brief or a brand can leave it out."""

from __future__ import annotations

import json
import re
from base64 import b64decode
from itertools import pairwise
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from babel import Locale
from PIL import Image

from briefkit import Renderer, load_brand, load_brief, parse_brief, validate_brief
from briefkit.render.html import render_html
from briefkit.render.locator_map import LocatorMap, locator_map
from briefkit.render.map_annotations import HEIGHT, LAND, SEA, WIDTH
from tests.conftest import SAMPLE_ANALYSIS, SAMPLES
from tests.render.test_view import view_of

ACCENT = "#C8963E"  # the built-in brand's


def draw(*codes: str, language: str = "en", region: str = "") -> LocatorMap:
    locator_map.cache_clear()
    drawn = locator_map(
        codes,
        locale=Locale.parse(language),
        alt_label="Map: {countries} highlighted in {region}",
        region=region,
        accent=ACCENT,
        ink="#0B2545",
    )
    assert drawn is not None
    return drawn


def rings(svg: str) -> list[list[tuple[float, float]]]:
    """Every ring of every shape, in SVG units, from the map's own markup."""
    found = []
    for data in re.findall(r'<path[^>]* d="([^"]+)"', svg):
        for ring in data.split("Z")[:-1]:
            numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", ring)]
            found.append(list(zip(numbers[::2], numbers[1::2], strict=True)))
    return found


def test_the_sample_highlights_niger_mali_and_burkina_faso_among_their_neighbours() -> None:
    view = view_of({})
    assert view.locator_map is not None
    assert view.locator_map.highlighted == ("BF", "ML", "NE")
    assert view.locator_map.markers == ()
    assert view.locator_map.alt == "Map: Niger, Mali, and Burkina Faso highlighted in Sahel"
    svg = str(view.locator_map.svg)
    assert svg.count('class="highlighted"') == 3
    assert f'fill="{ACCENT}"' in svg
    neighbours = {code for code, _, _ in view.locator_map.centres} - {"NE", "ML", "BF"}
    assert {"DZ", "NG", "TD", "SN", "GN", "CI", "GH", "MR", "LY", "BJ", "TG"} <= neighbours
    assert "FR" not in neighbours and "BR" not in neighbours  # framed on the Sahel
    assert "<title>Map: Niger, Mali, and Burkina Faso highlighted in Sahel</title>" in svg
    assert 'role="img"' in svg
    named = {" ".join(label.lines): label.highlighted for label in view.locator_map.labels}
    assert {"Niger", "Mali", "Burkina Faso"} <= {name for name, high in named.items() if high}
    assert 1 <= sum(not high for high in named.values()) <= 3  # a few neighbours, for context


@pytest.mark.parametrize("code", ["SG", "BH", "GM"])
def test_a_country_too_small_to_see_gets_a_marker(code: str) -> None:
    drawn = draw(code)
    assert drawn.markers == (code,)
    assert f'<circle class="marker" data-country="{code}"' in drawn.svg


def test_a_large_country_gets_no_marker_and_a_small_one_beside_it_does() -> None:
    assert draw("NE").markers == ()
    assert draw("SN", "GM").markers == ("GM",)


def test_the_same_brief_gives_the_same_bytes() -> None:
    first = draw("NE", "ML", "BF", region="Sahel")
    second = draw("NE", "ML", "BF", region="Sahel")
    assert first == second
    numbers = re.findall(r"\d+\.\d+", str(first.svg))
    assert numbers and all(len(number.split(".")[1]) == 1 for number in numbers)


def test_names_are_in_the_briefs_language_and_escaped() -> None:
    french = view_of({"language": "fr", "region": "Sahel <central> & ouest"})
    assert french.locator_map is not None
    svg = str(french.locator_map.svg)
    assert "Algérie" in {" ".join(label.lines) for label in french.locator_map.labels}
    assert (
        "Carte : Niger, Mali et Burkina Faso en surbrillance — Sahel &lt;central&gt; &amp;" in svg
    )
    assert "<central>" not in svg


def test_names_are_text_over_the_map_so_arabic_keeps_its_joins() -> None:
    arabic = view_of({"language": "ar"})
    assert arabic.locator_map is not None
    assert "<text" not in arabic.locator_map.svg  # SVG text is drawn letter by letter
    assert "النيجر" in {" ".join(label.lines) for label in arabic.locator_map.labels}
    rendered = render_html(load_brief(SAMPLE_ANALYSIS), load_brand())
    assert re.search(
        r'<span class="map-label highlighted" style="left:[\d.]+%;top:[\d.]+%;'
        r'width:[\d.]+%;font-size:[\d.]+em">Niger</span>',
        rendered.html,
    )


def test_no_region_gives_the_shorter_alternative_text() -> None:
    view = view_of({"region": ""})
    assert view.locator_map is not None
    assert view.locator_map.alt == "Map: Niger, Mali, and Burkina Faso highlighted"


def test_a_brief_or_a_brand_can_turn_the_map_off() -> None:
    assert view_of({"map": False}).locator_map is None
    assert view_of({}, {"map": False}).locator_map is None
    assert view_of({"map": True}).locator_map is not None


def test_no_known_country_means_no_map() -> None:
    assert view_of({"countries": []}).locator_map is None
    assert view_of({"countries": ["GF", "QQ"]}).locator_map is None
    partly = view_of({"countries": ["GF", "SR"]}).locator_map
    assert partly is not None and partly.highlighted == ("SR",)


@pytest.mark.parametrize("code", ["RU", "FJ", "US", "NZ", "KI"])
def test_countries_across_the_antimeridian_are_drawn_whole(code: str) -> None:
    drawn = draw(code)
    assert drawn.highlighted == (code,) or drawn.markers == (code,)
    for ring in rings(str(drawn.svg)):
        xs = [x for x, _ in ring]
        assert max(xs) - min(xs) <= WIDTH + 40  # no ring streaks across the whole world


def printed_maps(html: str) -> list[str]:
    """The SVG of every locator map a layout printed (as an image inside its own HTML: no file
    beside it, nothing fetched)."""
    return [
        b64decode(data).decode("utf-8")
        for data in re.findall(
            r'<div class="locator-map"><img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"',
            html,
        )
    ]


def test_the_html_output_carries_the_map_inline() -> None:
    rendered = render_html(load_brief(SAMPLE_ANALYSIS), load_brand(), inline_assets=True)
    (svg,) = printed_maps(rendered.html)
    assert sorted(re.findall(r'class="highlighted" data-country="(\w+)"', svg)) == [
        "BF",
        "ML",
        "NE",
    ]
    alt = "Map: Niger, Mali, and Burkina Faso highlighted in Sahel"
    assert f'alt="{alt}"' in rendered.html and f"<title>{alt}</title>" in svg
    situation = render_html(load_brief(SAMPLES / "tanzania-election.json"), load_brand())
    assert 'class="highlighted" data-country="TZ"' in printed_maps(situation.html)[0]


def _with(changes: dict[str, Any], tmp_path: Path) -> Path:
    data = json.loads(SAMPLE_ANALYSIS.read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "brief.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _first_page(pdf: Path) -> Image.Image:
    document = pypdfium2.PdfDocument(pdf.read_bytes())
    return document[0].render(scale=150 / 72).to_pil().convert("RGB")


def _colour(hex_colour: str) -> tuple[int, int, int]:
    value = int(hex_colour.lstrip("#"), 16)
    return value >> 16, (value >> 8) & 255, value & 255


def _close(pixel: tuple[int, int, int], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 6 for a, b in zip(pixel, colour, strict=True))


def test_the_pdf_shows_the_three_countries_in_the_accent_on_page_one(
    tmp_path: Path, renderer: Renderer
) -> None:
    brief = load_brief(SAMPLE_ANALYSIS)
    output = tmp_path / "sample.pdf"
    renderer.render(brief, load_brand(), output)
    page = _first_page(output)
    # The map is where the page holds its sea and land greys (no other block uses them).
    sea, land, accent = _colour(SEA), _colour(LAND), _colour(ACCENT)
    width, height = page.size
    pixels = page.load()
    assert pixels is not None
    found = [
        (x, y)
        for y in range(0, height, 2)
        for x in range(0, width, 2)
        if pixels[x, y] in (sea, land)
    ]
    assert found, "no map on page 1"
    left, top = min(x for x, _ in found), min(y for _, y in found)
    right, bottom = max(x for x, _ in found), max(y for _, y in found)
    assert (right - left) / (bottom - top) == pytest.approx(WIDTH / HEIGHT, rel=0.05)
    scale = (right - left) / WIDTH

    drawn = render_html(brief, load_brand()).view.locator_map
    assert drawn is not None
    centres = {code: (x, y) for code, x, y in drawn.centres}
    for code, highlighted in [("NE", 1), ("ML", 1), ("BF", 1), ("DZ", 0), ("NG", 0), ("TD", 0)]:
        # Around each country's centre (where its name may be printed over it).
        x, y = centres[code]
        window = [
            pixels[round(left + (x + dx) * scale), round(top + (y + dy) * scale)]
            for dx in range(-6, 7)
            for dy in range(-6, 7)
        ]
        share = sum(_close(pixel, accent) for pixel in window) / len(window)
        assert share > 0.3 if highlighted else share == 0, (code, share)


def test_map_false_removes_it_from_the_pdf(tmp_path: Path, renderer: Renderer) -> None:
    output = tmp_path / "no-map.pdf"
    renderer.render(load_brief(_with({"map": False}, tmp_path)), load_brand(), output)
    page = _first_page(output)
    colours = {colour for _, colour in page.getcolors(maxcolors=1 << 20) or []}
    assert _colour(SEA) not in colours and _colour(LAND) not in colours


def test_a_brief_about_bahrain_shows_a_marker_in_its_pdf(
    tmp_path: Path, renderer: Renderer
) -> None:
    output = tmp_path / "bahrain.pdf"
    brief = load_brief(_with({"countries": ["BH"], "region": "Gulf"}, tmp_path))
    renderer.render(brief, load_brand(), output)
    assert _colour(SEA) in {c for _, c in _first_page(output).getcolors(1 << 20) or []}
    (svg,) = printed_maps(render_html(brief, load_brand()).html)
    assert '<circle class="marker" data-country="BH"' in svg


def test_the_schema_takes_the_map_switch_as_a_boolean() -> None:
    data = json.loads(SAMPLE_ANALYSIS.read_text(encoding="utf-8"))
    for value, codes in ((True, []), (False, []), ("no", ["BK011"])):
        brief = parse_brief(json.dumps({**data, "map": value}).encode(), "x.json")
        assert [finding.code for finding in validate_brief(brief)] == codes


def _paths(svg: str) -> dict[str, str]:
    """The map's land and its borders by what they are drawn with (the land is filled, the
    borders only stroked)."""
    return {
        "land": re.findall(rf'<path fill="{LAND}" d="([^"]*)"', svg)[0],
        "borders": re.findall(r'<path fill="none" stroke="#FFFFFF"[^>]* d="([^"]*)"', svg)[0],
    }


def test_every_line_is_drawn_once_in_few_shapes() -> None:
    """The layout engine spends time on every point and every element of the SVG, in every
    render: the neighbours are one filled outline and one set of border lines, not a filled and
    stroked ring each (which draws every border twice)."""
    svg = str(draw("NE", "ML", "BF").svg)
    assert svg.count(f'<path fill="{LAND}"') == 1
    assert svg.count('<path fill="none" stroke="#FFFFFF"') == 1
    points = len(re.findall(r"[ML]-?\d", svg))
    assert points <= 500, points  # about 1,050 when each country was its own ring
    assert len(re.findall(r"<(?:path|rect|circle|g)\b", svg)) <= 13


@pytest.mark.parametrize("code", ["RU", "NO", "US", "FJ"])
def test_no_land_or_border_streaks_across_the_map(code: str) -> None:
    """A shape that crosses the map's antimeridian is drawn whole on one side of it, never as
    a band across the map (a long edge inside the frame); long edges along the frame's own
    edges are where the land is cut."""
    paths = _paths(str(draw(code).svg))
    for name, data in paths.items():
        for part in re.findall(r"M[^MZ]*", data):
            numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", part)]
            points = list(zip(numbers[::2], numbers[1::2], strict=True))
            for (x1, y1), (x2, y2) in pairwise(points):
                on_edge = (x1 == x2 and x1 in (-1, WIDTH + 1)) or (
                    y1 == y2 and y1 in (-1, HEIGHT + 1)
                )
                assert on_edge or abs(x2 - x1) < WIDTH / 2, (name, (x1, y1), (x2, y2))
