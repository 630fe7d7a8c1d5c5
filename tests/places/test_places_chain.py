"""Issue 6 acceptance, end to end: for a local authority whose LSOA 2011 boundaries are supplied
with --boundaries (Islington's real ONS file, passed as a user would), design -> profile of the
designed neighbourhoods -> hub siting -> outreach from the chosen hubs, every step writing maps."""

import csv
import json

import pytest
from django.core.management import call_command

from locality.analytics.places.geography import PLACES_DIR, load_area

LA = "E09000019"  # Islington: 123 LSOAs, about 227,000 residents
PNG = b"\x89PNG"


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    folder = tmp_path_factory.mktemp("islington")
    boundaries = folder / "islington_lsoa11.geojson"
    boundaries.write_bytes((PLACES_DIR / f"lsoa11_boundaries_{LA}.geojson").read_bytes())
    area = load_area(LA)
    top = area.lsoas.sort_values("population", ascending=False).head(12)
    candidates = folder / "candidates.csv"
    with candidates.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "latitude", "longitude"])
        for code, row in top.iterrows():
            writer.writerow([f"site {code}", row.pwc_lat, row.pwc_lon])
    common = ["--la", LA, "--boundaries", str(boundaries)]
    design = folder / "design.geojson"
    call_command("places", "design", *common, "--target-population", "50000", "--count", "3",
                 "--out", str(design))  # fmt: skip
    call_command("places", "profile", *common, "--neighbourhoods", str(design),
                 "--out", str(folder / "profile"))  # fmt: skip
    call_command("places", "hubs", *common, "--candidates", str(candidates), "-k", "3",
                 "--out", str(folder / "hubs"))  # fmt: skip
    call_command("places", "outreach", "--hubs", str(folder / "hubs" / "sites.csv"),
                 *common, "--radius-km", "1", "--stops", "4",
                 "--out", str(folder / "outreach"))  # fmt: skip
    return folder, area


def test_count_overrides_the_derived_number_and_the_design_is_whole(chain):
    folder, area = chain
    features = json.loads((folder / "design.geojson").read_text())["features"]
    assert len(features) == 3  # 227,000 / 50,000 would give 5
    codes = [code for f in features for code in f["properties"]["lsoa_codes"]]
    assert sorted(codes) == sorted(area.codes)
    assert all(f["properties"]["contiguous"] for f in features)
    mean = area.population / 3
    for feature in features:
        assert abs(feature["properties"]["population"] - mean) <= 0.15 * mean


def test_the_profile_is_of_the_designed_neighbourhoods_with_maps(chain):
    folder, _ = chain
    names = {
        f["properties"]["name"]
        for f in json.loads((folder / "design.geojson").read_text())["features"]
    }
    with (folder / "profile" / "profile.csv").open() as handle:
        profiled = {row["neighbourhood"] for row in csv.DictReader(handle)}
    assert names <= profiled
    pngs = list((folder / "profile").rglob("*.png"))
    assert pngs and all(p.read_bytes()[:4] == PNG for p in pngs)


def test_hubs_and_outreach_write_plans_and_maps(chain):
    folder, _ = chain
    with (folder / "hubs" / "sites.csv").open() as handle:
        sites = list(csv.DictReader(handle))
    assert len(sites) == 3 and all(s["name"].startswith("site E01") for s in sites)
    for name in ("need_sites.png", "catchments.png", "access.png"):
        assert (folder / "hubs" / name).read_bytes()[:4] == PNG
    assert (folder / "outreach" / "map.png").read_bytes()[:4] == PNG
    with (folder / "outreach" / "stops.csv").open() as handle:
        assert 1 <= len(list(csv.DictReader(handle))) <= 4
