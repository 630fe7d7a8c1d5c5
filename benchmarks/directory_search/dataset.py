"""The benchmark's directory and queries: synthetic services on real English geography.

Standard library and `locality.demo.directory` only (no Django), so the orchestrator can
generate the feed once and hand the same file to every engine.

- `load_areas()`: the 32,758 English LSOAs in `data/england_lsoa11.csv.gz` (see
  data/SOURCE.md) as `locality.demo.directory.Area`, each LSOA's local authority as its town.
- `area_points(areas)`: `POINTS_PER_AREA` venue points per LSOA, scattered around its
  population-weighted centroid (normal, `POINT_SPREAD_M` per axis), each with a synthetic
  postcode in the "Z" area (no real UK postcode area is "Z", so none can clash).
- `write_feed(...)`: the York demo generator (`generate_directory`) run over all of England:
  supply weighted by population, age bands and deprivation, 1-3 locations a service, weekly
  schedules, need attributes, ages and costs. Written as one HSDS 3.0 JSON list.
- `sample_queries(...)`: need (one of the 14 top-level needs, which takes in its specific
  needs) + distance + "open on a day at a time" (any day, 09:00 to 16:45) searches from random
  LSOA centroids (uniform over LSOAs, so roughly over where people live), each with its own
  synthetic query postcode ("Z90" to "Z99") placed exactly on the centroid.
"""

import csv
import gzip
import io
import json
import math
import random
from dataclasses import dataclass
from pathlib import Path

from locality.demo.directory import Area, Point, generate_directory, load_taxonomies

HERE = Path(__file__).resolve().parent
AREAS_FILE = HERE / "data" / "england_lsoa11.csv.gz"
POINTS_PER_AREA = 3
POINT_SPREAD_M = 250.0
METRES_PER_DEGREE = 111_195.0
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the 20 letters a UK inward code may use
CODES_PER_DISTRICT = 10 * len(INWARD_LETTERS) ** 2  # 4,000: "Z7 0AA" to "Z7 9ZZ"
QUERY_DISTRICT = 90  # query postcodes are Z90 0AA onwards; venue points stay below
NEEDS_TAXONOMY = "Locality needs"
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def load_areas(path: Path = AREAS_FILE) -> list[Area]:
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    return [
        Area(
            code=row["lsoa11cd"],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            population=int(row["population"]),
            name=row["lad19nm"],
            imd_decile=int(row["imd_decile"]),
            age_0_15=int(row["age_0_15"]),
            age_60_plus=int(row["age_60_plus"]),
            town=row["lad19nm"],
        )  # fmt: skip
        for row in csv.DictReader(io.StringIO(text))
    ]


def synthetic_postcode(n: int, district_offset: int = 0) -> str:
    """The n-th postcode of the fictional "Z" area: Z1 0AA, Z1 0AB, ... (valid UK format)."""
    district, rest = divmod(n, CODES_PER_DISTRICT)
    digit, rest = divmod(rest, len(INWARD_LETTERS) ** 2)
    first, second = divmod(rest, len(INWARD_LETTERS))
    return (
        f"Z{district + 1 + district_offset} {digit}{INWARD_LETTERS[first]}{INWARD_LETTERS[second]}"
    )


def area_points(areas: list[Area], seed: int) -> dict[str, list[Point]]:
    limit = QUERY_DISTRICT * CODES_PER_DISTRICT
    if len(areas) * POINTS_PER_AREA > limit:
        raise ValueError("too many venue points for the synthetic postcode range")
    rng = random.Random(f"{seed}/points")
    points, n = {}, 0
    for area in areas:
        here = []
        for _ in range(POINTS_PER_AREA):
            north, east = rng.gauss(0, POINT_SPREAD_M), rng.gauss(0, POINT_SPREAD_M)
            lat = area.lat + north / METRES_PER_DEGREE
            lon = area.lon + east / (METRES_PER_DEGREE * math.cos(math.radians(area.lat)))
            here.append(Point(synthetic_postcode(n), round(lat, 6), round(lon, 6)))
            n += 1
        points[area.code] = here
    return points


def write_feed(path: Path, areas: list[Area], *, services: int, seed: int) -> dict:
    """Generate the directory and write it as one HSDS 3.0 JSON list; returns counts."""
    directory = generate_directory(
        areas, area_points(areas, seed), seed=seed, services=services, city="England",
        state_province="England", la_code="",
    )  # fmt: skip
    documents = [*directory["taxonomies"], *directory["taxonomy_terms"], *directory["services"]]
    with path.open("w", encoding="utf-8") as handle:
        json.dump(documents, handle, ensure_ascii=False, separators=(",", ":"))
    sals = [sal for s in directory["services"] for sal in s.get("service_at_locations", [])]
    return {
        "services": len(directory["services"]),
        "service_at_locations": len(sals),
        "locations": len({sal["location"]["id"] for sal in sals if sal.get("location")}),
        "bytes": path.stat().st_size,
    }


@dataclass(frozen=True)
class Query:
    postcode: str  # synthetic, registered in the benchmark database only
    lat: float
    lon: float
    lsoa: str
    need: str  # a top-level need's term id (the search adds its specific needs)
    day: int  # 0 = Monday, as the search form
    time: str  # "HH:MM"

    def form_data(self, miles: int) -> dict[str, str]:
        """The public search form's fields (GET parameters) for this search."""
        return {
            "need": self.need, "postcode": self.postcode, "distance": str(miles),
            "when": "at", "day": str(self.day), "time": self.time,
        }  # fmt: skip


def need_term_ids() -> list[str]:
    """The top-level needs (14): the search takes in their specific needs too."""
    taxonomies, terms = load_taxonomies()
    needs = {t["id"] for t in taxonomies if t["name"] == NEEDS_TAXONOMY}
    return sorted(
        t["id"] for t in terms if t.get("taxonomy_id") in needs and not t.get("parent_id")
    )


def sample_queries(areas: list[Area], count: int, seed: int) -> list[Query]:
    """`count` searches: a random centroid, top-level need, day and daytime quarter hour."""
    rng = random.Random(f"{seed}/queries")
    needs = need_term_ids()
    queries = []
    for n in range(count):
        area = rng.choice(areas)
        minutes = rng.randrange(9 * 60, 17 * 60, 15)  # daytime, quarter hours
        queries.append(
            Query(
                postcode=synthetic_postcode(n, QUERY_DISTRICT - 1),
                lat=area.lat,
                lon=area.lon,
                lsoa=area.code,
                need=rng.choice(needs),
                day=rng.randrange(7),
                time=f"{minutes // 60:02d}:{minutes % 60:02d}",
            )  # fmt: skip
        )
    return queries


def write_queries(path: Path, queries: list[Query]) -> None:
    path.write_text(json.dumps([q.__dict__ for q in queries]), encoding="utf-8")


def read_queries(path: Path) -> list[Query]:
    return [Query(**item) for item in json.loads(path.read_text(encoding="utf-8"))]
