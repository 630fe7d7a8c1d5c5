"""The LSOAs of a place, their shapes, contiguity, distances and atomic output."""

import json

import pytest

from locality.analytics.places.distances import StraightLine, TravelMatrix, distance_model
from locality.analytics.places.geography import (
    PlacesError,
    contiguity,
    load_area,
    read_boundaries,
    region_las,
)
from locality.analytics.places.output import output_file, output_folder


@pytest.fixture(scope="module")
def york():
    return load_area("E06000014")


def test_york_has_its_120_lsoas_with_bundled_shapes(york):
    assert len(york.lsoas) == 120
    assert york.population == int(york.lsoas.population.sum())
    assert "bundled" in york.shapes_source
    assert york.shapes.notna().all()


def test_york_is_one_piece_by_queen_contiguity(york):
    adjacency = contiguity(york)
    assert adjacency.bridges == ()
    # contiguity is symmetric and never lists an LSOA as its own neighbour
    for code, near in adjacency.neighbours.items():
        assert code not in near
        for other in near:
            assert code in adjacency.neighbours[other]


def test_an_unknown_la_is_refused():
    with pytest.raises(PlacesError, match="E99999999"):
        load_area("E99999999")


def test_without_boundaries_cells_are_used_and_said(tmp_path):
    preston = load_area("E07000123")
    assert "Voronoi" in preston.shapes_source
    assert len(preston.shapes) == len(preston.lsoas) == 86
    # each cell holds its own centroid
    points = preston.lsoas[["pwc_lon", "pwc_lat"]].to_numpy()
    held = [
        shape.buffer(1e-6).contains(_point(x, y))
        for shape, (x, y) in zip(preston.shapes, points, strict=True)
    ]
    assert all(held)
    assert contiguity(preston).bridges == ()


def _point(x, y):
    import shapely

    return shapely.Point(x, y)


def _boundaries(tmp_path, york, drop=(), island=None):
    features = []
    for code, shape in york.shapes.items():
        if code in drop:
            continue
        if code == island:
            shape = shape.centroid.buffer(0.0005)  # shrink it: it touches nothing
        features.append(
            {
                "type": "Feature",
                "properties": {"LSOA11CD": code},
                "geometry": shape.__geo_interface__,
            }
        )
    path = tmp_path / "boundaries.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_supplied_boundaries_missing_an_lsoa_name_it(tmp_path, york):
    path = _boundaries(tmp_path, york, drop={"E01013335"})
    with pytest.raises(PlacesError, match=r"1 of the area's 120 LSOAs have no boundary: E01013335"):
        load_area("E06000014", boundaries=path)


def test_a_feature_without_a_code_is_named(tmp_path, york):
    path = tmp_path / "b.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [{"type": "Feature", "properties": {}, "geometry": None}],
            }
        )
    )
    with pytest.raises(PlacesError, match="feature 1: no LSOA code property"):
        read_boundaries(path, york.lsoas)


def test_an_island_is_joined_to_its_nearest_lsoa(tmp_path, york):
    path = _boundaries(tmp_path, york, island="E01013335")
    area = load_area("E06000014", boundaries=path)
    adjacency = contiguity(area)
    assert len(adjacency.bridges) == 1
    assert "E01013335" in adjacency.bridges[0]
    assert adjacency.neighbours["E01013335"]


def test_regions_list_their_authorities():
    assert "E06000014" in region_las("E12000003")  # Yorkshire and The Humber
    with pytest.raises(PlacesError, match="not an English region"):
        region_las("E12999999")


def test_straight_line_is_haversine_times_circuity():
    one_degree_north = StraightLine(circuity=1.0).matrix([50.0], [0.0], [51.0], [0.0])
    assert one_degree_north[0, 0] == pytest.approx(111_195, rel=1e-4)
    assert StraightLine(1.3).matrix([50.0], [0.0], [51.0], [0.0])[0, 0] == pytest.approx(
        1.3 * one_degree_north[0, 0]
    )


def test_a_travel_matrix_reads_minutes_and_names_bad_rows(tmp_path):
    good = tmp_path / "tt.csv"
    good.write_text("origin,destination,minutes\nE01,hub a,12.5\nE02,hub a,3\n")
    model = distance_model(good)
    assert model.unit == "min"
    assert model.matrix(None, None, None, None, ["E02", "E01"], ["hub a"]).tolist() == [
        [3.0],
        [12.5],
    ]
    with pytest.raises(PlacesError, match="no row for origin 'E03' and destination 'hub a'"):
        model.matrix(None, None, None, None, ["E03"], ["hub a"])
    bad = tmp_path / "bad.csv"
    bad.write_text("origin,destination,km\nE01,hub a,-1\n")
    with pytest.raises(PlacesError, match=r"row 2: field km"):
        TravelMatrix.from_csv(bad)
    both = tmp_path / "both.csv"
    both.write_text("origin,destination,km,minutes\n")
    with pytest.raises(PlacesError, match="exactly one of minutes, metres or km"):
        TravelMatrix.from_csv(both)


def test_output_is_all_or_nothing(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(RuntimeError):
        with output_folder(out) as temp:
            (temp / "a.txt").write_text("half")
            raise RuntimeError("stop")
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == []
    with output_folder(out) as temp:
        (temp / "a.txt").write_text("whole")
    assert (out / "a.txt").read_text() == "whole"
    with pytest.raises(PlacesError, match="not an empty folder"):
        with output_folder(out):
            pass
    target = tmp_path / "n.geojson"
    with output_file(target) as temp:
        temp.write_text("{}")
    assert target.read_text() == "{}"
