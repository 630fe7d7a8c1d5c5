"""Neighbourhood profiles: values against the authority and England, the deprivation gap, maps."""

import dataclasses
import decimal

import pandas as pd
import pytest

from locality.analytics.places.geography import PlacesError, england_lsoas, load_area
from locality.analytics.places.profiles import (
    default_neighbourhoods,
    deprivation_gap,
    local_quintiles,
    neighbourhood_profile,
    profile_deciles,
    read_neighbourhoods,
)


@pytest.fixture(scope="module")
def york():
    return load_area("E06000014")


def halves(area):
    return pd.Series(["East", "West"] * (len(area.codes) // 2), index=area.codes)


def test_profile_values_against_the_authority_and_england(york):
    assignment = halves(york)
    profile = neighbourhood_profile(york, assignment)
    assert set(profile.neighbourhood) == {"East", "West"}
    assert set(profile.theme) == {"adults", "children", "crime", "economy", "health", "population"}
    row = profile.set_index(["neighbourhood", "indicator"]).loc[("East", "aged_60_plus")]
    east = york.lsoas.loc[assignment.index[assignment == "East"]]
    assert row.value == pytest.approx(east.age_60_plus.sum() / east.population.sum() * 100)
    assert row.la_value == pytest.approx(47296 / 205699 * 100)
    england = england_lsoas()
    assert row.england_value == pytest.approx(
        england.age_60_plus.sum() / england.population.sum() * 100
    )
    assert row.vs_la == "not tested" and row.of_neighbourhoods == 2
    score = profile.set_index(["neighbourhood", "indicator"]).loc[("West", "imd_score")]
    west = york.lsoas.loc[assignment.index[assignment == "West"]]
    assert score.value == pytest.approx(
        (west.imd_score * west.population).sum() / west.population.sum()
    )
    assert score.la_value == pytest.approx(11.727, abs=5e-4)
    worse = profile[profile.indicator == "imd_score"].sort_values("value").neighbourhood.iloc[-1]
    assert (
        profile.set_index(["neighbourhood", "indicator"]).at[(worse, "imd_score"), "rank_in_la"]
        == 1
    )


def test_an_edited_place_uses_its_own_values_but_englands_stay(york):
    columns = ["lsoa11nm", "population", "age_0_15", "age_16_59", "age_60_plus", "imd_score",
               "imd_decile", "crime_decile", "pwc_lat", "pwc_lon"]  # fmt: skip
    lsoas = york.lsoas[columns].copy()
    lsoas.loc[york.codes[0], ["population", "age_60_plus", "age_16_59"]] = (10000, 9000, 500)
    edited = dataclasses.replace(york, lsoas=lsoas)
    profile = neighbourhood_profile(edited, halves(edited)).set_index(
        ["neighbourhood", "indicator"]
    )
    before = neighbourhood_profile(york, halves(york)).set_index(["neighbourhood", "indicator"])
    east = ("East", "aged_60_plus")
    assert profile.at[east, "numerator"] > before.at[east, "numerator"]
    assert profile.at[east, "england_value"] == before.at[east, "england_value"]
    # the edited LSOA is in East; West, with no edit, reads the bundled ranks it does not store
    assert profile.loc["West", "value"].equals(before.loc["West", "value"])


def test_a_web_place_with_decimals_and_a_missing_decile(york):
    columns = ["lsoa11nm", "population", "age_0_15", "age_16_59", "age_60_plus", "imd_score",
               "imd_decile", "crime_decile", "pwc_lat", "pwc_lon"]  # fmt: skip
    lsoas = york.lsoas[columns].copy()
    lsoas["imd_score"] = [decimal.Decimal(str(x)) for x in lsoas.imd_score]
    lsoas["crime_decile"] = lsoas.crime_decile.astype(object)
    lsoas.loc[york.codes[0], "crime_decile"] = None
    place = dataclasses.replace(york, lsoas=lsoas)
    profile = neighbourhood_profile(place, halves(place)).set_index(["neighbourhood", "indicator"])
    crime = profile.loc[("East", "crime_most_deprived_10")]
    assert pd.isna(crime.value) and (crime.covered, crime.lsoas) == (59, 60)
    assert pd.isna(crime.la_value) and crime.england_value == pytest.approx(10.110, abs=1e-3)
    assert profile.at[("West", "crime_most_deprived_10"), "value"] == 0
    assert profile.at[("East", "imd_score"), "la_value"] == pytest.approx(11.727, abs=5e-4)


def test_deciles_gap_and_quintiles(york):
    deciles = profile_deciles(york, halves(york))
    assert set(deciles.level) == {"neighbourhood", "local authority", "England"}
    cols = [f"decile_{d}" for d in range(1, 11)]
    assert deciles[cols].sum(axis=1).round(6).eq(100).all()
    england_imd = deciles[(deciles.level == "England") & (deciles.indicator == "imd_decile")]
    assert england_imd.decile_1.iloc[0] == pytest.approx(9.857, abs=1e-3)
    quintiles = local_quintiles(york)
    assert quintiles.value_counts().to_dict() == {1: 24, 2: 24, 3: 24, 4: 24, 5: 24}
    most = york.lsoas.imd_score.sort_values(ascending=False).index[:24]
    assert set(quintiles.index[quintiles == 1]) == set(most)
    gap = deprivation_gap(york).set_index("indicator")
    q1 = york.lsoas.loc[most]
    assert gap.at["imd_score", "most_deprived_q1"] == pytest.approx(
        (q1.imd_score * q1.population).sum() / q1.population.sum()
    )
    assert gap.at["aged_0_15", "gap_q1_minus_q5"] == pytest.approx(
        gap.at["aged_0_15", "most_deprived_q1"] - gap.at["aged_0_15", "least_deprived_q5"]
    )
    assert gap.at["imd_score", "q1_residents"] == q1.population.sum()


def test_default_neighbourhoods_are_wards_or_the_whole_area(york):
    wards, note = default_neighbourhoods(york)
    assert wards.nunique() == 21 and "Acomb" in set(wards) and "wards" in note
    preston = load_area("E07000123")
    whole, note = default_neighbourhoods(preston)
    assert set(whole) == {"Preston"} and "one neighbourhood" in note


def test_a_neighbourhoods_file_may_leave_lsoas_out(york, tmp_path):
    path = tmp_path / "hoods.csv"
    path.write_text("lsoa11cd,neighbourhood\nE01013335,Test bed\nE01013336,Test bed\n")
    assignment = read_neighbourhoods(path, york)
    assert assignment.notna().sum() == 2 and len(assignment) == 120
    profile = neighbourhood_profile(york, assignment).set_index("indicator")
    assert set(profile.neighbourhood) == {"Test bed"}
    assert profile.at["residents", "value"] == york.lsoas.population.iloc[:2].sum()
    assert profile.at["residents", "la_value"] == 205699


def test_assignment_outside_the_area_is_refused(york):
    with pytest.raises(PlacesError, match="LSOA E01000001: not in York"):
        neighbourhood_profile(york, pd.Series({"E01000001": "City"}))
