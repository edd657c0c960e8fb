"""The Equal Earth projection and the ring geometry the locator map draws with."""

from __future__ import annotations

import math

import pytest

from briefkit.render.projection import (
    box_outline,
    equal_earth,
    inverse_equal_earth,
    path_data,
    ring_area,
    ring_centroid,
    simplified,
)


def test_equal_earth_matches_its_published_extent() -> None:
    # Šavrič et al. (2018): on the unit sphere the map is about 5.41 wide and 2.63 high.
    assert equal_earth(0, 0) == (0, 0)
    assert 2 * equal_earth(180, 0)[0] == pytest.approx(5.4133, abs=1e-3)
    assert 2 * equal_earth(0, 90)[1] == pytest.approx(2.6347, abs=1e-3)
    x, y = equal_earth(-30, -45)
    assert x < 0 and y < 0


def test_equal_earth_keeps_areas() -> None:
    """Two cells of 10 by 10 degrees on one parallel belt keep their ratio of true areas."""

    def cell_area(lon: float, lat: float) -> float:
        steps = [10 * t / 100 for t in range(100)]
        edge = [(lon + d, lat) for d in steps] + [(lon + 10, lat + d) for d in steps]
        edge += [(lon + 10 - d, lat + 10) for d in steps] + [(lon, lat + 10 - d) for d in steps]
        return abs(ring_area([equal_earth(a, b) for a, b in edge]))

    def true_area(lat: float) -> float:
        return math.radians(10) * (math.sin(math.radians(lat + 10)) - math.sin(math.radians(lat)))

    ratio = cell_area(0, 60) / cell_area(100, 0)
    assert ratio == pytest.approx(true_area(60) / true_area(0), rel=2e-3)


@pytest.mark.parametrize("point", [(0, 0), (13.5, 17.2), (-120, -60), (179, 85), (-179.5, 89)])
def test_the_inverse_returns_the_point(point: tuple[float, float]) -> None:
    assert inverse_equal_earth(*equal_earth(*point)) == pytest.approx(point, abs=1e-7)


def test_ring_area_and_centroid() -> None:
    square = [(0.0, 0.0), (4.0, 0.0), (4.0, 2.0), (0.0, 2.0)]
    assert ring_area(square) == 8
    assert ring_area(square[::-1]) == -8
    assert ring_centroid(square) == (2, 1)
    assert ring_centroid([(1.0, 1.0), (1.0, 1.0), (1.0, 1.0)]) == (1, 1)


def test_simplified_drops_close_points_and_clamps_far_ones() -> None:
    ring = [(0.0, 0.0), (0.1, 0.0), (5.0, 0.0), (500.0, 3.0), (5.0, 5.0)]
    assert simplified(ring, (-10, -10, 100, 100), 0.5) == [
        (0.0, 0.0),
        (5.0, 0.0),
        (100, 3.0),
        (5.0, 5.0),
    ]


def test_path_data_is_fixed_precision() -> None:
    assert path_data([[(0.04, 1.25), (2.0, 3.333)], [(1.0, 1.0), (2.0, 2.0)]]) == (
        "M0.0 1.2L2.0 3.3ZM1.0 1.0L2.0 2.0Z"
    )


def test_box_outline_goes_round_the_box() -> None:
    outline = box_outline((0, 0, 2, 1), steps=2)
    assert outline == [(0, 1), (1, 1), (2, 1), (2, 0.5), (2, 0), (1, 0), (0, 0), (0, 0.5)]
