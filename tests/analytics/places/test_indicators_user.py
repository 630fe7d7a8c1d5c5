"""A user's indicators from a CSV keyed by LSOA or postcode: loaded, aggregated, refused."""

import pandas as pd
import pytest

from locality.analytics.places.geography import PlacesError, england_lsoas
from locality.analytics.places.indicators import aggregate, bundled_store, load_user_indicators

META = """\
file: falls.csv
key: lsoa11cd
indicators:
  - id: falls
    title: Emergency admissions for falls, aged 65+, per 1,000 aged 60+
    theme: adults
    kind: rate
    numerator: admissions
    denominator: age_60_plus
    multiplier: 1000
    polarity: higher_is_worse
    period: 2023-24
    source: test data
    licence: none
    ci: byar
    headline: true
  - id: admissions
    title: Falls admissions
    theme: adults
    kind: count
    column: admissions
    polarity: higher_is_worse
    period: 2023-24
    source: test data
    licence: none
"""


@pytest.fixture
def falls(tmp_path):
    (tmp_path / "falls.csv").write_text(
        "lsoa11cd,admissions\nE01013335,4\nE01013336,6\nE01013337,\n"
    )
    meta = tmp_path / "falls.yaml"
    meta.write_text(META)
    return meta


def test_lsoa_keyed_rate_recomputed_from_numerator_and_bundled_denominator(falls):
    england = england_lsoas()
    indicators, columns = load_user_indicators(falls, england.index)
    assert [i.id for i in indicators] == ["falls", "admissions"]
    assert indicators[0].denominator == "age_60_plus" and indicators[0].ci == "byar"
    store = bundled_store().with_indicators(indicators, columns)
    table = aggregate(store, pd.Series("x", index=["E01013335", "E01013336"]), ["falls"])
    older = england.loc[["E01013335", "E01013336"], "age_60_plus"].sum()
    assert table.value.iloc[0] == pytest.approx(10 / older * 1000)
    # an empty cell is no value: an area holding that LSOA gets none
    with_gap = aggregate(store, pd.Series("y", index=["E01013335", "E01013337"]), ["admissions"])
    assert with_gap.value.isna().all() and with_gap.covered.iloc[0] == 1


def test_postcode_rows_are_summed_into_their_lsoa(tmp_path):
    path = tmp_path / "carers.csv"
    path.write_text("postcode,carers\nyo26 5dy,3\nYO265DZ,4\nYO24 4LH,2\n")
    indicators, columns = load_user_indicators(path, england_lsoas().index, theme="adults")
    assert indicators[0].kind == "count" and indicators[0].theme == "adults"
    column = indicators[0].column
    assert columns.at["E01013335", column] == 7 and columns.at["E01013336", column] == 2
    # York LSOAs with no postcode in the file count 0; the lookup covers York only
    assert len(columns) == 120 and columns[column].sum() == 9


def test_bare_csv_numerator_denominator_pair_is_a_percentage(tmp_path):
    path = tmp_path / "smoking.csv"
    path.write_text("lsoa11cd,smokers_numerator,smokers_denominator\nE01013335,30,200\n")
    (indicator,), columns = load_user_indicators(path, england_lsoas().index)
    assert (indicator.id, indicator.kind, indicator.multiplier, indicator.unit) == (
        "smokers", "rate", 100.0, "%",
    )  # fmt: skip
    store = bundled_store().with_indicators([indicator], columns)
    table = aggregate(store, pd.Series("a", index=["E01013335"]), ["smokers"])
    assert table.value.iloc[0] == pytest.approx(15.0)


HEAD = "lsoa11cd,admissions\n"
BAD_VALUES = [
    (HEAD + "E01013335,four\n", "falls.csv: line 2: field admissions: 'four' is not a number"),
    (HEAD + "E01013335,-1\n", "falls.csv: line 2: field admissions: '-1' is negative"),
    (HEAD + "E01013335,1\nE01013335,2\n", "line 3: field lsoa11cd: E01013335 is also on line 2"),
    (HEAD + "E0XXXXXXX,1\n", "line 2: field lsoa11cd: 'E0XXXXXXX' is not an English LSOA"),
    ("code,admissions\nE01013335,1\n", "falls.csv: line 1: field lsoa11cd: missing"),
]


@pytest.mark.parametrize(("text", "message"), BAD_VALUES)
def test_bad_values_name_file_line_and_field(falls, text, message):
    (falls.parent / "falls.csv").write_text(text)
    with pytest.raises(PlacesError, match=message):
        load_user_indicators(falls, england_lsoas().index)


def test_bad_metadata_and_postcodes_are_refused(falls, tmp_path):
    (falls.parent / "falls.csv").write_text("lsoa11cd,admissions\nE01013335,1\n")
    falls.write_text(META.replace("kind: rate", "kind: ratio"))
    with pytest.raises(PlacesError, match=r"falls.yaml: indicators\[1\]: .*field kind: 'ratio'"):
        load_user_indicators(falls, england_lsoas().index)
    falls.write_text(META.replace("numerator: admissions", "numerator: admits"))
    with pytest.raises(PlacesError, match="field numerator: no column 'admits'"):
        load_user_indicators(falls, england_lsoas().index)
    path = tmp_path / "pc.csv"
    path.write_text("postcode,carers\nSW1A 1AA,3\n")
    with pytest.raises(PlacesError, match="pc.csv: line 2: field postcode: 'SW1A 1AA' is not in"):
        load_user_indicators(path, england_lsoas().index)
    falls.write_text(META)
    indicators, columns = load_user_indicators(falls, england_lsoas().index)
    store = bundled_store().with_indicators(indicators, columns)
    with pytest.raises(PlacesError, match="indicator 'falls': the id is already in use"):
        store.with_indicators(indicators, columns.add_prefix("again_"))
