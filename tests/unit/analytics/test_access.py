"""Access to services by neighbourhood and need, on tiny hand-made places.

Hand-computed distances (Earth radius 6,371,008.8 m): 0.01 degree of latitude is
6,371,008.8 x pi / 180 x 0.01 = 1,111.95 m; times the circuity factor 1.3, 1,445.54 m.
"""

import doctest
import math

import numpy as np
import pytest

from locality.analytics.places import access as access_module
from locality.analytics.places.access import (
    CIRCUITY,
    LsoaTable,
    ServicePoints,
    access,
    haversine_m,
)

# Three LSOAs on the meridian 1 degree west: North has two, South one.
LSOAS = LsoaTable.from_records(
    [
        ("E01000001", 1000, 54.00, -1.0, "North"),
        ("E01000002", 1500, 54.05, -1.0, "North"),  # 5.56 km north of E01000001
        ("E01000003", 2000, 53.90, -1.0, "South"),  # 11.1 km south of E01000001
    ]
)
POINTS = ServicePoints.from_records(
    [
        ("s1", "food", 54.005, -1.0),  # 556 m x 1.3 = 723 m from E01000001
        ("s1", "food", 54.0051, -1.0),  # s1's second location: still one service
        ("s2", "food", 54.055, -1.0),  # 723 m from E01000002
        ("s3", "food", 54.000, -1.0),  # at E01000001's centroid
        ("s3", "money", 54.000, -1.0),  # s3 meets two needs
    ]
)


def _row(result, neighbourhood, need):
    (row,) = [r for r in result.rows if (r.neighbourhood, r.need) == (neighbourhood, need)]
    return row


def test_haversine_one_hundredth_of_a_degree_of_latitude():
    assert haversine_m(54.0, -1.0, 54.01, -1.0) == pytest.approx(1111.95, abs=0.01)


def test_haversine_longitude_shrinks_with_latitude():
    # at 60 degrees north a degree of longitude is half a degree of latitude
    assert haversine_m(60.0, 0.0, 60.0, 0.02) == pytest.approx(1111.95, abs=0.05)


def test_access_default_circuity_is_1_3():
    assert CIRCUITY == 1.3
    assert access(LSOAS, POINTS).circuity == 1.3


@pytest.mark.parametrize(
    "north_by,reachable",
    [
        (0.011, 1),  # 1,223.1 m straight, x 1.3 = 1,590.1 m: within 1,600 m
        (0.012, 0),  # 1,334.3 m straight, x 1.3 = 1,734.6 m: beyond 1,600 m
    ],
)
def test_access_distance_is_haversine_times_circuity(north_by, reachable):
    lsoas = LsoaTable.from_records([("E01000001", 1000, 54.0, -1.0, "North")])
    points = ServicePoints.from_records([("s1", "food", 54.0 + north_by, -1.0)])

    result = access(lsoas, points, within_m=1600)

    assert result.counts_for("food") == {"E01000001": reachable}


def test_access_straight_line_when_circuity_is_one():
    # 1,334.3 m straight: out of reach at 1.3 (above), within 1,600 m at 1.0
    lsoas = LsoaTable.from_records([("E01000001", 1000, 54.0, -1.0, "North")])
    points = ServicePoints.from_records([("s1", "food", 54.012, -1.0)])

    assert access(lsoas, points, within_m=1600, circuity=1.0).counts_for("food") == {"E01000001": 1}


@pytest.mark.parametrize("east_by,reachable", [(0.02, 1), (0.025, 0)])
def test_access_longitude_scaled_by_latitude(east_by, reachable):
    # at 60 N: 0.02 degree east is 1,111.95 m (x 1.3 = 1,445.5 m, within);
    # 0.025 degree east is 1,389.9 m (x 1.3 = 1,806.9 m, beyond)
    lsoas = LsoaTable.from_records([("E01000001", 1000, 60.0, 0.0, "North")])
    points = ServicePoints.from_records([("s1", "food", 60.0, east_by)])

    assert access(lsoas, points, within_m=1600).counts_for("food") == {"E01000001": reachable}


def test_access_counts_distinct_services_per_lsoa():
    result = access(LSOAS, POINTS, within_m=1600)

    assert result.needs == ("food", "money")
    assert result.counts_for("food") == {"E01000001": 2, "E01000002": 1, "E01000003": 0}
    assert result.counts_for("money") == {"E01000001": 1, "E01000002": 0, "E01000003": 0}


def test_access_neighbourhood_with_every_lsoa_covered():
    row = _row(access(LSOAS, POINTS, within_m=1600), "North", "food")

    assert row.services_reachable == 3  # s1, s2, s3
    assert row.residents == 2500
    assert row.residents_per_service == pytest.approx(2500 / 3)
    assert row.lsoas_with_none == ()
    assert row.residents_with_none == 0
    assert row.share_covered == 1.0


def test_access_neighbourhood_with_an_lsoa_without():
    row = _row(access(LSOAS, POINTS, within_m=1600), "North", "money")

    assert row.services_reachable == 1
    assert row.residents_per_service == 2500.0
    assert row.lsoas_with_none == ("E01000002",)
    assert row.residents_with_none == 1500
    assert row.share_covered == pytest.approx(0.4)


def test_access_neighbourhood_with_none_is_infinite_residents_per_service():
    row = _row(access(LSOAS, POINTS, within_m=1600), "South", "food")

    assert row.services_reachable == 0
    assert row.residents_per_service == math.inf
    assert row.lsoas_with_none == ("E01000003",)
    assert row.residents_with_none == 2000
    assert row.share_covered == 0.0


def test_access_a_service_near_two_lsoas_counts_once_for_the_neighbourhood():
    lsoas = LsoaTable.from_records(
        [("E01000001", 1000, 54.00, -1.0, "North"), ("E01000002", 1000, 54.02, -1.0, "North")]
    )
    points = ServicePoints.from_records([("s1", "food", 54.01, -1.0)])  # 1,445.5 m from each

    result = access(lsoas, points, within_m=1600)

    assert result.counts_for("food") == {"E01000001": 1, "E01000002": 1}
    assert _row(result, "North", "food").services_reachable == 1


def test_access_reports_needs_asked_for_even_without_services():
    result = access(LSOAS, POINTS, within_m=1600, needs=["housing", "food"])

    assert result.needs == ("housing", "food")
    assert [(r.neighbourhood, r.need) for r in result.rows] == [
        ("North", "housing"), ("North", "food"), ("South", "housing"), ("South", "food"),
    ]  # fmt: skip
    assert _row(result, "North", "housing").lsoas_with_none == ("E01000001", "E01000002")
    assert _row(result, "North", "food").services_reachable == 3  # money points ignored


def test_access_any_location_of_a_service_within_reach_counts():
    # from E01000002: s1 at 54.005 is 5,003.8 m (x 1.3 = 6,504.9 m: beyond 6,500 m),
    # s1 at 54.0051 is 4,992.7 m (x 1.3 = 6,490.5 m: within); s3 is 5,559.8 m (7,227.7 m)
    result = access(LSOAS, POINTS, within_m=6500)

    assert result.counts_for("food")["E01000002"] == 2  # s1 and s2, not s3


def test_access_with_no_points():
    result = access(LSOAS, ServicePoints.from_records([]), needs=["food"])

    assert result.counts_for("food") == {"E01000001": 0, "E01000002": 0, "E01000003": 0}
    assert _row(result, "North", "food").share_covered == 0.0


def test_access_ignores_points_without_coordinates():
    points = ServicePoints.from_records([("s1", "food", float("nan"), -1.0)])

    assert access(LSOAS, points).counts_for("food")["E01000001"] == 0


def test_access_small_chunks_give_the_same_answer(monkeypatch):
    rng = np.random.default_rng(3)
    n, m = 200, 300
    lsoas = LsoaTable(
        np.array([f"E{i:08d}" for i in range(n)], dtype=object),
        rng.integers(500, 2500, n),
        rng.uniform(53.9, 54.1, n),
        rng.uniform(-1.2, -0.9, n),
        np.array([f"N{i % 7}" for i in range(n)], dtype=object),
    )
    points = ServicePoints(
        np.array([f"s{i % 250}" for i in range(m)], dtype=object),
        np.array([f"need{i % 3}" for i in range(m)], dtype=object),
        rng.uniform(53.9, 54.1, m),
        rng.uniform(-1.2, -0.9, m),
    )
    whole = access(lsoas, points, within_m=2000)
    monkeypatch.setattr(access_module, "LSOA_CHUNK", 7)
    monkeypatch.setattr(access_module, "BLOCK_PAIRS", 20)

    chunked = access(lsoas, points, within_m=2000)

    assert (chunked.lsoa_counts == whole.lsoa_counts).all()
    assert chunked.rows == whole.rows
    brute = haversine_m(
        lsoas.latitude[:, None], lsoas.longitude[:, None], points.latitude, points.longitude
    )
    assert whole.lsoa_counts.sum() == sum(
        len(set(points.service_id[(brute[i] * 1.3 <= 2000) & (points.need == need)]))
        for i in range(n)
        for need in ("need0", "need1", "need2")
    )


def test_access_refuses_a_circuity_below_one():
    with pytest.raises(ValueError, match="circuity"):
        access(LSOAS, POINTS, circuity=0.9)


def test_access_docstring_example():
    assert doctest.testmod(access_module).failed == 0
