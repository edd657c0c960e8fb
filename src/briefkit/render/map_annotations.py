"""What a locator map prints over its countries: names, markers and the world inset.

Everything here works in the map's SVG units (:data:`WIDTH` by :data:`HEIGHT`, ``y`` down) on
countries already drawn by :mod:`briefkit.render.locator_map`, and returns SVG text with every name
escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from markupsafe import escape

from briefkit.geography import Country, countries
from briefkit.render.projection import (
    Box,
    Point,
    bounding_box,
    box_outline,
    equal_earth,
    inverse_equal_earth,
    overlaps,
    path_data,
    simplified,
)

WIDTH, HEIGHT = 400.0, 250.0
"""The map's size in SVG units; the layout's CSS sets its printed size."""
SEA, LAND, BORDER, TEXT, QUIET_TEXT = "#E6ECF1", "#D2D6DA", "#FFFFFF", "#1B1F24", "#5F6771"
FONT = "Noto Sans, sans-serif"
LABEL_SIZES = {True: (11.0, 9.0), False: (8.5,)}
"""Font sizes tried for a highlighted country's name, then for a neighbour's."""
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


def labels(
    drawn: Sequence[DrawnCountry],
    highlighted: set[str],
    marked: Sequence[DrawnCountry],
    names: Mapping[str, str],
    inset: Box,
) -> str:
    """Names where they fit: the brief's countries first (beside their marker if they have one),
    then the neighbours from the largest, each inside its shape and clear of every other name,
    marker and the inset."""
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
        key=lambda item: (-item.area, item.code),
    )
    marked_codes = {item.code for item in marked}
    placed = []
    for item in order:
        text = names[item.code]
        target = item.code in highlighted
        x, y = item.centre
        if item.code in marked_codes:
            size = LABEL_SIZES[True][0]
            offset = reach + 2 + _text_width(text, size) / 2
            options = [(x + offset, y, size), (x - offset, y, size)]
        else:
            room = (item.box[2] - item.box[0]) * (0.95 if target else 0.8)
            height = item.box[3] - item.box[1]
            options = [
                (x, y, size)
                for size in LABEL_SIZES[target]
                if _text_width(text, size) <= room and size * 1.3 <= height
            ]
        for middle, centre_line, size in options:
            half = _text_width(text, size) / 2
            box = (middle - half, centre_line - size * 0.6, middle + half, centre_line + size * 0.5)
            if not _within(box, inside) or any(overlaps(box, other) for other in taken):
                continue
            taken.append(box)
            colour, weight = (TEXT, ' font-weight="700"') if target else (QUIET_TEXT, "")
            placed.append(
                f'<text x="{middle:.1f}" y="{centre_line + size * 0.35:.1f}" '
                f'font-size="{size:.1f}" fill="{colour}"{weight}>{escape(text)}</text>'
            )
            break
    if not placed:
        return ""
    return f'<g font-family="{FONT}" text-anchor="middle">{"".join(placed)}</g>'


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


@cache
def _world_path() -> str:
    """The world's land for the inset, drawn once per process (it is the same on every map)."""
    rings = []
    for country in countries():
        for polygon in country.polygons:
            ring = simplified([_to_inset(*point) for point in polygon[0]], INSET_VIEW, 0.9)
            if len(ring) >= 3:
                rings.append(ring)
    return path_data(rings)


def inset(
    box: Box, targets: Sequence[Country], frame: Box, centre: float, accent: str, ink: str
) -> str:
    """A small world map at ``box``: the land, the brief's countries, and the outline of the
    main map's ``frame`` (projected about ``centre``) when it is small enough to be useful."""
    shapes = []
    for country in targets:
        rings = [[_to_inset(*point) for point in polygon[0]] for polygon in country.polygons]
        left, top, right, bottom = bounding_box([point for ring in rings for point in ring])
        if right - left < 2 and bottom - top < 2:
            x, y = (left + right) / 2, (top + bottom) / 2
            shapes.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.6"/>')
        else:
            kept = [simplified(ring, INSET_VIEW, 0.5) for ring in rings]
            shapes.append(f'<path d="{path_data([ring for ring in kept if len(ring) >= 3])}"/>')
    outline = []
    for x, y in box_outline(frame):
        longitude, latitude = inverse_equal_earth(x, y)
        outline.append(_to_inset((longitude + centre + 180) % 360 - 180, latitude))
    wraps = any(
        abs(a[0] - b[0]) > INSET_WIDTH / 2
        for a, b in zip(outline, [*outline[1:], outline[0]], strict=True)
    )
    extent = bounding_box(outline)
    useful = not wraps and extent[2] - extent[0] < INSET_WIDTH * 0.6
    frame_path = (
        f'<path d="{path_data([outline])}" fill="none" stroke="{escape(ink)}" stroke-width="0.8"/>'
        if useful
        else ""
    )
    return (
        f'<g class="inset" transform="translate({box[0]:.1f} {box[1]:.1f})">'
        f'<rect width="{INSET_WIDTH:.1f}" height="{INSET_HEIGHT:.1f}" fill="#FFFFFF" '
        f'stroke="{LAND}" stroke-width="0.8"/><path d="{_world_path()}" fill="{LAND}"/>'
        f'<g fill="{escape(accent)}">{"".join(shapes)}</g>{frame_path}</g>'
    )
