"""Drawing each line of a locator map once: the land's outline from the arcs its countries do
not share, the borders from those they do, joined into as few lines as they make."""

from __future__ import annotations

import math

import pytest

from briefkit.render.map_outlines import (
    chained,
    clipped,
    outline,
    shared_arcs,
    visible_stretches,
)
from briefkit.render.projection import ring_area

# Two unit squares side by side, as a topology stores them: the border they share is arc 0,
# walked up by the left square and down by the right one.
ARCS = [
    [(1.0, 0.0), (1.0, 1.0)],
    [(1.0, 1.0), (0.0, 1.0), (0.0, 0.0), (1.0, 0.0)],
    [(1.0, 0.0), (2.0, 0.0), (2.0, 1.0), (1.0, 1.0)],
    [(5.0, 5.0), (6.0, 5.0), (6.0, 6.0), (5.0, 5.0)],
]
LEFT, RIGHT, ISLAND = (0, 1), (2, ~0), (3,)


def test_the_outline_of_two_neighbours_leaves_out_the_border_they_share() -> None:
    assert outline([LEFT, RIGHT], ARCS) == [[1, 2]]
    assert outline([LEFT, RIGHT, ISLAND], ARCS) == [[1, 2], [3]]
    assert outline([LEFT], ARCS) == [[0, 1]]  # alone, a country is its own outline
    assert shared_arcs([LEFT, RIGHT, ISLAND]) == {0}
    assert shared_arcs([LEFT]) == set()


def test_the_same_rings_give_the_same_outline_in_any_order() -> None:
    assert outline([RIGHT, ISLAND, LEFT], ARCS) == outline([LEFT, RIGHT, ISLAND], ARCS)


def test_lines_that_meet_are_joined_whichever_way_they_run() -> None:
    lines = [[(0.0, 0.0), (1.0, 0.0)], [(5.0, 5.0), (6.0, 6.0)], [(2.0, 0.0), (1.0, 0.0)]]
    assert chained(lines) == [[(0.0, 0.0), (1.0, 0.0), (2.0, 0.0)], [(5.0, 5.0), (6.0, 6.0)]]
    # a line met at its start is joined too, and the first line may be joined in the middle
    middle = [[(1.0, 0.0), (2.0, 0.0)], [(0.0, 0.0), (1.0, 0.0)], [(2.0, 0.0), (3.0, 0.0)]]
    (joined,) = chained(middle)
    assert sorted(joined) == [(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (3.0, 0.0)]
    assert joined in ([(float(x), 0.0) for x in range(4)], [(float(x), 0.0) for x in (3, 2, 1, 0)])


def test_a_ring_is_cut_to_the_frame_without_moving_what_is_inside() -> None:
    square = [(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)]
    inside = clipped(square, (0.0, 0.0, 10.0, 10.0))
    assert abs(ring_area(inside)) == pytest.approx(25.0)
    assert set(inside) == {(0.0, 0.0), (5.0, 0.0), (5.0, 5.0), (0.0, 5.0)}
    assert clipped(square, (20.0, 20.0, 30.0, 30.0)) == []
    assert clipped(square, (-10.0, -10.0, 10.0, 10.0)) == square


def test_only_the_stretches_of_a_line_that_can_show_are_kept() -> None:
    line = [(-50.0, 5.0), (-20.0, 5.0), (5.0, 5.0), (8.0, 5.0), (50.0, 5.0), (80.0, 5.0)]
    view, hidden = (0.0, 0.0, 10.0, 10.0), (6.0, 0.0, 9.0, 10.0)
    assert visible_stretches(line, view, (100.0, 100.0, 101.0, 101.0)) == [
        [(-20.0, 5.0), (5.0, 5.0), (8.0, 5.0), (50.0, 5.0)]
    ]
    # a segment wholly under the inset is left out, so the line is cut in two there
    under = [(1.0, 5.0), (7.0, 5.0), (8.0, 5.0), (9.5, 5.0)]
    assert visible_stretches(under, view, hidden) == [
        [(1.0, 5.0), (7.0, 5.0)],
        [(8.0, 5.0), (9.5, 5.0)],
    ]


def test_a_map_drawn_again_in_its_region_is_the_same_bytes_as_the_first() -> None:
    """The arcs a map thins and draws are kept for the next map of the region (the worker draws
    a desk's briefs one after another): drawing from them gives the same map as drawing afresh."""
    from babel import Locale

    from briefkit.render.locator_map import locator_map
    from briefkit.render.map_outlines import drawn_arc, thinned_arc, tolerance_step

    def draw(region: str, *codes: str) -> str:
        locator_map.cache_clear()
        drawn = locator_map(
            codes,
            locale=Locale("en"),
            alt_label="Map",
            region=region,
            accent="#C8963E",
            ink="#0B2545",
        )
        assert drawn is not None
        return str(drawn.svg)

    def afresh(*codes: str) -> str:
        thinned_arc.cache_clear()
        drawn_arc.cache_clear()
        return draw("a", *codes)

    first = afresh("NE", "ML", "BF")
    assert drawn_arc.cache_info().currsize > 0
    again = draw("b", "NE", "ML", "BF")  # the same frame: its lines as drawn
    assert drawn_arc.cache_info().hits > 0 and again == first
    drawn_arc.cache_clear()
    nearby = draw("c", "NE", "ML")  # another frame in the region: its lines as thinned
    assert thinned_arc.cache_info().hits > 0 and nearby == afresh("NE", "ML")
    # Tolerances are rounded to a few steps (a quarter of a doubling apart), so maps of one
    # region at about the same scale share their arcs.
    for tolerance in (0.013, 0.05, 0.31, 1.7):
        step = tolerance_step(tolerance)
        assert step == pytest.approx(tolerance, rel=0.1)
        assert math.log2(step) * 4 == pytest.approx(round(math.log2(step) * 4))
