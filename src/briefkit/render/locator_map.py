"""The locator map: a brief's countries in the brand's accent, drawn as SVG at render time.

The map is framed on the brief's countries with context around them, in the Equal Earth projection
centred on them; neighbours are a quiet grey with thin white borders, over a pale sea. A country
too small to see at that scale also gets a ring around it; names are printed in the brief's
language where they fit; a small world inset shows where the frame is
(:mod:`briefkit.render.map_annotations`). The boundaries ship with briefkit
(:mod:`briefkit.geography`); nothing is fetched.

The SVG is briefkit's own markup, built here from numbers and escaped names, so it is handed to
the layout as :class:`~markupsafe.Markup`; nothing from the brief reaches it unescaped. Numbers are
written with one decimal and lists are in a fixed order: the same brief gives the same bytes.
"""

from __future__ import annotations

import math
from base64 import b64encode
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.lists import format_list
from markupsafe import Markup, escape

from briefkit.document.text import CONTROL_CHARACTERS
from briefkit.geography import Bounds, Country, Polygon, countries, countries_by_code
from briefkit.render.map_annotations import (
    BORDER,
    HEIGHT,
    LAND,
    SEA,
    WIDTH,
    DrawnCountry,
    MapLabel,
    inset,
    inset_box,
    labels,
    marker,
)
from briefkit.render.map_outlines import MapArcs, clipped, outline
from briefkit.render.projection import (
    Box,
    Point,
    bounding_box,
    box_outline,
    equal_earth,
    inverse_equal_earth,
    line_data,
    overlaps,
    path_data,
    ring_area,
    ring_centroid,
    simplified,
    thinned,
)

REACH = 20.0
"""How far past the frame shapes are kept (SVG units) before they are clamped."""
TOLERANCE = 0.3
"""Points closer than this to the last one kept are dropped (SVG units; a unit prints about
0.16 mm wide)."""
DETAIL, DETAIL_FAR = 1.0, 3.5
"""Outlines are generalised to within this of the true line (SVG units), the highlighted
countries' finely and the others' coarsely: every point costs the layout engine time."""
MIN_SPAN = 0.36
"""The narrowest frame, in projected units (about 2,300 km): a small country is shown in its
region."""
CONTEXT = 0.45
"""Context around the countries on each side, as a share of their larger extent."""
KEY_SHARE = 1 / 3
"""A country is framed on its largest part and the parts at least this share of it (mainland
France, not French Guiana)."""
MARKER_AREA = 400.0
MARKER_THINNEST = 7.0
"""A highlighted country drawn smaller than this (SVG units squared), or thinner than this (SVG
units, as the Gambia), also gets a marker."""
SPECK = 1.0
"""A neighbour's island smaller than this (SVG units squared) is not drawn."""
FRAMING_DETAIL = 0.2
"""Degrees: the frame is found on outlines this coarse."""
VIEW = (0.0, 0.0, WIDTH, HEIGHT)
REACH_BOX = (-REACH, -REACH, WIDTH + REACH, HEIGHT + REACH)
BORDER_VIEW = (-1.0, -1.0, WIDTH + 1, HEIGHT + 1)
LAND_BOX = BORDER_VIEW
"""The land and the borders are cut to the frame, with the width of a border to spare."""


@dataclass(frozen=True)
class LocatorMap:
    """A drawn map: the SVG, its alternative text, and what it shows (for tests and reports)."""

    svg: Markup
    alt: str
    highlighted: tuple[str, ...]
    markers: tuple[str, ...]
    labels: tuple[MapLabel, ...] = ()
    centres: tuple[tuple[str, float, float], ...] = ()
    """Each country drawn, by code, with the centre of its largest visible part (SVG units)."""

    @property
    def image(self) -> str:
        """The SVG as a ``data:`` URL, which layouts print in an ``<img>``: the layout engine
        then reads it with one XML parse, instead of parsing and styling each of its shapes as
        an element of the page (about 1 % of a warm render)."""
        return "data:image/svg+xml;base64," + b64encode(self.svg.encode()).decode("ascii")


@lru_cache(maxsize=32)
def locator_map(
    codes: tuple[str, ...],
    *,
    locale: Locale,
    alt_label: str,
    region: str,
    accent: str,
    ink: str,
) -> LocatorMap | None:
    """The map of ``codes`` (ISO 3166-1 alpha-2), or ``None`` when the boundaries have none of
    them. ``alt_label`` is the layout's text with ``{countries}`` and ``{region}``; names are
    in ``locale``'s language. The last maps drawn are kept (a preview redraws the same one)."""
    shapes = countries_by_code()
    targets = [shapes[code] for code in dict.fromkeys(codes) if code in shapes]
    if not targets:
        return None
    centre = _central_longitude(targets)
    frame = _frame(targets, centre)
    left, _, right, top = frame
    scale = WIDTH / (right - left)

    wanted = {country.code for country in targets}
    arcs = MapArcs(centre, scale, (left, top), targets, (DETAIL, DETAIL_FAR))
    drawn = [
        item
        for country, parts in _candidates(frame, centre)
        if (item := _draw(country, parts, arcs, country.code in wanted))
    ]
    names = {item.code: locale.territories.get(item.code, item.country.name) for item in drawn}
    highlighted = [item for item in drawn if item.code in wanted]
    marked = [item for item in highlighted if _too_small(item)]
    corner = inset_box(highlighted)
    listed = format_list([names.get(t.code, t.name) for t in targets], locale=locale)
    alt = alt_label.replace("{countries}", listed).replace("{region}", region)
    # Each line once, in as few elements as can be: the layout engine spends about 10 µs on
    # every point and about 0.3 ms on every element, in every render.
    covered = [ring for item in drawn for ring in item.arc_rings]
    land = [clipped(arcs.ring(ring), LAND_BOX) for ring in outline(covered)]
    land = [ring for ring in land if len(ring) >= 3 and abs(ring_area(ring)) >= SPECK]
    under_inset = (corner[0] + 1, corner[1] + 1, corner[2] - 1, corner[3] - 1)
    svg = "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 '
            f'{WIDTH:.0f} {HEIGHT:.0f}" role="img" aria-label="{escape(alt)}">'
            f"<title>{escape(alt)}</title>",
            f'<rect width="{WIDTH:.0f}" height="{HEIGHT:.0f}" fill="{SEA}"/>',
            f'<path fill="{LAND}" d="{path_data(land)}"/>',
            f'<path fill="none" stroke="{BORDER}" stroke-width="0.5" stroke-linejoin="round" '
            f'd="{line_data(arcs.borders(covered, BORDER_VIEW, under_inset))}"/>',
            f'<g fill="{escape(accent)}" stroke="{BORDER}" stroke-width="0.6" '
            'stroke-linejoin="round" fill-rule="evenodd">',
            *(_path(item, "highlighted") for item in highlighted if item.rings),
            "</g>",
            *(marker(item, accent) for item in marked),
            inset(corner, targets, frame, centre, accent, ink),
            f'<rect width="{WIDTH:.0f}" height="{HEIGHT:.0f}" fill="none" stroke="{LAND}" '
            'stroke-width="1"/></svg>',
        ]
    )
    return LocatorMap(
        Markup(svg),
        alt,
        tuple(item.code for item in highlighted if item.rings),
        tuple(item.code for item in marked),
        labels(drawn, wanted, marked, names, corner, arcs.touching(i.country for i in drawn)),
        tuple((item.code, *item.centre) for item in drawn if item.code),
    )


def _draw(country: Country, parts: list[int], arcs: MapArcs, target: bool) -> DrawnCountry | None:
    """A country's rings in SVG units (and as the arcs they are joined from), with its visible
    area and the centre and box of its largest visible part; ``None`` when nothing of it shows
    (a highlighted country too small to draw is kept, for its marker)."""
    rings: list[tuple[Point, ...]] = []
    joined: list[tuple[int, ...]] = []
    area = 0.0
    largest: tuple[float, Point, Box] | None = None
    for index in parts:
        outlines = [arcs.ring(ring) for ring in country.polygon_arcs[index]]
        if not outlines[0] or not overlaps(bounding_box(outlines[0]), VIEW):
            continue
        kept = [simplified(ring, REACH_BOX, TOLERANCE) for ring in outlines]
        for ring, arc_ring in zip(kept, country.polygon_arcs[index], strict=True):
            if len(ring) >= 3 and (target or abs(ring_area(ring)) >= SPECK):
                rings.append(tuple(ring))
                joined.append(arc_ring)
        visible = simplified(kept[0], VIEW, 0.0) or outlines[0][:1]
        size = abs(ring_area(visible)) if len(visible) >= 3 else 0.0
        area += size
        if largest is None or size > largest[0]:
            largest = (size, ring_centroid(visible), bounding_box(visible))
    if largest is None or not (rings or target):
        return None
    return DrawnCountry(country, tuple(rings), area, largest[1], largest[2], tuple(joined))


def _path(item: DrawnCountry, css_class: str = "") -> str:
    """A country's shape, named by its code (readable by tests and scripts; no ISO code, no
    name)."""
    named = f' data-country="{item.code}"' if item.code else ""
    classed = f' class="{css_class}"' if css_class else ""
    return f'<path{classed}{named} d="{path_data(item.rings)}"/>'


def _too_small(item: DrawnCountry) -> bool:
    """Whether a highlighted country needs a marker to be seen: little area, or a sliver."""
    thinnest = min(item.box[2] - item.box[0], item.box[3] - item.box[1])
    return item.area < MARKER_AREA or thinnest < MARKER_THINNEST


def _shift(bounds: tuple[float, float, float, float], centre: float) -> float:
    """What to subtract from a polygon's longitudes so that it lies whole on the side of the
    antimeridian nearest the central meridian."""
    middle = (bounds[0] + bounds[1]) / 2
    return centre + 360 * round((middle - centre) / 360)


def _project(
    polygon: Polygon, bounds: Bounds, centre: float, detail: float = 0.0
) -> list[list[Point]]:
    """A polygon's rings projected about ``centre``, leaving out points closer than ``detail``
    degrees to the last one kept."""
    shift = _shift(bounds, centre)
    return [
        [equal_earth(lon - shift, lat) for lon, lat in (thinned(ring, detail) if detail else ring)]
        for ring in polygon
    ]


def _central_longitude(targets: Iterable[Country]) -> float:
    """The mean longitude of the countries' largest parts, taken on the circle (so that Fiji and
    Samoa centre on the Pacific, not on Greenwich)."""
    east = north = 0.0
    for country in targets:
        bounds = max(country.polygon_bounds, key=lambda b: (b[1] - b[0]) * (b[3] - b[2]))
        angle = math.radians((bounds[0] + bounds[1]) / 2)
        east += math.cos(angle)
        north += math.sin(angle)
    return math.degrees(math.atan2(north, east))


def _frame(targets: Iterable[Country], centre: float) -> Box:
    """The projected frame (left, bottom, right, top): the countries' main parts with context
    around them, at the map's proportions and at least :data:`MIN_SPAN` wide."""
    points: list[Point] = []
    for country in targets:
        outer = [
            _project(polygon[:1], bounds, centre, FRAMING_DETAIL)[0]
            for polygon, bounds in zip(country.polygons, country.polygon_bounds, strict=True)
        ]
        areas = [abs(ring_area(ring)) for ring in outer]
        largest = max(areas)
        points.extend(
            p
            for ring, a in zip(outer, areas, strict=True)
            if a >= largest * KEY_SHARE
            for p in ring
        )
    left, bottom, right, top = bounding_box(points)
    pad = CONTEXT * max(right - left, top - bottom)
    width, height = right - left + 2 * pad, top - bottom + 2 * pad
    ratio = WIDTH / HEIGHT
    width, height = (
        max(width, height * ratio, MIN_SPAN),
        max(height, width / ratio, MIN_SPAN / ratio),
    )
    width, height = max(width, height * ratio), max(height, width / ratio)
    middle_x, middle_y = (left + right) / 2, (bottom + top) / 2
    return middle_x - width / 2, middle_y - height / 2, middle_x + width / 2, middle_y + height / 2


def _candidates(frame: Box, centre: float) -> list[tuple[Country, list[int]]]:
    """Countries with parts that may show in the frame, and which parts, found on their
    longitude and latitude bounds so that only those are projected."""
    corners = [inverse_equal_earth(x, y) for x, y in box_outline(frame)]
    lon_min = min(c[0] for c in corners) - 2
    lon_max = max(c[0] for c in corners) + 2
    lat_min = min(c[1] for c in corners) - 2
    lat_max = max(c[1] for c in corners) + 2
    found = []
    for country in countries():
        parts = []
        for index, bounds in enumerate(country.polygon_bounds):
            shift = _shift(bounds, centre)
            west, east = bounds[0] - shift, bounds[1] - shift
            if (
                west <= lon_max
                and east >= lon_min
                and bounds[2] <= lat_max
                and bounds[3] >= lat_min
            ):
                parts.append(index)
        if parts:
            found.append((country, parts))
    return found


DEFAULT_ALT = {
    True: "Map: {countries} highlighted in {region}",
    False: "Map: {countries} highlighted",
}
"""The alternative text when a layout's labels have none (``map_alt``, ``map_alt_no_region``)."""


def brief_map(
    brief: Mapping[str, Any], brand: Mapping[str, Any], locale: Locale, labels: Mapping[str, str]
) -> LocatorMap | None:
    """The locator map a brief's layout prints: ``None`` when the brief or the brand says
    ``"map": false``, or when the boundaries know none of the brief's countries (lint warns about
    each one it does not know)."""
    if brief.get("map") is False or brand.get("map") is False:
        return None
    codes = tuple(code for code in brief.get("countries") or () if isinstance(code, str))
    region = brief.get("region")
    region = " ".join(CONTROL_CHARACTERS.sub("", region).split()) if isinstance(region, str) else ""
    key = "map_alt" if region else "map_alt_no_region"
    return locator_map(
        codes,
        locale=locale,
        alt_label=labels.get(key, DEFAULT_ALT[bool(region)]),
        region=region,
        accent=brand["colors"]["accent"],
        ink=brand["colors"]["primary"],
    )
