"""``locality places design``: the files it writes for York and for an area with supplied
boundaries, and bad input refused with nothing written."""

import json

import geopandas as gpd
import pytest
import shapely
from django.core.management import CommandError, call_command

from locality.analytics.places.design import FEATURE_PROPERTIES
from locality.analytics.places.geography import WGS84, load_area


def test_york_design_writes_geojson_map_report_and_lsoa_table(tmp_path, capsys):
    out = tmp_path / "york.geojson"
    call_command("places", "design", "--la", "E06000014", "--target-population", "50000",
                 "--restarts", "4", "--need-weight", "2", "--out", str(out))  # fmt: skip
    document = json.loads(out.read_text())
    features = document["features"]
    assert len(features) == 4
    share = 205_699 / 4
    for feature in features:
        properties = feature["properties"]
        assert set(FEATURE_PROPERTIES) <= set(properties)
        assert abs(properties["population"] / share - 1) <= 0.15
        assert properties["lsoa_count"] == len(properties["lsoa_codes"])
        assert properties["contiguous"] is True
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    point = shapely.geometry.shape(features[0]["geometry"]).representative_point()
    lon, lat = point.x, point.y
    assert -1.3 < lon < -0.8 and 53.8 < lat < 54.1  # WGS84 around York
    assert document["locality_design"]["count"] == 4
    assert (tmp_path / "york.png").read_bytes()[:4] == b"\x89PNG"
    report = (tmp_path / "york.html").read_text()
    assert "Adjusted Rand index" in report and "York 4" in report
    assert len((tmp_path / "york_lsoas.csv").read_text().splitlines()) == 121
    assert "4 neighbourhoods" in capsys.readouterr().out


def test_any_area_with_supplied_boundaries_and_a_count(tmp_path):
    # Hartlepool has no bundled boundaries: supply shapes as a user would (here its cells)
    area = load_area("E06000001")
    boundaries = tmp_path / "hartlepool.geojson"
    frame = gpd.GeoDataFrame({"LSOA11CD": area.codes}, geometry=area.shapes.values, crs=WGS84)
    boundaries.write_text(frame.to_json())
    out = tmp_path / "hartlepool.geojson"
    call_command("places", "design", "--la", "E06000001", "--target-population", "50000",
                 "--count", "3", "--boundaries", str(boundaries), "--out", str(out))  # fmt: skip
    features = json.loads(out.read_text())["features"]
    assert len(features) == 3
    assert sum(f["properties"]["lsoa_count"] for f in features) == len(area.codes)
    assert all(f["properties"]["contiguous"] for f in features)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--target-population", "50000", "--count", "500"], "only 120 LSOAs"),
        (["--target-population", "900000"], "would be 0"),
        (
            ["--target-population", "50000", "--tolerance", "0.001", "--restarts", "1"],
            "cannot keep",
        ),
        (["--target-population", "50000", "--wards", "w.csv"], "only used with"),
        (["--target-population", "50000", "--need-weight", "-1"], "--need-weight -1.0: must be"),
    ],
)
def test_bad_requests_exit_2_and_write_nothing(tmp_path, arguments, message):
    out = tmp_path / "design.geojson"
    with pytest.raises(CommandError, match=message) as raised:
        call_command("places", "design", "--la", "E06000014", *arguments, "--out", str(out))
    assert raised.value.returncode == 2
    assert list(tmp_path.iterdir()) == []


def test_compare_with_an_existing_boundary_set(tmp_path):
    first = tmp_path / "first.geojson"
    arguments = ["places", "design", "--la", "E06000014", "--target-population", "50000",
                 "--restarts", "2", "--seed", "5"]  # fmt: skip
    call_command(*arguments, "--out", str(first))
    # the same design compared with itself agrees exactly
    again = tmp_path / "again.geojson"
    call_command(*arguments, "--compare", str(first), "--out", str(again))
    report = (tmp_path / "again.html").read_text()
    assert "<td>first.geojson</td><td>4</td><td>0</td><td>1.000</td><td>100.0%</td>" in report
    bad = tmp_path / "bad.geojson"
    point = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Point", "coordinates": [0, 0]},
    }
    bad.write_text(json.dumps({"type": "FeatureCollection", "features": [point]}))
    with pytest.raises(CommandError, match="bad.geojson: feature 1: field geometry"):
        call_command(*arguments, "--compare", str(bad), "--out", str(tmp_path / "x.geojson"))
    assert not (tmp_path / "x.geojson").exists()
