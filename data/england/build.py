"""Rebuild ``lsoa11.csv.gz``, one row per English LSOA 2011, from the shared data folder.

Run once by hand when the upstream files change; the product never runs it and never reads
the shared folder. Standard library only::

    python3 data/england/build.py [../shared/data]

It joins the IoD2019 population denominators (mid-2015), the IoD2019 ranks and deciles (File 2),
the IMD 2019 score and the ONS population-weighted centroids, checks them against each other and
against MHCLG's published local-authority summaries, and prints the checks recorded in
``SOURCE.md``. The output is byte-reproducible (gzip mtime 0).
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"  # beside the repo
OUT = HERE / "lsoa11.csv.gz"

POP_IN = "population/File_6_-_IoD2019_Population_Denominators.csv.gz"
DOMAINS_IN = "imd/File_2_-_IoD2019_Domains_of_Deprivation.csv.gz"
SCORE_IN = "imd/imd2019_lsoa11_score_decile_bib.csv"
LAD_SUMMARY_IN = "imd/iod2019_lad_summaries_long.csv"
CENTROIDS_IN = "geography/lsoa11_population_weighted_centroids_gb_ni.csv.gz"

ENGLAND_LSOAS = 32_844
ENGLAND_POPULATION = 54_728_204  # File 6 total, mid-2015 (excluding prisoners)
POP_COLUMNS = {
    "population": "Total population: mid 2015 (excluding prisoners)",
    "age_0_15": "Dependent Children aged 0-15: mid 2015 (excluding prisoners)",
    "age_16_59": "Population aged 16-59: mid 2015 (excluding prisoners)",
    "age_60_plus": "Older population aged 60 and over: mid 2015 (excluding prisoners)",
    "working_age": "Working age population 18-59/64: for use with Employment Deprivation Domain",
}
BANDS = ("age_0_15", "age_16_59", "age_60_plus")
# short name -> (File 2 column prefix, LAD summary index_domain)
DOMAINS = {
    "imd": ("Index of Multiple Deprivation (IMD)", "Index of Multiple Deprivation"),
    "income": ("Income", "Income"),
    "employment": ("Employment", "Employment"),
    "education": ("Education, Skills and Training", "Education, Skills and Training"),
    "health": ("Health Deprivation and Disability", "Health and Disability"),
    "crime": ("Crime", "Crime"),
    "housing_barriers": ("Barriers to Housing and Services", "Barriers to Housing and Services"),
    "living_environment": ("Living Environment", "Living Environment"),
}
FIELDS = [
    "lsoa11cd", "lsoa11nm", "lad19cd", "lad19nm", *POP_COLUMNS, "imd_score",
    *(f"{name}_{what}" for name in DOMAINS for what in ("rank", "decile")),
    "pwc_lat", "pwc_lon",
]  # fmt: skip


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


def count(text: str) -> int:
    return int(text.replace(",", ""))  # File 6 writes thousands separators


def population(shared: Path) -> dict[str, dict[str, str]]:
    out = {}
    for row in read_csv(shared / POP_IN):
        counts = {name: count(column(row, header)) for name, header in POP_COLUMNS.items()}
        assert counts["population"] == sum(counts[band] for band in BANDS), row
        out[row["LSOA code (2011)"]] = {
            "lsoa11nm": row["LSOA name (2011)"],
            "lad19cd": row["Local Authority District code (2019)"],
            "lad19nm": row["Local Authority District name (2019)"],
            **{k: str(v) for k, v in counts.items()},
        }
    return out


def deprivation(shared: Path) -> dict[str, dict[str, str]]:
    scores = {r["LSOA11CD"]: r for r in read_csv(shared / SCORE_IN)}
    out = {}
    for row in read_csv(shared / DOMAINS_IN):
        code = row["LSOA code (2011)"]
        values = {"lad19cd_file2": row["Local Authority District code (2019)"]}
        for name, (prefix, _) in DOMAINS.items():
            values[f"{name}_rank"] = column(row, f"{prefix} Rank")
            values[f"{name}_decile"] = column(row, f"{prefix} Decile")
        assert scores[code]["IMD_2019_decile"] == values["imd_decile"], code
        out[code] = {**values, "imd_score": scores[code]["IMD_2019_score"]}
    assert set(out) == set(scores), "score and File 2 code sets differ"
    return out


def centroids(shared: Path) -> dict[str, dict[str, str]]:
    out = {}
    for row in read_csv(shared / CENTROIDS_IN):
        if row["lsoa11cd"].startswith("E01"):
            lat, lon = float(row["latitude"]), float(row["longitude"])
            assert 49.8 < lat < 55.9 and -6.5 < lon < 1.8, row  # inside England's bounding box
            out[row["lsoa11cd"]] = {"pwc_lat": f"{lat:.6f}", "pwc_lon": f"{lon:.6f}"}
    return out


def build_rows(shared: Path) -> list[dict[str, str]]:
    pop, imd, points = population(shared), deprivation(shared), centroids(shared)
    assert set(pop) == set(imd) == set(points), "code sets differ between the inputs"
    rows = []
    for code in sorted(pop):
        row = {"lsoa11cd": code, **pop[code], **imd[code], **points[code]}
        assert row.pop("lad19cd_file2") == row["lad19cd"], code
        rows.append(row)
    return rows


def check_rank_order(rows: list[dict[str, str]]) -> int:
    """Rank 1 is the most deprived: ordering by rank gives non-increasing (3-decimal) scores.
    Returns how many LSOAs share their IMD rank with another (upstream ties)."""
    ordered = sorted(rows, key=lambda r: int(r["imd_rank"]))
    ranks = [int(r["imd_rank"]) for r in ordered]
    assert ranks[0] == 1 and ranks[-1] == len(rows), (ranks[0], ranks[-1])
    scores = [float(r["imd_score"]) for r in ordered]
    assert all(a >= b for a, b in zip(scores, scores[1:], strict=False)), "rank/score disagree"
    return len(rows) - len(set(ranks))


def check_lad_summaries(shared: Path, rows: list[dict[str, str]]) -> tuple[int, float, float]:
    """Population-weighted LAD means reproduce MHCLG's published average scores and ranks.

    File 10's average rank counts from the least deprived end, so it is compared with
    ``ENGLAND_LSOAS + 1 - mean rank``; the employment domain is weighted by the working-age
    population. Returns the number of LADs and the largest differences."""
    sums: dict[tuple[str, str], float] = defaultdict(float)
    people: dict = defaultdict(int)
    for row in rows:
        lad, weight, workers = row["lad19cd"], int(row["population"]), int(row["working_age"])
        people[lad] += weight
        people[lad, "employment"] += workers
        sums[lad, "score"] += weight * float(row["imd_score"])
        for name in DOMAINS:
            rank = int(row[f"{name}_rank"])
            sums[lad, name] += (workers if name == "employment" else weight) * rank
    by_domain = {label: name for name, (_, label) in DOMAINS.items()}
    rank_gaps, score_gaps = [], []
    for summary in read_csv(shared / LAD_SUMMARY_IN):
        name, lad = by_domain.get(summary["index_domain"]), summary["lad19cd"]
        if name is None or lad not in people:
            continue
        total = people[lad]
        weights = people[lad, "employment"] if name == "employment" else total
        mean_rank = ENGLAND_LSOAS + 1 - sums[lad, name] / weights
        rank_gaps.append(abs(mean_rank - float(summary["average_rank"])))
        if name == "imd":
            score_gaps.append(abs(sums[lad, "score"] / total - float(summary["average_score"])))
    lads = len(score_gaps)
    assert lads == len({row["lad19cd"] for row in rows}) and len(rank_gaps) == lads * len(DOMAINS)
    assert max(rank_gaps) < 1.5 and max(score_gaps) < 0.0006, (max(rank_gaps), max(score_gaps))
    return lads, max(rank_gaps), max(score_gaps)


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def main(shared: Path = DEFAULT_SHARED) -> None:
    rows = build_rows(shared)
    total = sum(int(r["population"]) for r in rows)
    assert len(rows) == ENGLAND_LSOAS and total == ENGLAND_POPULATION, (len(rows), total)
    tied = check_rank_order(rows)
    lads, rank_gap, score_gap = check_lad_summaries(shared, rows)
    OUT.write_bytes(gzip.compress(csv_bytes(rows), compresslevel=9, mtime=0))
    print(f"{OUT.name}: {len(rows)} LSOAs in {lads} local authorities")  # noqa: T201
    print(f"mid-2015 population {total:,}; {tied} IMD ranks are shared (ties)")  # noqa: T201
    print(  # noqa: T201
        "population-weighted LAD means against MHCLG's summaries, all 8 indices: "
        f"average rank within {rank_gap:.3f}, IMD average score within {score_gap:.5f}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SHARED)
