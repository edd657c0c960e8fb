"""Country boundaries that ship with briefkit, read from Natural Earth's TopoJSON.

The boundaries are Natural Earth's admin-0 countries at 1:50m, as packaged by the npm package
``world-atlas`` (``layouts/maps/``, see its README). A TopoJSON file stores each border once, as an
*arc*: a line of integer points, each one written as the step from the one before (delta-encoded,
quantized). A country's ring is a list of arc indexes; index ``~i`` (that is ``-i - 1``) is arc
``i`` walked backwards. This module decodes them once per process into longitude and latitude.

Natural Earth names its features by ISO 3166-1 numeric code; briefs use alpha-2 codes, so the codes
are mapped through pycountry's copy of ISO 3166-1. Kosovo has no ISO code and is ``XK`` (as lint's
BK157 accepts); features with no code at all (Somaliland, Northern Cyprus) are drawn as neighbours
and can never be highlighted. Disputed borders are Natural Earth's default view.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any

from briefkit.assets import layouts_dir

Point = tuple[float, float]
"""Longitude and latitude, in degrees."""
Ring = tuple[Point, ...]
"""A closed ring: the last point equals the first."""
Polygon = tuple[Ring, ...]
"""An outer ring, then its holes."""
Bounds = tuple[float, float, float, float]

BOUNDARIES = Path("maps") / "countries-50m.json"
"""The boundary file, inside the built-in layouts folder."""

CODES_BY_NAME = {"Kosovo": "XK"}
"""Features Natural Earth gives no ISO numeric code that briefs still name by a code."""


@dataclass(frozen=True)
class Country:
    """One country's shape: ``code`` is its ISO 3166-1 alpha-2 code (``""`` for a territory that
    has none), ``name`` Natural Earth's English name."""

    code: str
    name: str
    polygons: tuple[Polygon, ...]
    polygon_bounds: tuple[Bounds, ...]
    """Each polygon's smallest and largest longitude, then latitude."""
    polygon_arcs: tuple[tuple[tuple[int, ...], ...], ...] = ()
    """Each polygon's rings as the arcs they are joined from (:func:`boundary_arcs`; ``~i`` is
    arc ``i`` walked backwards), so that a border two countries share is drawn the same for
    both."""


def boundaries_path() -> Path:
    """The shipped TopoJSON file of country boundaries."""
    return layouts_dir() / BOUNDARIES


@cache
def _atlas() -> tuple[tuple[Country, ...], list[list[Point]]]:
    topology = json.loads(boundaries_path().read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    return decode_countries(topology, numeric_to_alpha2(), arcs), arcs


def countries() -> tuple[Country, ...]:
    """Every country and territory of the shipped boundaries, sorted by code then name; read
    and decoded once per process."""
    return _atlas()[0]


def boundary_arcs() -> list[list[Point]]:
    """Every arc of the shipped boundaries, as longitude and latitude (read once per process)."""
    return _atlas()[1]


@cache
def countries_by_code() -> dict[str, Country]:
    """The countries that have an ISO 3166-1 alpha-2 code, by that code."""
    return {country.code: country for country in countries() if country.code}


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Every arc of a quantized TopoJSON topology, as absolute longitude and latitude."""
    transform = topology.get("transform")
    (scale_x, scale_y), (shift_x, shift_y) = (
        (transform["scale"], transform["translate"]) if transform else ((1, 1), (0, 0))
    )
    arcs = []
    for arc in topology["arcs"]:
        steps_x, steps_y = zip(*arc, strict=True) if arc else ((), ())
        # Quantized arcs store each point as the step from the one before.
        xs = accumulate(steps_x) if transform else steps_x
        ys = accumulate(steps_y) if transform else steps_y
        arcs.append(
            [(x * scale_x + shift_x, y * scale_y + shift_y) for x, y in zip(xs, ys, strict=True)]
        )
    return arcs


def ring_points(indexes: list[int], arcs: list[list[Point]]) -> Ring:
    """A ring joined from arcs; ``~i`` walks arc ``i`` backwards. Each arc starts where the one
    before ended, so that shared point is kept once."""
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return tuple(points)


def continuous(ring: Ring) -> Ring:
    """A ring that crosses the antimeridian (Russia's Chukotka, Fiji) with longitudes past ±180
    instead of a jump across the world, so that it projects whole about any central meridian. A
    ring around a pole (Antarctica) cannot be made continuous and is kept as it is."""
    if not ring or max(ring)[0] - min(ring)[0] <= 180:
        return ring  # no step can cross the antimeridian
    unwrapped: list[Point] = []
    offset = 0.0
    for longitude, latitude in ring:
        if unwrapped and abs(longitude + offset - unwrapped[-1][0]) > 180:
            offset += 360 if unwrapped[-1][0] > longitude + offset else -360
        unwrapped.append((longitude + offset, latitude))
    return ring if offset else tuple(unwrapped)


def decode_countries(
    topology: dict[str, Any], alpha2: dict[str, str], arcs: list[list[Point]] | None = None
) -> tuple[Country, ...]:
    """The ``countries`` object of a topology as :class:`Country` values, sorted by code then
    name. Two features with one code (Australia and its Ashmore and Cartier Islands) are joined
    into one country, named by the first. ``arcs`` are the topology's, when already decoded."""
    arcs = decode_arcs(topology) if arcs is None else arcs
    shapes: dict[tuple[str, str], list[Polygon]] = {}
    joins: dict[tuple[str, str], list[tuple[tuple[int, ...], ...]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = str(geometry.get("properties", {}).get("name", ""))
        code = alpha2.get(str(geometry.get("id", "")), CODES_BY_NAME.get(name, ""))
        if geometry.get("type") == "Polygon":
            parts = [geometry["arcs"]]
        elif geometry.get("type") == "MultiPolygon":
            parts = geometry["arcs"]
        else:
            continue
        key = next((known for known in shapes if code and known[0] == code), (code, name))
        shapes.setdefault(key, []).extend(
            tuple(continuous(ring_points(ring, arcs)) for ring in part) for part in parts
        )
        joins.setdefault(key, []).extend(tuple(map(tuple, part)) for part in parts)
    found = []
    for (code, name), polygons in sorted(shapes.items()):
        bounds = tuple(map(_bounds, polygons))
        found.append(Country(code, name, tuple(polygons), bounds, tuple(joins[code, name])))
    return tuple(found)


def _bounds(polygon: Polygon) -> Bounds:
    longitudes = [point[0] for point in polygon[0]]
    latitudes = [point[1] for point in polygon[0]]
    return min(longitudes), max(longitudes), min(latitudes), max(latitudes)


@cache
def numeric_to_alpha2() -> dict[str, str]:
    """ISO 3166-1 numeric codes (``"562"``) to alpha-2 (``"NE"``), from pycountry's database
    file (read directly: importing pycountry costs more than the whole lookup)."""
    spec = importlib.util.find_spec("pycountry")
    assert spec is not None and spec.submodule_search_locations
    database = Path(next(iter(spec.submodule_search_locations))) / "databases" / "iso3166-1.json"
    entries = json.loads(database.read_text(encoding="utf-8"))["3166-1"]
    return {entry["numeric"]: entry["alpha_2"] for entry in entries}
