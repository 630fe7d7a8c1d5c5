"""Aggregation of indicators over LSOAs, against values worked out by hand."""

import math

import pandas as pd
import pytest
from scipy.stats import chi2

from locality.analytics.places.geography import PlacesError, england_lsoas, load_area
from locality.analytics.places.indicators import (
    aggregate,
    bundled_store,
    decile_shares,
    england_assignment,
    la_assignment,
    lsoa_assignment,
    ward_assignment,
)
from locality.analytics.places.indicators.compare import byar, verdict, wilson
from tests.factories.indicators import indicator, tiny_store

ROWS = {
    "A": {"falls": 10, "people": 100, "score": 10.0, "rank": 100, "decile": 1},
    "B": {"falls": 30, "people": 50, "score": 40.0, "rank": 400, "decile": 1},
    "C": {"falls": 2, "people": 50, "score": 4.0, "rank": 1000, "decile": 3},
    "D": {"falls": 5, "people": 20, "score": 8.0, "rank": 10, "decile": 10},
}
INDICATORS = [
    indicator("falls", "count", column="falls"),
    indicator("falls_rate", "rate", numerator="falls", denominator="people", multiplier=1000),
    indicator("falls_pct", "rate", numerator="falls", denominator="people", multiplier=100),
    indicator("need", "score", column="score", weight="people"),
    indicator("need_rank", "rank", column="rank", weight="people"),
    indicator("need_decile", "decile", column="decile", weight="people"),
]


def values(frame, group):
    return frame[frame.group == group].set_index("indicator").value


def test_counts_sum_rates_recompute_scores_weight():
    store = tiny_store(ROWS, INDICATORS)
    groups = pd.Series({"A": "north", "B": "north", "C": "south", "D": "south"})
    table = aggregate(store, groups)
    north, south = values(table, "north"), values(table, "south")
    assert north["falls"] == 40 and south["falls"] == 7
    # (10 + 30) / (100 + 50) x 1000; the mean of the LSOA rates (100 and 600) would be 350
    assert north["falls_rate"] == pytest.approx(266.6667, abs=1e-4)
    assert south["falls_pct"] == pytest.approx(7 / 70 * 100)
    # (10 x 100 + 40 x 50) / 150 = 20, not the plain mean 25
    assert north["need"] == pytest.approx(20.0)
    assert south["need_rank"] == pytest.approx((1000 * 50 + 10 * 20) / 70)
    row = table[(table.group == "north") & (table.indicator == "falls_rate")].iloc[0]
    assert (row.numerator, row.denominator, row.lsoas, row.covered) == (40, 150, 2, 2)
    assert set(table.indicator) == {"falls", "falls_rate", "falls_pct", "need", "need_rank"}


def test_deciles_are_shares_of_the_weight():
    store = tiny_store(ROWS, INDICATORS)
    shares = decile_shares(store, pd.Series({"A": "x", "B": "x", "C": "x"})).iloc[0]
    assert shares.decile_1 == pytest.approx(75.0)  # (100 + 50) / 200
    assert shares.decile_3 == pytest.approx(25.0)
    assert shares.decile_10 == 0 and shares.indicator == "need_decile"


def test_a_group_with_a_missing_value_gets_none():
    rows = {**ROWS, "C": {**ROWS["C"], "falls": float("nan")}}
    table = aggregate(tiny_store(rows, INDICATORS), pd.Series({"A": 1, "C": 2, "D": 2}))
    assert values(table, 1)["falls_rate"] == pytest.approx(100.0)
    assert math.isnan(values(table, 2)["falls_rate"])
    covered = table[(table.group == 2) & (table.indicator == "falls")].iloc[0]
    assert (covered.lsoas, covered.covered) == (2, 1)
    assert values(table, 2)["need"] == pytest.approx((4 * 50 + 8 * 20) / 70)


def test_bad_assignments_are_refused():
    store = tiny_store(ROWS, INDICATORS)
    with pytest.raises(PlacesError, match="LSOA Z: not an English LSOA"):
        aggregate(store, pd.Series({"A": 1, "Z": 1}))
    with pytest.raises(PlacesError, match="LSOA A: assigned to two groups"):
        aggregate(store, pd.Series([1, 2], index=["A", "A"]))
    with pytest.raises(PlacesError, match="'nope': not in the store"):
        aggregate(store, pd.Series({"A": 1}), ["nope"])


@pytest.mark.parametrize(
    ("la", "published"),
    [("E06000014", 11.727), ("E09000014", 27.956), ("E09000019", 27.535)],
)
def test_la_scores_match_mhclg_published_averages(la, published):
    store = bundled_store()
    table = aggregate(store, la_assignment(store, la), ["imd_score"])
    assert round(table.value.iloc[0], 3) == published


def test_bundled_rates_by_hand_from_the_england_table():
    store = bundled_store()
    england = england_lsoas()
    york = england[england.lad19cd == "E06000014"]
    table = aggregate(store, la_assignment(store, "E06000014")).set_index("indicator")
    assert table.at["aged_60_plus", "value"] == pytest.approx(
        york.age_60_plus.sum() / york.population.sum() * 100
    )
    education_d1 = york.population[york.education_decile == 1].sum()
    assert table.at["education_most_deprived_10", "numerator"] == education_d1
    assert table.at["education_most_deprived_10", "value"] == pytest.approx(
        education_d1 / york.population.sum() * 100
    )
    employment_d1 = york.working_age[york.employment_decile == 1].sum()
    assert table.at["employment_most_deprived_10", "value"] == pytest.approx(
        employment_d1 / york.working_age.sum() * 100
    )
    whole = aggregate(store, england_assignment(store), ["crime_most_deprived_10"]).iloc[0]
    crime_d1 = england.population[england.crime_decile == 1].sum()
    assert whole.value == pytest.approx(crime_d1 / england.population.sum() * 100)


def test_neighbourhoods_add_up_to_their_authority():
    store = bundled_store()
    york = la_assignment(store, "E06000014")
    halves = pd.Series(["a", "b"] * 60, index=york.index)
    parts = aggregate(store, halves, ["aged_0_15", "residents"])
    whole = aggregate(store, york, ["aged_0_15", "residents"]).set_index("indicator")
    rate = parts[parts.indicator == "aged_0_15"]
    assert rate.numerator.sum() == whole.at["aged_0_15", "numerator"]
    assert rate.denominator.sum() == whole.at["aged_0_15", "denominator"]
    counts = parts[parts.indicator == "residents"]
    assert counts.value.sum() == whole.at["residents", "value"] == 205699


def test_confidence_intervals_against_published_values():
    # Wilson 95% for 10/100: 0.0552 to 0.1744 (worked by hand from the formula)
    low, high = wilson(10, 100)
    assert (round(low, 4), round(high, 4)) == (0.0552, 0.1744)
    # Byar for 10 events: 10 x (1 - 1/90 - 1.96/(3 x sqrt 10))^3 = 4.787; upper 18.39
    low, high = byar(10, 1)
    assert (round(low, 3), round(high, 2)) == (4.787, 18.39)
    # and close to the exact Poisson interval (chi-squared quantiles / 2)
    assert low == pytest.approx(chi2.ppf(0.025, 20) / 2, rel=0.002)
    assert high == pytest.approx(chi2.ppf(0.975, 22) / 2, rel=0.002)
    assert byar(0, 10)[0] == 0
    worse = indicator("x", "rate", numerator="a", denominator="b", polarity="higher_is_worse")
    assert verdict(worse, 5.0, 9.0, 4.0) == "worse"
    assert verdict(worse, 5.0, 9.0, 6.0) == "similar"
    assert verdict(worse, 5.0, 9.0, 10.0) == "better"
    assert verdict(indicator("y", "rate", numerator="a", denominator="b"), 5, 9, 4) == "higher"
    assert verdict(worse, float("nan"), float("nan"), 4.0) == "not tested"


def test_values_keyed_by_lsoa_ward_and_authority_codes():
    store = bundled_store()
    area = load_area("E09000019")  # Islington
    wards = aggregate(store, ward_assignment(area), ["residents", "aged_60_plus"])
    assert wards.group.str.startswith("E05").all() and wards.group.nunique() == 17
    la = aggregate(store, la_assignment(store, "E09000019"), ["residents", "aged_60_plus"])
    counts = wards[wards.indicator == "residents"]
    assert counts.value.sum() == la[la.indicator == "residents"].value.iloc[0]
    rates = wards[wards.indicator == "aged_60_plus"]
    whole = la[la.indicator == "aged_60_plus"].iloc[0]
    assert rates.numerator.sum() / rates.denominator.sum() * 100 == pytest.approx(whole.value)
    one = aggregate(store, lsoa_assignment(area.codes[:1]), ["aged_60_plus"]).iloc[0]
    row = england_lsoas().loc[area.codes[0]]
    assert one.group == area.codes[0]
    assert one.value == pytest.approx(row.age_60_plus / row.population * 100)
    assert ward_assignment(load_area("E07000123")) is None
