"""What a locator map prints over its countries: names, markers and the world inset.

Everything here works in the map's SVG units (:data:`WIDTH` by :data:`HEIGHT`, ``y`` down) on
countries already drawn by :mod:`briefkit.render.locator_map`, and returns SVG text with every name
escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from markupsafe import escape

from briefkit.geography import Country, boundary_arcs, countries
from briefkit.render.map_outlines import arc_key, join, outline
from briefkit.render.projection import (
    Box,
    Point,
    bounding_box,
    box_outline,
    equal_earth,
    generalised,
    inverse_equal_earth,
    overlaps,
    path_data,
    ring_area,
    simplified,
    thinned,
)

WIDTH, HEIGHT = 400.0, 250.0
"""The map's size in SVG units; the layout's CSS sets its printed size."""
SEA, LAND, BORDER = "#E6ECF1", "#D2D6DA", "#FFFFFF"
LABEL_SIZES = {True: (11.0, 9.0), False: (8.5,)}
"""Font sizes tried for a highlighted country's name, then for a neighbour's (SVG units; the
layout's CSS sets the first one's printed size, the others follow)."""
NEIGHBOUR_LABELS = 3
"""Neighbours named at most: every name costs the layout engine time."""
MARKER_RADIUS = 7.0
INSET_WIDTH = 96.0
INSET_MARGIN = 5.0
WORLD_WIDTH = 2 * equal_earth(180, 0)[0]
WORLD_HEIGHT = 2 * equal_earth(0, 90)[1]
INSET_HEIGHT = INSET_WIDTH * WORLD_HEIGHT / WORLD_WIDTH


@dataclass(frozen=True)
class DrawnCountry:
    """A country as drawn on the map: its simplified rings, its visible area, and the centre and
    box of its largest visible part (all in SVG units)."""

    country: Country
    rings: tuple[tuple[Point, ...], ...]
    area: float
    centre: Point
    box: Box
    arc_rings: tuple[tuple[int, ...], ...] = ()
    """The rings drawn, as the boundaries' arcs they are joined from."""

    @property
    def code(self) -> str:
        return self.country.code


def marker(item: DrawnCountry, accent: str) -> str:
    """A ring around a highlighted country too small to see."""
    x, y = item.centre
    return (
        f'<circle class="marker" data-country="{item.code}" cx="{x:.1f}" cy="{y:.1f}" '
        f'r="{MARKER_RADIUS:.0f}" fill="none" stroke="{escape(accent)}" stroke-width="2"/>'
    )


def _text_width(text: str, size: float) -> float:
    """About how wide a name prints in the map's sans-serif face."""
    return 0.56 * size * len(text)


def _within(box: Box, outer: Box) -> bool:
    return box[0] >= outer[0] and box[1] >= outer[1] and box[2] <= outer[2] and box[3] <= outer[3]


LINE_HEIGHT = 1.1
"""A name's line height, in font sizes."""
Option = tuple[float, float, float, tuple[str, ...]]
"""Where a name may go: its middle, its centre line, its font size and its lines."""


def _label_options(item: DrawnCountry, text: str, target: bool, marked: bool) -> list[Option]:
    """Where a country's name may go, best first: beside its marker (right, then left), or
    inside its largest part on one line, then on two (a highlighted country's only)."""
    x, y = item.centre
    if marked:
        size = LABEL_SIZES[True][0]
        offset = MARKER_RADIUS + 3 + _text_width(text, size) / 2
        return [(x + offset, y, size, (text,)), (x - offset, y, size, (text,))]
    layouts: list[tuple[str, ...]] = [(text,)]
    words = text.split(" ")
    if target and len(words) > 1:
        # Break at the space that makes the longer line shortest ("Burkina / Faso").
        cut = min(
            range(1, len(words)),
            key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))),
        )
        layouts.append((" ".join(words[:cut]), " ".join(words[cut:])))
    room = (item.box[2] - item.box[0]) * (0.95 if target else 0.8)
    height = item.box[3] - item.box[1]
    return [
        (x, y, size, lines)
        for lines in layouts
        for size in LABEL_SIZES[target]
        if max(_text_width(line, size) for line in lines) <= room
        and size * (LINE_HEIGHT * len(lines) + 0.2) <= height
    ]


@dataclass(frozen=True)
class MapLabel:
    """A country's name over the map. The layout prints it as text (not SVG text, which the
    layout engine draws letter by letter, so Arabic would lose its joins): ``style`` places it,
    in percentages of the map's box and ems of the map's font size."""

    lines: tuple[str, ...]
    highlighted: bool
    style: str


def labels(
    drawn: Sequence[DrawnCountry],
    highlighted: set[str],
    marked: Sequence[DrawnCountry],
    names: Mapping[str, str],
    inset: Box,
    bordering: set[str],
) -> tuple[MapLabel, ...]:
    """Names where they fit: the brief's countries first (beside their marker if they have one),
    then at most :data:`NEIGHBOUR_LABELS` others, those ``bordering`` them first, the largest
    first, each inside its shape and clear of every other name, marker and the inset."""
    reach = MARKER_RADIUS + 1
    taken: list[Box] = [inset]
    taken += [
        (m.centre[0] - reach, m.centre[1] - reach, m.centre[0] + reach, m.centre[1] + reach)
        for m in marked
    ]
    inside = (2.0, 2.0, WIDTH - 2, HEIGHT - 2)
    order = [item for item in drawn if item.code in highlighted]
    order += sorted(
        (item for item in drawn if item.code not in highlighted and item.code),
        key=lambda item: (item.code not in bordering, -item.area, item.code),
    )
    marked_codes = {item.code for item in marked}
    placed: list[MapLabel] = []
    neighbours = 0
    for item in order:
        target = item.code in highlighted
        if not target and neighbours == NEIGHBOUR_LABELS:
            break
        for middle, centre_line, size, lines in _label_options(
            item, names[item.code], target, item.code in marked_codes
        ):
            half = max(_text_width(line, size) for line in lines) / 2
            rise = size * LINE_HEIGHT * len(lines) / 2
            box = (middle - half, centre_line - rise, middle + half, centre_line + rise)
            if not _within(box, inside) or any(overlaps(box, other) for other in taken):
                continue
            taken.append(box)
            neighbours += not target
            # A box wider than the estimate, centred on the same point, so that a name a little
            # wider than guessed still prints whole and centred.
            style = (
                f"left:{(middle - 2 * half) / WIDTH:.2%};top:{box[1] / HEIGHT:.2%};"
                f"width:{4 * half / WIDTH:.2%};font-size:{size / LABEL_SIZES[True][0]:.3f}em"
            )
            placed.append(MapLabel(lines, target, style))
            break
    return tuple(placed)


def inset_box(highlighted: Sequence[DrawnCountry]) -> Box:
    """The corner for the world inset that hides least of the highlighted countries (bottom left
    first, then bottom right, top left, top right)."""
    right = WIDTH - INSET_MARGIN - INSET_WIDTH
    bottom = HEIGHT - INSET_MARGIN - INSET_HEIGHT
    corners = [(INSET_MARGIN, bottom), (right, bottom), (INSET_MARGIN, INSET_MARGIN)]
    corners.append((right, INSET_MARGIN))

    def hidden(corner: Point) -> float:
        box = (corner[0], corner[1], corner[0] + INSET_WIDTH, corner[1] + INSET_HEIGHT)
        total = 0.0
        for item in highlighted:
            width = min(box[2], item.box[2] + 8) - max(box[0], item.box[0] - 8)
            height = min(box[3], item.box[3] + 8) - max(box[1], item.box[1] - 8)
            total += max(width, 0) * max(height, 0)
        return total

    x, y = min(corners, key=hidden)
    return x, y, x + INSET_WIDTH, y + INSET_HEIGHT


def _to_inset(longitude: float, latitude: float) -> Point:
    x, y = equal_earth(longitude, latitude)
    scale = INSET_WIDTH / WORLD_WIDTH
    return (x + WORLD_WIDTH / 2) * scale, (WORLD_HEIGHT / 2 - y) * scale


INSET_VIEW = (0.0, 0.0, INSET_WIDTH, INSET_HEIGHT)
WORLD_DETAIL = 3.0
"""Degrees: the inset draws a world 96 units wide, so an island smaller than this never shows."""
INSET_THINNING = 0.5
"""Degrees: points closer than this to the last one kept are not projected for the inset (a
degree is about a quarter of an inset unit)."""
WORLD_GENERALISED = 2.0
"""The world's coasts are generalised to within this (inset units; one prints about 0.14 mm)."""


def _inset_rings(
    polygons: Iterable[tuple[tuple[int, ...], ...]], detail: float
) -> list[list[Point]]:
    """The outline of the land ``polygons`` (as arc indexes) cover, in the inset's units, each
    coast once (the borders inside it are not drawn), generalised to within ``detail``."""
    arcs = boundary_arcs()

    def arc(index: int) -> list[Point]:
        line = arcs[arc_key(index)]
        kept = thinned(line, INSET_THINNING)
        if kept[-1] != line[-1]:
            kept.append(line[-1])  # arcs are joined at their ends
        return [_to_inset(*point) for point in (kept if index >= 0 else kept[::-1])]

    rings = []
    for chain in outline(ring for polygon in polygons for ring in polygon):
        ring = generalised(simplified(join(arc, chain), INSET_VIEW, 0.3), detail)
        if len(ring) >= 3:
            rings.append(ring)
    return rings


@cache
def _world_rings() -> tuple[tuple[Point, ...], ...]:
    """The world's land for the inset, drawn once per process (it is the same on every map):
    the outline of every country but Antarctica (a strip along the bottom edge, no help in
    finding a place), and apart from it the few parts that cross the antimeridian (Russia's
    east, a Fijian island), clamped to the inset's edge."""
    joined, crossing = [], []
    for country in countries():
        if country.code == "AQ":
            continue
        for polygon, arcs, bounds in zip(
            country.polygons, country.polygon_arcs, country.polygon_bounds, strict=True
        ):
            if bounds[1] - bounds[0] + bounds[3] - bounds[2] < WORLD_DETAIL:
                continue  # an island smaller than a point of the inset
            if bounds[0] < -180 or bounds[1] > 180:
                outer = [_to_inset(*point) for point in polygon[0]]
                crossing.append(generalised(simplified(outer, INSET_VIEW, 0.3), WORLD_GENERALISED))
            else:
                joined.append(arcs)
    return tuple(
        tuple(ring)
        for ring in [*_inset_rings(joined, WORLD_GENERALISED), *crossing]
        if len(ring) >= 3 and abs(ring_area(ring)) >= 3.0
    )


@cache
def _world_path(corner: Point = (0.0, 0.0)) -> str:
    """The world's land for an inset at ``corner`` (one of four), written once per process."""
    return path_data([_moved(ring, corner) for ring in _world_rings()])


def _moved(ring: Sequence[Point], corner: Point) -> list[Point]:
    return [(x + corner[0], y + corner[1]) for x, y in ring]


def inset(
    box: Box, targets: Sequence[Country], frame: Box, centre: float, accent: str, ink: str
) -> str:
    """A small world map at ``box``: the land, the brief's countries, and the outline of the
    main map's ``frame`` (projected about ``centre``) when it is small enough to be useful.
    Drawn in the map's own units (no group, no transform: every element costs the layout engine
    time)."""
    corner = box[0], box[1]
    dots: list[str] = []
    shapes: list[tuple[tuple[int, ...], ...]] = []
    for country in targets:
        rings = [
            [_to_inset(*point) for point in thinned(polygon[0], INSET_THINNING)]
            for polygon in country.polygons
        ]
        left, top, right, bottom = bounding_box([point for ring in rings for point in ring])
        if right - left < 2 and bottom - top < 2:
            x, y = (left + right) / 2 + corner[0], (top + bottom) / 2 + corner[1]
            dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.6" fill="{escape(accent)}"/>')
        else:
            shapes.extend(country.polygon_arcs)
    highlighted = [_moved(ring, corner) for ring in _inset_rings(shapes, 0.3)]
    outline_points = []
    for x, y in box_outline(frame, steps=2):
        longitude, latitude = inverse_equal_earth(x, y)
        outline_points.append(_to_inset((longitude + centre + 180) % 360 - 180, latitude))
    wraps = any(
        abs(a[0] - b[0]) > INSET_WIDTH / 2
        for a, b in zip(outline_points, [*outline_points[1:], outline_points[0]], strict=True)
    )
    extent = bounding_box(outline_points)
    useful = not wraps and extent[2] - extent[0] < INSET_WIDTH * 0.6
    frame_path = (
        f'<path d="{path_data([_moved(outline_points, corner)])}" fill="none" '
        f'stroke="{escape(ink)}" stroke-width="0.8"/>'
        if useful
        else ""
    )
    return "".join(
        [
            f'<rect class="inset" x="{corner[0]:.1f}" y="{corner[1]:.1f}" '
            f'width="{INSET_WIDTH:.1f}" height="{INSET_HEIGHT:.1f}" fill="#FFFFFF" '
            f'stroke="{LAND}" stroke-width="0.8"/>',
            f'<path d="{_world_path(corner)}" fill="{LAND}"/>',
            f'<path d="{path_data(highlighted)}" fill="{escape(accent)}"/>' if highlighted else "",
            *dots,
            frame_path,
        ]
    )
