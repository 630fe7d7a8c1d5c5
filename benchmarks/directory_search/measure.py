"""Inside one engine's database: import the feed (timed), then time the search and the floor.

    DATABASE_URL=... python -m benchmarks.directory_search.measure FEED QUERIES OUT \
        --miles 5 --warmup 30

Run by the orchestrator (`__init__.py`) as a child process, once per engine, on a database
already migrated. Writes a JSON document of figures to OUT.

- Import: `directory_import(by=SystemActor, path=FEED)`, the real path (read, validate,
  write, derived fields, metadata, audit), timed from the call to its return.
- The query postcodes (synthetic, on LSOA centroids) are added to `places.Postcode`, so the
  public search page can find them; only in this throwaway database.
- Each query's keyword arguments come from the public page's own `SearchForm` (so in-process
  and HTTP run the same search); then `search_services(...)` is timed exactly as the view
  calls it (public, 20 a page), and so is the floor: one plain SQL statement over the same
  filters (see `FLOOR_SQL`). The two alternate in order from query to query.
"""

import argparse
import datetime as dt
import json
import math
import os
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")  # the TIME_ZONE schedules are written in


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "locality.config.settings")
    import django

    django.setup()


# The floor: the same filters in one indexed statement, written by hand. The need attribute
# (terms given already expanded to their sub-needs), public services and locations, the
# bounding box on the (latitude, longitude) index, and a weekly or daily schedule of the
# service-at-location or of the service that is open on that day at that time. Nearest first
# (flat-earth distance, squared); the exact radius is applied to the rows in Python.
# On SQLite the unary + keeps its planner, which has no statistics (Locality never runs
# ANALYZE), from reading every attribute of the need by term instead of by service.
FLOOR_SQL = """
SELECT s.id, l.latitude, l.longitude
FROM directory_location l
JOIN directory_serviceatlocation sal ON sal.location_id = l.id
JOIN directory_service s ON s.id = sal.service_id
WHERE l.latitude BETWEEN %s AND %s AND l.longitude BETWEEN %s AND %s
  AND l.confidential = %s AND s.confidential = %s
  AND LOWER(s.status) NOT IN ('inactive', 'defunct')
  AND EXISTS (SELECT 1 FROM directory_attribute a
              WHERE a.link_id = s.id AND {plus}a.taxonomy_term_id IN ({terms}))
  AND (EXISTS (SELECT 1 FROM directory_schedule sc
               WHERE sc.service_at_location_id = sal.id {open_at})
       OR EXISTS (SELECT 1 FROM directory_schedule sc
                  WHERE sc.service_id = s.id AND sc.service_at_location_id IS NULL {open_at}))
ORDER BY (l.latitude - %s) * (l.latitude - %s)
       + (l.longitude - %s) * (l.longitude - %s) * %s
"""
FLOOR_OPEN_AT = """
    AND UPPER(sc.freq) IN ('', 'WEEKLY', 'DAILY')
    AND (sc.byday LIKE %s OR (UPPER(sc.freq) = 'DAILY' AND sc.byday = ''))
    AND sc.opens_at <= %s AND sc.closes_at > %s"""


def floor_search(cursor, kwargs: dict, term_ids: list[str], page: int):
    """The floor for one search: (the nearest `page` service ids, how many in all)."""
    from locality.directory.geo_utils import bounding_box, haversine_m

    lat, lon = kwargs["near"]
    within = kwargs["within_m"]
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, within)
    local = kwargs["open_at"].astimezone(LONDON)
    day = "%" + ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[local.weekday()] + "%"
    at = cursor.db.ops.adapt_timefield_value(local.time().replace(microsecond=0))
    sql = FLOOR_SQL.format(
        terms=", ".join(["%s"] * len(term_ids)),
        open_at=FLOOR_OPEN_AT,
        plus="+" if cursor.db.vendor == "sqlite" else "",
    )
    squeeze = math.cos(math.radians(lat)) ** 2  # longitude degrees are shorter up north
    params = [min_lat, max_lat, min_lon, max_lon, False, False, *term_ids,
              day, at, at, day, at, at, lat, lat, lon, lon, squeeze]  # fmt: skip
    cursor.execute(sql, params)
    seen, order = set(), []
    for service_id, row_lat, row_lon in cursor.fetchall():
        if service_id in seen or haversine_m(lat, lon, row_lat, row_lon) > within:
            continue
        seen.add(service_id)
        order.append(service_id)
    return order[:page], len(order)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), linear between closest ranks."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def summary_ms(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms), "median": statistics.median(ms), "p95": percentile(ms, 95),
        "p99": percentile(ms, 99), "max": max(ms), "mean": statistics.fmean(ms),
    }  # fmt: skip


def do_import(feed: Path) -> dict:
    from locality.directory import models as m
    from locality.directory.importer import directory_import
    from locality.governance.actors import SystemActor

    started = time.perf_counter()
    result = directory_import(by=SystemActor(login="benchmark"), path=feed)
    seconds = time.perf_counter() - started
    if not result.written:
        problems = "; ".join(p.format() for p in result.problems[:5])
        raise SystemExit(f"import refused the feed: {problems}")
    services = m.Service.objects.count()
    return {
        "seconds": seconds, "services": services, "services_per_second": services / seconds,
        "locations": m.Location.objects.count(), "schedules": m.Schedule.objects.count(),
        "attributes": m.Attribute.objects.count(),
    }  # fmt: skip


def add_query_postcodes(queries) -> None:
    from locality.places.models import Postcode

    Postcode.objects.bulk_create(
        [Postcode(postcode=q.postcode, latitude=q.lat, longitude=q.lon, lsoa_code=q.lsoa)
         for q in queries],
        ignore_conflicts=True,
    )  # fmt: skip


def search_kwargs(query, miles: int, now: dt.datetime) -> dict:
    """What the public page passes to `search_services` for this query (its own form)."""
    from locality.directory.forms import SearchForm

    form = SearchForm(query.form_data(miles))
    if not form.is_valid():
        raise SystemExit(f"the search form refused {query}: {form.errors.as_json()}")
    return form.search_kwargs(now)


def measure(queries, *, miles: int, warmup: int, page: int) -> dict:
    from django.db import connection
    from django.utils import timezone

    from locality.directory.search import search_services, terms_with_descendants

    now = timezone.now()
    prepared = []
    for query in queries:
        kwargs = search_kwargs(query, miles, now)
        prepared.append((kwargs, sorted(terms_with_descendants(kwargs["need_term_ids"]))))

    def run_search(kwargs):
        return search_services(
            **kwargs, public=True, include_confidential=False, limit=page, offset=0
        )

    search_s, floor_s, agree, totals, floor_totals, top_agree = [], [], 0, [], [], 0
    with connection.cursor() as cursor:
        for kwargs, terms in prepared[:warmup]:
            run_search(kwargs)
            floor_search(cursor, kwargs, terms, page)
        for n, (kwargs, terms) in enumerate(prepared[warmup:]):
            for which in ("floor", "search") if n % 2 else ("search", "floor"):
                started = time.perf_counter()
                if which == "search":
                    found = run_search(kwargs)
                    search_s.append(time.perf_counter() - started)
                else:
                    floor_ids, floor_total = floor_search(cursor, kwargs, terms, page)
                    floor_s.append(time.perf_counter() - started)
            totals.append(found.total)
            floor_totals.append(floor_total)
            agree += found.total == floor_total
            top_agree += {r.service.id for r in found} == set(floor_ids)
    measured = len(search_s)
    return {
        "search": summary_ms(search_s),
        "floor": summary_ms(floor_s),
        "ratio_median": statistics.median(search_s) / statistics.median(floor_s),
        "ratio_p95": percentile(search_s, 95) / percentile(floor_s, 95),
        "totals": totals,
        "results": {
            "median_total": statistics.median(totals),
            "max_total": max(totals),
            "zero_results": sum(t == 0 for t in totals),
            "floor_same_total": agree,
            "floor_same_page": top_agree,
            "measured": measured,
            "floor_median_total": statistics.median(floor_totals),
        },  # fmt: skip
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("feed", type=Path)
    parser.add_argument("queries", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--miles", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--page", type=int, default=20)
    parser.add_argument("--no-import", action="store_true", help="database already loaded")
    args = parser.parse_args(argv)
    _setup_django()
    from django.db import connection

    from benchmarks.directory_search.dataset import read_queries

    queries = read_queries(args.queries)
    figures = {"engine": connection.vendor}
    if not args.no_import:
        print(f"  importing {args.feed.name} ({args.feed.stat().st_size / 1e6:.0f} MB)...",
              flush=True)  # fmt: skip
        figures["import"] = do_import(args.feed)
        print(f"  imported in {figures['import']['seconds']:.0f} s", flush=True)
    add_query_postcodes(queries)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # autovacuum may not have run yet
    print(f"  timing {len(queries) - args.warmup} searches and floors in-process...", flush=True)
    figures.update(measure(queries, miles=args.miles, warmup=args.warmup, page=args.page))
    args.out.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
