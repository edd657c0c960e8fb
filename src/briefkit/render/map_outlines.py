"""The land and its borders on a locator map, each line drawn once from the boundaries' arcs.

A border two countries share is one arc of the boundaries (:mod:`briefkit.geography`). The map
draws the land as one shape, the outline of every country it shows (their coasts, closed by the
frame where it cuts them), filled with no stroke, and the borders between them as open lines
stroked once. Drawing each country as its own filled and stroked ring would hand the layout
engine every border twice, and each point costs the layout engine time (about 10 µs) in every
render.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from itertools import pairwise

from briefkit.geography import Country, boundary_arcs, continuous
from briefkit.geography import Point as LonLat
from briefkit.render.projection import (
    Box,
    Point,
    equal_earth,
    generalised,
    latitude_terms,
    thinned,
)

MOST_UNITS_PER_DEGREE = 0.021
"""Projected units per degree, at most (north-south near the equator): points closer in degrees
than the map's tolerance over this can never be told apart, and are not projected."""


ArcPoint = tuple[float, float, float]
"""A point of an arc: its longitude, then ``x`` per degree of longitude and ``y`` at its
latitude."""
THINNING_STEPS = 4
"""Arcs are thinned at tolerances a power of two apart, this many steps to a doubling (the
nearest step: thinning only spares the generalisation points it would drop), so that maps of one
region share them."""


@lru_cache(maxsize=2048)  # a map takes about 250 arcs: several regions' worth
def thinned_arc(key: int, tolerance: float) -> tuple[tuple[ArcPoint, ...], float]:
    """Arc ``key`` made continuous across the antimeridian and thinned to ``tolerance`` degrees
    (its ends kept), each point as its longitude and what Equal Earth makes of its latitude
    (:func:`~briefkit.render.projection.latitude_terms`); and the middle of its longitudes.
    Kept for the next map: a desk's briefs come back to the same region."""
    raw = continuous(tuple(boundary_arcs()[key]))
    kept = thinned(raw, tolerance)
    if kept[-1] != raw[-1]:
        kept.append(raw[-1])  # arcs are joined at their ends
    points = tuple((lon, *latitude_terms(lat)) for lon, lat in kept)
    return points, (min(raw)[0] + max(raw)[0]) / 2


@lru_cache(maxsize=2048)
def drawn_arc(
    key: int, turn: int, centre: float, scale: float, origin: Point, epsilon: float
) -> tuple[Point, ...]:
    """Arc ``key`` in the SVG units of a map about meridian ``centre`` at ``scale`` from
    ``origin`` (its frame's top left corner), on the side of the map's antimeridian nearest
    its centre (``turn``: that many times round the world further east), generalised to within
    ``epsilon``. Kept for the next map of the same frame (a desk's briefs about the same
    countries)."""
    # An arc that crosses the antimeridian (Russia's east, Fiji) is made continuous (see
    # thinned_arc), so that it is not drawn as a streak across the world.
    kept, middle = thinned_arc(key, tolerance_step(epsilon / (scale * MOST_UNITS_PER_DEGREE)))
    shift = centre + 360 * (round((middle - centre) / 360) - turn)
    left, top = origin
    projected = [
        (((lon - shift) * per_degree - left) * scale, (top - y) * scale)
        for lon, per_degree, y in kept
    ]
    return tuple(generalised(projected, epsilon))


def tolerance_step(tolerance: float) -> float:
    """``tolerance`` rounded to the nearest of the steps :data:`THINNING_STEPS` sets."""
    return float(2 ** (round(math.log2(tolerance) * THINNING_STEPS) / THINNING_STEPS))


def arc_key(index: int) -> int:
    """The arc an index names, whichever way it is walked (``~i`` is arc ``i`` backwards)."""
    return index if index >= 0 else ~index


class MapArcs:
    """The shipped arcs in one map's SVG units, each projected and generalised once: finely
    (``detail``) where it outlines one of the ``targets``, coarsely (``detail_far``) elsewhere. A
    border two countries share is one arc, so it is drawn the same for both, with no sliver
    between them."""

    def __init__(
        self,
        centre: float,
        scale: float,
        origin: Point,
        targets: Iterable[Country],
        detail: tuple[float, float],
    ) -> None:
        self.centre, self.scale, self.origin = centre, scale, origin
        self.detail, self.detail_far = detail
        self.fine = {
            arc_key(index)
            for country in targets
            for polygon in country.polygon_arcs
            for ring in polygon
            for index in ring
        }
        self.done: dict[tuple[int, int], list[Point]] = {}
        self.half_world = equal_earth(180, 0)[0] * scale

    def arc(self, index: int, turn: int = 0) -> list[Point]:
        """Arc ``index`` (``~i``: arc ``i`` backwards), its end points kept as they are, drawn
        on the side of the map's antimeridian nearest its centre (``turn``: that many times
        round the world further east)."""
        key = arc_key(index)
        points = self.done.get((key, turn))
        if points is None:
            epsilon = self.detail if key in self.fine else self.detail_far
            points = self.done[key, turn] = list(
                drawn_arc(key, turn, self.centre, self.scale, self.origin, epsilon)
            )
        return points if index >= 0 else points[::-1]

    def ring(self, indexes: Iterable[int]) -> list[Point]:
        """A ring joined from its arcs, each shared end point once. A ring that crosses the
        map's antimeridian stays whole: an arc drawn on the far side of it from the one before
        is drawn round the world the other way instead."""
        points: list[Point] = []
        for index in indexes:
            line = self.arc(index)
            if points and abs(line[0][0] - points[-1][0]) > self.half_world:
                line = self.arc(index, 1 if line[0][0] < points[-1][0] else -1)
            points.extend(line[1:] if points else line)
        return points

    def touching(self, countries: Iterable[Country]) -> set[str]:
        """The codes of ``countries`` that share a border with one of the targets."""
        return {
            country.code
            for country in countries
            if any(
                arc_key(index) in self.fine
                for polygon in country.polygon_arcs
                for ring in polygon
                for index in ring
            )
        }

    def borders(self, rings: Iterable[Sequence[int]], view: Box, hidden: Box) -> list[list[Point]]:
        """The borders inside the land of ``rings`` (arcs two of them share) that no target
        outlines (a target's own outline draws those), as lines: only their stretches that
        cross ``view`` and are not under ``hidden``."""
        lines: list[list[Point]] = []
        for key in sorted(shared_arcs(rings) - self.fine):
            lines.extend(visible_stretches(self.arc(key), view, hidden))
        return chained(lines)


def chained(lines: Sequence[list[Point]]) -> list[list[Point]]:
    """``lines`` joined where one ends at another's end (walked backwards if need be), so that
    the point they share is written once and the stroke turns the corner instead of stopping
    there. In a fixed order: each line in turn is extended at its end, then at its start, as
    far as it goes."""
    ends: dict[Point, list[int]] = {}
    for number, line in enumerate(lines):
        ends.setdefault(line[0], []).append(number)
        ends.setdefault(line[-1], []).append(number)
    used = [False] * len(lines)
    joined = []
    for number, line in enumerate(lines):
        if used[number]:
            continue
        used[number] = True
        points = list(line)
        for _ in range(2):
            while (
                following := next((n for n in ends[points[-1]] if not used[n]), None)
            ) is not None:
                used[following] = True
                other = lines[following]
                points.extend(other[1:] if other[0] == points[-1] else other[-2::-1])
            points.reverse()
        joined.append(points)
    return joined


def join(arc: Callable[[int], list[Point]], indexes: Iterable[int]) -> list[Point]:
    """The points of arcs ``indexes`` end to end (``arc(i)`` gives each one's points, walked as
    the index says), each shared end point once."""
    points: list[Point] = []
    for index in indexes:
        line = arc(index)
        points.extend(line[1:] if points else line)
    return points


def _net_walks(rings: Iterable[Sequence[int]]) -> dict[int, int]:
    """How many more times each arc is walked forwards than backwards in ``rings``."""
    net: dict[int, int] = {}
    for ring in rings:
        for index in ring:
            key = arc_key(index)
            net[key] = net.get(key, 0) + (1 if index >= 0 else -1)
    return net


def shared_arcs(rings: Iterable[Sequence[int]]) -> set[int]:
    """The arcs inside the land ``rings`` cover: walked once each way (by two neighbours)."""
    return {key for key, count in _net_walks(rings).items() if count == 0}


def outline(
    rings: Iterable[Sequence[int]], arcs: Sequence[Sequence[LonLat]] | None = None
) -> list[list[int]]:
    """The outline of the land that ``rings`` (indexes of ``arcs``, by default the shipped
    ones) cover together, as rings of arc indexes: the arcs two rings share are inside it and
    left out, the others joined end to end (every ring walks its arcs the same way round, so a
    shared one is walked once each way). In a fixed order: the same rings give the same
    outline."""
    start: dict[int, LonLat] = {}
    end: dict[int, LonLat] = {}
    arcs = boundary_arcs() if arcs is None else arcs
    leaving: dict[LonLat, list[int]] = {}
    walks = sorted(key if count > 0 else ~key for key, count in _net_walks(rings).items() if count)
    for index in walks:
        line = arcs[arc_key(index)]
        start[index], end[index] = (line[0], line[-1]) if index >= 0 else (line[-1], line[0])
        leaving.setdefault(start[index], []).append(index)
    used: set[int] = set()
    found = []
    for first in walks:
        if first in used:
            continue
        chain, node = [first], end[first]
        used.add(first)
        # Every point has as many arcs arriving as leaving, so a walk can only end where it
        # started.
        while node != start[first]:
            following = next((i for i in leaving[node] if i not in used), None)
            if following is None:
                break
            chain.append(following)
            used.add(following)
            node = end[following]
        found.append(chain)
    return found


def visible_stretches(line: Sequence[Point], view: Box, hidden: Box) -> list[list[Point]]:
    """The runs of ``line``'s segments that may show: crossing ``view``, not wholly inside
    ``hidden``."""
    runs: list[list[Point]] = []
    current: list[Point] = []
    for a, b in pairwise(line):
        box = (min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))
        shown = _touches(box, view) and not _inside(box, hidden)
        if shown:
            if not current:
                current.append(a)
            current.append(b)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _touches(box: Box, other: Box) -> bool:
    """Whether two boxes meet (a segment along one axis has a box of no width)."""
    return box[0] <= other[2] and other[0] <= box[2] and box[1] <= other[3] and other[1] <= box[3]


def _inside(box: Box, outer: Box) -> bool:
    return box[0] > outer[0] and box[1] > outer[1] and box[2] < outer[2] and box[3] < outer[3]


def clipped(ring: Sequence[Point], box: Box) -> list[Point]:
    """The part of a filled ring inside ``box`` (Sutherland-Hodgman): where the ring leaves the
    box it runs along the box's edge instead, so nothing inside moves and no point outside is
    drawn."""
    points = list(ring)
    for axis, limit, keep_below in (
        (0, box[0], False),
        (0, box[2], True),
        (1, box[1], False),
        (1, box[3], True),
    ):
        points = _clip_edge(points, axis, limit, keep_below)
    return points


def _clip_edge(points: list[Point], axis: int, limit: float, keep_below: bool) -> list[Point]:
    if not points:
        return points
    kept: list[Point] = []
    previous = points[-1]
    was_in = previous[axis] <= limit if keep_below else previous[axis] >= limit
    for point in points:
        is_in = point[axis] <= limit if keep_below else point[axis] >= limit
        if is_in != was_in:
            share = (limit - previous[axis]) / (point[axis] - previous[axis])
            other = previous[1 - axis] + share * (point[1 - axis] - previous[1 - axis])
            kept.append((limit, other) if axis == 0 else (other, limit))
        if is_in:
            kept.append(point)
        previous, was_in = point, is_in
    return kept
