"""Rebuild `data/england_lsoa11.csv.gz` from the shared ONS/MHCLG files (see data/SOURCE.md).

    .venv/bin/python benchmarks/directory_search/build_data.py [SHARED_DATA_DIR]

One row per English LSOA 2011 (E01...), Preston (E07000123) left out: its geography is kept
back as a holdout. Columns: lsoa11cd, lat, lon (population-weighted centroid, 5 decimals,
about 1 m), population, age_0_15, age_60_plus (mid-2015), imd_decile (IMD 2019), lad19nm.
"""

import csv
import gzip
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "data" / "england_lsoa11.csv.gz"
SHARED = HERE.parents[2] / "shared" / "data"  # ../shared beside the repository
CENTROIDS = "geography/lsoa11_population_weighted_centroids_gb_ni.csv.gz"
POPULATION = "population/File_6_-_IoD2019_Population_Denominators.csv.gz"
IMD = "imd/File_2_-_IoD2019_Domains_of_Deprivation.csv.gz"
HOLDOUT_LADS = {"E07000123"}  # Preston
IMD_DECILE = "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)"
COLUMNS = ("lsoa11cd", "lat", "lon", "population", "age_0_15", "age_60_plus", "imd_decile",
           "lad19nm")  # fmt: skip


def _rows(path: Path):
    text = gzip.decompress(path.read_bytes()).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _int(value: str) -> int:
    return int(value.replace(",", ""))


def build(shared: Path = SHARED) -> int:
    centroids = {r["lsoa11cd"]: r for r in _rows(shared / CENTROIDS)}
    imd = {r["LSOA code (2011)"]: r for r in _rows(shared / IMD)}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in _rows(shared / POPULATION):
        code, lad = row["LSOA code (2011)"], row["Local Authority District code (2019)"]
        if not code.startswith("E01") or lad in HOLDOUT_LADS:
            continue
        point = centroids[code]  # every English LSOA has one (geography/SOURCE.md)
        writer.writerow([
            code, f"{float(point['latitude']):.5f}", f"{float(point['longitude']):.5f}",
            _int(row["Total population: mid 2015 (excluding prisoners)"]),
            _int(row["Dependent Children aged 0-15: mid 2015 (excluding prisoners)"]),
            _int(row["Older population aged 60 and over: mid 2015 (excluding prisoners)"]),
            _int(imd[code][IMD_DECILE]),
            row["Local Authority District name (2019)"],
        ])  # fmt: skip
        count += 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(gzip.compress(out.getvalue().encode("utf-8"), compresslevel=9, mtime=0))
    return count


if __name__ == "__main__":
    n = build(Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED)
    print(f"{OUT}: {n} LSOAs, {OUT.stat().st_size:,} bytes")
