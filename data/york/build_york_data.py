"""Rebuild the York (E06000014) place files in this folder from the shared data folder.

Run once by hand when the upstream files change; the product never runs it and never reads
the shared folder. Standard library only::

    python3 data/york/build_york_data.py [../shared/data]

It writes ``lsoa11_boundaries.geojson``, ``lsoa.csv`` and ``postcodes.csv.gz`` next to itself
and prints the checks recorded in ``SOURCE.md``. Outputs are byte-reproducible (gzip mtime 0).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from pathlib import Path

LA_CODE = "E06000014"
HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"  # beside the repo

GEOJSON_IN = "geography/lsoa11_boundaries_E06000014.geojson"
LOOKUP_IN = "geography/lsoa11_to_msoa11_lad19_ward25_lookup_york_haringey_islington.csv"
CENTROIDS_IN = "geography/lsoa11_population_weighted_centroids_gb_ni.csv.gz"
POP_IN = "population/File_6_-_IoD2019_Population_Denominators.csv.gz"
DOMAINS_IN = "imd/File_2_-_IoD2019_Domains_of_Deprivation.csv.gz"
SCORE_IN = "imd/imd2019_lsoa11_score_decile_bib.csv"
MERGED_IN = "imd/imd2019_merged_lsoa11_york_haringey_islington.csv"
POSTCODES_IN = "postcodes/postcode_to_oa11_lsoa11_msoa11_lad_york_haringey_islington.csv.gz"

POP_COLUMNS = {
    "population": "Total population: mid 2015 (excluding prisoners)",
    "age_0_15": "Dependent Children aged 0-15: mid 2015 (excluding prisoners)",
    "age_16_59": "Population aged 16-59: mid 2015 (excluding prisoners)",
    "age_60_plus": "Older population aged 60 and over: mid 2015 (excluding prisoners)",
}
DOMAIN_PREFIXES = {
    "income_decile": "Income Decile",
    "employment_decile": "Employment Decile",
    "education_decile": "Education, Skills and Training Decile",
    "health_decile": "Health Deprivation and Disability Decile",
    "crime_decile": "Crime Decile",
    "housing_barriers_decile": "Barriers to Housing and Services Decile",
    "living_environment_decile": "Living Environment Decile",
}
LSOA_FIELDS = [
    "lsoa11cd", "lsoa11nm", "msoa11cd", "msoa11nm", "wd25cd_bestfit", "wd25nm",
    "pwc_lon", "pwc_lat", *POP_COLUMNS, "imd_score", "imd_rank", "imd_decile",
    *DOMAIN_PREFIXES,
]  # fmt: skip
POSTCODE_FIELDS = ["pcds", "lsoa11cd", "lat", "lon", "wd25cd", "usertype"]


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV or .csv.gz file, BOM stripped."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def column(row: dict[str, str], prefix: str) -> str:
    """The value of the one column whose header starts with ``prefix``."""
    matches = [key for key in row if key.startswith(prefix)]
    if len(matches) != 1:
        raise KeyError(f"expected one column starting {prefix!r}, found {matches}")
    return row[matches[0]]


def as_int(text: str) -> int:
    return int(text.replace(",", ""))


def round_coords(value: object, places: int = 5) -> object:
    """Round every number in nested GeoJSON coordinate lists."""
    if isinstance(value, list):
        return [round_coords(item, places) for item in value]
    return round(float(value), places)


def build_geojson(shared: Path) -> tuple[str, set[str]]:
    source = json.loads((shared / GEOJSON_IN).read_text(encoding="utf-8"))
    features = []
    for feature in sorted(source["features"], key=lambda f: f["properties"]["LSOA11CD"]):
        props = feature["properties"]
        assert props["LADCD_ACTIVE"] == LA_CODE, props
        geometry = feature["geometry"]
        features.append({
            "type": "Feature",
            "properties": {"LSOA11CD": props["LSOA11CD"], "LSOA11NM": props["LSOA11NM"]},
            "geometry": {
                "type": geometry["type"],
                "coordinates": round_coords(geometry["coordinates"]),
            },
        })  # fmt: skip
    collection = {"type": "FeatureCollection", "name": "lsoa11_E06000014", "features": features}
    # one feature per line: compact, yet diffs stay readable
    text = json.dumps(collection, separators=(",", ":"))
    text = text.replace('{"type":"Feature"', '\n{"type":"Feature"')
    return text + "\n", {f["properties"]["LSOA11CD"] for f in features}


def imd_by_code(shared: Path) -> dict[str, dict[str, str]]:
    scores = {r["LSOA11CD"]: r for r in read_csv(shared / SCORE_IN)}
    out: dict[str, dict[str, str]] = {}
    for row in read_csv(shared / DOMAINS_IN):
        if row["Local Authority District code (2019)"] != LA_CODE:
            continue
        code = row["LSOA code (2011)"]
        score = scores[code]
        decile = column(row, "Index of Multiple Deprivation (IMD) Decile")
        assert score["IMD_2019_decile"] == decile, code
        out[code] = {
            "imd_score": score["IMD_2019_score"],
            "imd_rank": column(row, "Index of Multiple Deprivation (IMD) Rank"),
            "imd_decile": decile,
            **{name: column(row, prefix) for name, prefix in DOMAIN_PREFIXES.items()},
        }
    return out


def population_by_code(shared: Path) -> dict[str, dict[str, str]]:
    out = {}
    for row in read_csv(shared / POP_IN):
        if row["Local Authority District code (2019)"] != LA_CODE:
            continue
        counts = {name: as_int(row[header]) for name, header in POP_COLUMNS.items()}
        assert counts["population"] == sum(list(counts.values())[1:]), row
        out[row["LSOA code (2011)"]] = {k: str(v) for k, v in counts.items()}
    return out


def build_lsoa_rows(shared: Path) -> list[dict[str, str]]:
    imd = imd_by_code(shared)
    population = population_by_code(shared)
    centroids = {r["lsoa11cd"]: r for r in read_csv(shared / CENTROIDS_IN) if r["lsoa11cd"] in imd}
    rows = []
    for look in read_csv(shared / LOOKUP_IN):
        if look["lad19cd"] != LA_CODE:
            continue
        code = look["lsoa11cd"]
        centroid = centroids[code]
        assert abs(float(centroid["longitude"]) - float(look["pwc_lon"])) < 1e-6, code
        assert abs(float(centroid["latitude"]) - float(look["pwc_lat"])) < 1e-6, code
        row = {key: look[key] for key in LSOA_FIELDS[:6]}
        row["pwc_lon"] = f"{float(look['pwc_lon']):.6f}"
        row["pwc_lat"] = f"{float(look['pwc_lat']):.6f}"
        rows.append({**row, **population[code], **imd[code]})
    rows.sort(key=lambda r: r["lsoa11cd"])
    assert {r["lsoa11cd"] for r in rows} == set(imd) == set(population), "code sets differ"
    return rows


def cross_check_merged(shared: Path, rows: list[dict[str, str]]) -> None:
    """The shared convenience join must agree with what was derived here from the raw files."""
    merged = {r["LSOA code (2011)"]: r for r in read_csv(shared / MERGED_IN)}
    for row in rows:
        other = merged[row["lsoa11cd"]]
        assert float(other["Index of Multiple Deprivation (IMD) Score"]) == float(row["imd_score"])
        assert as_int(column(other, "Total population")) == int(row["population"])
        assert column(other, "Crime Decile") == row["crime_decile"]


def build_postcodes(shared: Path, lsoa_codes: set[str]) -> list[dict[str, str]]:
    out = []
    for row in read_csv(shared / POSTCODES_IN):
        if row["ladcd"] != LA_CODE or row["doterm"] or not row["lat"]:
            continue
        assert row["lsoa11cd"] in lsoa_codes, row["pcds"]
        out.append({
            "pcds": row["pcds"], "lsoa11cd": row["lsoa11cd"], "lat": row["lat"],
            "lon": row["lon"], "wd25cd": row["cpo_ward_code_2025"], "usertype": row["usertype"],
        })  # fmt: skip
    out.sort(key=lambda r: (r["lsoa11cd"], r["pcds"]))
    return out


def csv_text(fields: list[str], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main(shared: Path = DEFAULT_SHARED) -> None:
    geojson, geo_codes = build_geojson(shared)
    rows = build_lsoa_rows(shared)
    cross_check_merged(shared, rows)
    assert geo_codes == {r["lsoa11cd"] for r in rows}, "boundary and table codes differ"
    postcodes = build_postcodes(shared, geo_codes)
    assert {p["lsoa11cd"] for p in postcodes} == geo_codes, "an LSOA has no live postcode"
    (HERE / "lsoa11_boundaries.geojson").write_text(geojson, encoding="utf-8")
    (HERE / "lsoa.csv").write_text(csv_text(LSOA_FIELDS, rows), encoding="utf-8")
    data = csv_text(POSTCODE_FIELDS, postcodes).encode("utf-8")
    (HERE / "postcodes.csv.gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    total = sum(int(r["population"]) for r in rows)
    small = sum(p["usertype"] == "0" for p in postcodes)
    print(f"lsoa.csv: {len(rows)} rows, mid-2015 population {total:,}")  # noqa: T201
    print(f"lsoa11_boundaries.geojson: {len(geo_codes)} features")  # noqa: T201
    print(f"postcodes.csv.gz: {len(postcodes)} live postcodes ({small} small-user)")  # noqa: T201


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SHARED)
