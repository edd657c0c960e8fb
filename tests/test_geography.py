"""The shipped country boundaries: TopoJSON decoding, ISO codes, the antimeridian."""

from __future__ import annotations

import hashlib
import json

from briefkit.geography import (
    boundaries_path,
    continuous,
    countries,
    countries_by_code,
    decode_arcs,
    decode_countries,
    numeric_to_alpha2,
    ring_points,
)
from briefkit.rules.house_style import NOT_ON_MAP


def test_the_shipped_file_is_the_one_its_readme_names() -> None:
    data = boundaries_path().read_bytes()
    readme = (boundaries_path().parent / "README.md").read_text(encoding="utf-8")
    assert hashlib.sha256(data).hexdigest() in readme
    assert f"{len(data):,}" in readme
    assert (boundaries_path().parent / "LICENSE").is_file()


def test_every_iso_country_has_a_shape_except_the_ones_lint_warns_about() -> None:
    shapes = countries_by_code()
    iso = set(numeric_to_alpha2().values())
    assert iso - set(shapes) == NOT_ON_MAP
    assert set(shapes) - iso == {"XK"}  # Kosovo, by its name: Natural Earth gives it no code
    assert shapes["XK"].name == "Kosovo"
    assert {"NE", "ML", "BF", "SG", "BH", "GM"} <= set(shapes)


def test_territories_without_a_code_are_kept_as_neighbours() -> None:
    unnamed = {country.name for country in countries() if not country.code}
    assert {"Somaliland", "N. Cyprus"} <= unnamed
    assert countries() == tuple(sorted(countries(), key=lambda c: (c.code, c.name)))


def test_a_feature_split_in_two_with_one_code_is_one_country() -> None:
    australia = [country for country in countries() if country.code == "AU"]
    assert len(australia) == 1
    assert australia[0].name == "Australia"


TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
    "arcs": [
        [[0, 0], [4, 0], [0, 4]],  # (10,20) (12,20) (12,21)
        [[4, 4], [-4, 0], [0, -4]],  # (12,21) (10,21) (10,20)
        [[8, 8], [2, 0], [0, 2], [-2, -2]],  # a closed arc: (14,22) (15,22) (15,22.5) (14,22)
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "id": "562", "arcs": [[0, 1]], "properties": {"name": "A"}},
                {"type": "MultiPolygon", "id": "466", "arcs": [[[~1, ~0]], [[2]]]},
                {"type": "Polygon", "arcs": [[2]], "properties": {"name": "Kosovo"}},
                {"type": "Polygon", "arcs": [[2]], "properties": {"name": "Nowhere"}},
                {"type": "Polygon", "id": "562", "arcs": [[2]], "properties": {"name": "A2"}},
                {"type": "Point", "id": "004", "coordinates": [0, 0]},
            ],
        }
    },
}


def test_arcs_are_delta_decoded_and_transformed() -> None:
    arcs = decode_arcs(TOPOLOGY)
    assert arcs[0] == [(10, 20), (12, 20), (12, 21)]
    assert arcs[1] == [(12, 21), (10, 21), (10, 20)]
    untransformed = {"arcs": [[[1, 2], [3, 4]]]}
    assert decode_arcs(untransformed) == [[(1, 2), (3, 4)]]


def test_rings_join_arcs_once_at_each_shared_point_and_walk_negative_ones_backwards() -> None:
    arcs = decode_arcs(TOPOLOGY)
    assert ring_points([0, 1], arcs) == ((10, 20), (12, 20), (12, 21), (10, 21), (10, 20))
    assert ring_points([~1, ~0], arcs) == ((10, 20), (10, 21), (12, 21), (12, 20), (10, 20))


def test_features_become_countries_by_alpha2_code() -> None:
    decoded = decode_countries(TOPOLOGY, {"562": "NE", "466": "ML"})
    by_key = {(country.code, country.name): country for country in decoded}
    assert list(by_key) == [("", "Nowhere"), ("ML", ""), ("NE", "A"), ("XK", "Kosovo")]
    niger = by_key["NE", "A"]
    assert len(niger.polygons) == 2  # both features with code 562
    assert niger.polygon_bounds[0] == (10, 12, 20, 21)
    assert len(by_key["ML", ""].polygons) == 2  # a MultiPolygon of two


def test_a_ring_across_the_antimeridian_is_made_continuous() -> None:
    ring = ((179.0, 1.0), (-179.0, 1.0), (-179.0, -1.0), (179.0, -1.0), (179.0, 1.0))
    assert continuous(ring) == ((179, 1), (181, 1), (181, -1), (179, -1), (179, 1))
    around_the_pole = ((-180.0, -80.0), (0.0, -70.0), (179.0, -80.0), (-180.0, -80.0))
    assert continuous(around_the_pole) == around_the_pole
    russia = countries_by_code()["RU"]
    assert all(east - west < 180 for west, east, _, _ in russia.polygon_bounds)


def test_the_shipped_file_is_quantized_topojson() -> None:
    topology = json.loads(boundaries_path().read_text(encoding="utf-8"))
    assert topology["type"] == "Topology" and "transform" in topology
