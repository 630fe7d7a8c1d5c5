"""Tests for locality.demo.place: the real York LSOA, deprivation and postcode data."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest

from locality.demo import place
from locality.demo.place import PlaceDataError, load_lsoas, load_postcodes, neighbourhood_of

SOURCE_MD = place.DATA_DIR / "SOURCE.md"


@pytest.fixture(scope="module")
def lsoas() -> list[place.Lsoa]:
    return load_lsoas()


@pytest.fixture(scope="module")
def postcodes() -> dict[str, list[place.Postcode]]:
    return load_postcodes()


def documented_total() -> int:
    """The York mid-2015 population total stated in data/york/SOURCE.md."""
    pattern = r"York population total \(mid-2015\): \*\*([\d,]+)\*\*"
    match = re.search(pattern, SOURCE_MD.read_text(encoding="utf-8"))
    assert match, "SOURCE.md must state the York population total"
    return int(match.group(1).replace(",", ""))


def test_120_york_lsoas_with_valid_unique_codes(lsoas):
    codes = [lsoa.code for lsoa in lsoas]
    assert len(codes) == 120
    assert codes == sorted(set(codes))
    assert all(re.fullmatch(r"E01\d{6}", code) for code in codes)
    assert all(lsoa.name.startswith("York ") for lsoa in lsoas)
    assert all(re.fullmatch(r"E02\d{6}", lsoa.msoa_code) for lsoa in lsoas)
    assert all(re.fullmatch(r"E05\d{6}", lsoa.ward_code) and lsoa.ward_name for lsoa in lsoas)
    assert (place.LA_CODE, place.LA_NAME) == ("E06000014", "York")


def test_population_total_matches_source_md(lsoas):
    assert sum(lsoa.population for lsoa in lsoas) == documented_total() == 205_699
    for lsoa in lsoas:
        assert lsoa.population == lsoa.age_0_15 + lsoa.age_16_59 + lsoa.age_60_plus


def test_imd_values_are_consistent_with_the_published_york_average(lsoas):
    # MHCLG's LAD "average score" for York is the population-weighted mean LSOA score: 11.727.
    total = sum(lsoa.population for lsoa in lsoas)
    mean = sum(lsoa.imd_score * lsoa.population for lsoa in lsoas) / total
    assert round(mean, 3) == 11.727
    by_rank = sorted(lsoas, key=lambda lsoa: lsoa.imd_rank)
    assert [lsoa.imd_score for lsoa in by_rank] == sorted(
        (lsoa.imd_score for lsoa in lsoas), reverse=True
    )
    for lsoa in lsoas:
        assert 1 <= lsoa.imd_decile <= 10
        assert set(lsoa.domain_deciles) == set(place.DOMAINS)
        assert all(1 <= decile <= 10 for decile in lsoa.domain_deciles.values())


def _inside(lon: float, lat: float, ring: list[list[float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_each_lsoa_has_a_polygon_around_its_centroid(lsoas):
    inside = 0
    for lsoa in lsoas:
        assert lsoa.geometry["type"] == "Polygon"
        inside += _inside(lsoa.lon, lsoa.lat, lsoa.geometry["coordinates"][0])
    assert inside >= 118  # upstream: 2 centroids sit <= 3 m outside generalised boundaries


def test_postcodes_exist_for_every_lsoa(lsoas, postcodes):
    assert set(postcodes) == {lsoa.code for lsoa in lsoas}
    assert sum(len(items) for items in postcodes.values()) == 5367
    for code, items in postcodes.items():
        assert any(not p.large_user for p in items), code
        assert all(p.lsoa_code == code for p in items)
        assert [p.pcds for p in items] == sorted(p.pcds for p in items)
    all_codes = [p.pcds for items in postcodes.values() for p in items]
    assert len(all_codes) == len(set(all_codes))
    assert all(re.fullmatch(r"YO\d{1,2} \d[A-Z]{2}", pcds) for pcds in all_codes)


def test_neighbourhoods_split_york_into_four_areas(lsoas):
    groups = place.neighbourhoods(lsoas)
    assert list(groups) == ["North", "East", "South", "West"]
    assert sum(len(members) for members in groups.values()) == 120
    populations = {name: sum(lsoa.population for lsoa in group) for name, group in groups.items()}
    assert all(40_000 < total < 65_000 for total in populations.values()), populations
    for name, members in groups.items():
        assert all(neighbourhood_of(lsoa) == name for lsoa in members)


def test_bearing_is_a_compass_bearing():
    centre = (-1.08, 53.96)
    assert place.bearing_from(centre, -1.08, 54.0) == pytest.approx(0.0)
    assert place.bearing_from(centre, -1.0, 53.96) == pytest.approx(90.0)
    assert place.bearing_from(centre, -1.08, 53.9) == pytest.approx(180.0)
    assert place.bearing_from(centre, -1.2, 53.96) == pytest.approx(270.0)


# --- bad data ------------------------------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    for name in (place.LSOA_FILE, place.BOUNDARIES_FILE, place.POSTCODES_FILE):
        shutil.copy(place.DATA_DIR / name, tmp_path / name)
    return tmp_path


def _rewrite_lsoa_csv(folder: Path, edit) -> Path:
    path = folder / place.LSOA_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(edit(lines)), encoding="utf-8")
    return path


def test_data_dir_override(data_copy):
    assert len(load_lsoas(data_copy)) == 120
    assert len(load_postcodes(data_copy)) == 120


def test_bad_value_names_file_row_and_column(data_copy):
    def break_decile(lines):
        fields = lines[2].split(",")
        fields[14] = "eleven"  # imd_decile
        lines[2] = ",".join(fields)
        return lines

    path = _rewrite_lsoa_csv(data_copy, break_decile)
    with pytest.raises(PlaceDataError) as caught:
        load_lsoas(data_copy)
    message = str(caught.value)
    assert str(path) in message and "row 3" in message and "'imd_decile'" in message


def test_missing_value_and_out_of_range_value(data_copy):
    # a tiny hand-written file: the header and one row, first with a missing name
    path = data_copy / place.LSOA_FILE
    header, first_row = path.read_text(encoding="utf-8").splitlines()[:2]
    good_row = first_row.split(",")
    good_row[1] = ""
    path.write_text(f"{header}\n{','.join(good_row)}\n", encoding="utf-8")
    with pytest.raises(PlaceDataError, match=r"row 2, column 'lsoa11nm': value is missing"):
        load_lsoas(data_copy)
    good_row[1], good_row[7] = "York 012A", "-1.1"  # pwc_lat outside York
    path.write_text(f"{header}\n{','.join(good_row)}\n", encoding="utf-8")
    with pytest.raises(PlaceDataError, match=r"row 2, column 'pwc_lat': -1.1 is outside"):
        load_lsoas(data_copy)


def test_missing_column_and_missing_file(data_copy):
    path = _rewrite_lsoa_csv(data_copy, lambda ls: [ls[0].replace("imd_score", "x"), *ls[1:]])
    with pytest.raises(PlaceDataError, match=r"row 1, column 'imd_score': column is missing"):
        load_lsoas(data_copy)
    path.unlink()
    with pytest.raises(PlaceDataError, match=re.escape(str(path))):
        load_lsoas(data_copy)


def test_bands_must_add_up(data_copy):
    def break_total(lines):
        fields = lines[1].split(",")
        fields[8] = str(int(fields[8]) + 1)
        return [lines[0], ",".join(fields), *lines[2:]]

    _rewrite_lsoa_csv(data_copy, break_total)
    with pytest.raises(PlaceDataError, match=r"row 2, column 'population'"):
        load_lsoas(data_copy)


def test_bad_postcode_row(tmp_path):
    text = "pcds,lsoa11cd,lat,lon,wd25cd,usertype\nYO1 0EB,E01033068,lat?,-1.09,E05010325,0\n"
    (tmp_path / place.POSTCODES_FILE).write_bytes(gzip.compress(text.encode()))
    with pytest.raises(PlaceDataError) as caught:
        load_postcodes(tmp_path)
    assert "postcodes.csv.gz: row 2, column 'lat'" in str(caught.value)
