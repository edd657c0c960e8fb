"""The Equal Earth projection, and the small geometry a locator map needs on projected rings.

Equal Earth (Šavrič, Patterson and Jenny, 2018) is equal-area, so Africa keeps its true size next
to Europe, and its closed formulas need no tables. Coordinates are on the unit sphere, ``y`` up;
the map turns them into SVG units.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
RADIANS_PER_DEGREE = math.pi / 180
Point = tuple[float, float]


def equal_earth(longitude: float, latitude: float) -> Point:
    """Projected ``(x, y)`` of a point given in degrees (longitude already relative to the
    central meridian; it may run past ±180 so that a shape crossing the antimeridian stays
    whole)."""
    per_degree, y = latitude_terms(latitude)
    return longitude * per_degree, y


def latitude_terms(latitude: float) -> Point:
    """What :func:`equal_earth` makes of a latitude (in degrees): ``x`` per degree of longitude
    there, and ``y``. An arc's latitudes are worked out once
    (:func:`briefkit.render.map_outlines.thinned_arc` keeps them) and each map then only scales
    its longitudes."""
    theta = math.asin(M * math.sin(math.radians(latitude)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    stretch = M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2))
    per_degree = RADIANS_PER_DEGREE * math.cos(theta) / stretch
    return per_degree, theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))


def inverse_equal_earth(x: float, y: float) -> Point:
    """Longitude and latitude in degrees of a projected point (Newton's method on ``y``).
    Points beyond the poles are clamped to them."""
    limit = math.asin(M)
    theta = max(-limit, min(limit, y))
    for _ in range(20):
        t2 = theta * theta
        t6 = t2 * t2 * t2
        step = (theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2)) - y) / (
            A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)
        )
        theta = max(-limit, min(limit, theta - step))
        if abs(step) < 1e-12:
            break
    t2 = theta * theta
    t6 = t2 * t2 * t2
    longitude = M * x * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)) / math.cos(theta)
    latitude = math.asin(max(-1.0, min(1.0, math.sin(theta) / M)))
    return math.degrees(longitude), math.degrees(latitude)


def ring_area(ring: Sequence[Point]) -> float:
    """The area of a ring (shoelace formula); positive or negative with its winding."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
        total += x1 * y2 - x2 * y1
    return total / 2


def ring_centroid(ring: Sequence[Point]) -> Point:
    """The centre of mass of a ring's area (its mean point when it has no area)."""
    area = ring_area(ring)
    if abs(area) < 1e-12:
        return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return cx / (6 * area), cy / (6 * area)


Box = tuple[float, float, float, float]
"""Left, top, right, bottom."""


def bounding_box(points: Sequence[Point]) -> Box:
    xs = [point[0] for point in points]
    ys = [point[1] for point in points]
    return min(xs), min(ys), max(xs), max(ys)


def overlaps(one: Box, other: Box) -> bool:
    return one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]


def simplified(ring: Sequence[Point], box: Box, tolerance: float) -> list[Point]:
    """A ring in SVG units made fit to print: points are clamped to ``box`` (which reaches past
    the visible frame, so no visible edge moves: the lines of 1:50m data are far shorter than
    that reach) and a point closer than ``tolerance`` to the last one kept is dropped."""
    left, top, right, bottom = box
    kept: list[Point] = []
    last_x = last_y = math.inf
    for x, y in ring:
        if x < left:
            x = left
        elif x > right:
            x = right
        if y < top:
            y = top
        elif y > bottom:
            y = bottom
        if abs(x - last_x) + abs(y - last_y) >= tolerance:
            kept.append((x, y))
            last_x, last_y = x, y
    return kept


def path_data(rings: Sequence[Sequence[Point]], *, closed: bool = True) -> str:
    """SVG path data for rings (closed) or open lines, one decimal: the same numbers give the
    same bytes."""
    end = "Z" if closed else ""
    parts = []
    for ring in rings:
        first, *rest = ring
        steps = "".join(f"L{x:.1f} {y:.1f}" for x, y in rest)
        parts.append(f"M{first[0]:.1f} {first[1]:.1f}{steps}{end}")
    return "".join(parts)


def line_data(lines: Sequence[Sequence[Point]]) -> str:
    """SVG path data for open lines (:func:`path_data`, not closed)."""
    return path_data(lines, closed=False)


def box_outline(box: Box, steps: int = 6) -> list[Point]:
    """Points along a box's edges, ``steps`` to an edge, around from its first corner."""
    x0, y0, x1, y1 = box
    corners = [(x0, y1), (x1, y1), (x1, y0), (x0, y0)]
    return [
        (a[0] + (b[0] - a[0]) * i / steps, a[1] + (b[1] - a[1]) * i / steps)
        for a, b in zip(corners, [*corners[1:], corners[0]], strict=True)
        for i in range(steps)
    ]


def thinned(ring: Sequence[Point], tolerance: float) -> list[Point]:
    """``ring`` without the points closer than ``tolerance`` to the last one kept (in its own
    units, along each axis together): run on longitudes and latitudes before projecting, so that
    points the map could not show are never projected."""
    kept: list[Point] = []
    last_x = last_y = math.inf
    for x, y in ring:
        if abs(x - last_x) + abs(y - last_y) >= tolerance:
            kept.append((x, y))
            last_x, last_y = x, y
    return kept


def generalised(line: Sequence[Point], epsilon: float) -> list[Point]:
    """``line`` with only the points that keep it within ``epsilon`` of where it was
    (Douglas-Peucker): a coastline keeps its capes and loses the wiggles a printed map cannot
    show. The first and last points are always kept."""
    count = len(line)
    if count < 3:
        return list(line)
    keep = [False] * count
    keep[0] = keep[-1] = True
    limit = epsilon * epsilon
    spans = [(0, count - 1)]
    while spans:
        first, last = spans.pop()
        ax, ay = line[first]
        dx, dy = line[last][0] - ax, line[last][1] - ay
        length = dx * dx + dy * dy
        farthest, index = limit, -1
        for i in range(first + 1, last):
            px, py = line[i][0] - ax, line[i][1] - ay
            if length:
                cross = px * dy - py * dx
                distance = cross * cross / length
            else:
                distance = px * px + py * py
            if distance > farthest:
                farthest, index = distance, i
        if index >= 0:
            keep[index] = True
            spans.append((first, index))
            spans.append((index, last))
    return [point for point, kept in zip(line, keep, strict=True) if kept]
