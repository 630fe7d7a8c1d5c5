"""Directory search at England scale: need + distance + open-at, in-process and over HTTP.

    .venv/bin/python -m benchmarks.directory_search [--quick] [--engines sqlite,postgresql]
                                                    [--no-http]
    make bench                       (all benchmarks, full size; LOCALITY_BENCH_QUICK=1: quick)

What it does (README.md beside this file has the details and the latest figures):
1. Generates a directory once: 50,000 services (5,000 with --quick) by the demo generator over
   the 32,758 English LSOAs (real population-weighted centroids, population, age bands, IMD),
   written as one HSDS 3.0 JSON feed; and 300 (60) searches plus a warm-up: a need, within
   5 miles of a random LSOA centroid, open on a random day at a daytime hour.
2. For each engine, a fresh database (SQLite file with WAL in a temp folder; PostgreSQL: a
   throwaway `locality_bench_<pid>` made with createdb and dropped at the end), `locality
   migrate`, then `measure.py` in a child process: the import through `directory_import`
   (timed: services a second), then `search_services` and its floor, a plain indexed SQL
   statement doing the same filtering, timed in turn for every search: median, p95, ratio.
3. Over HTTP (unless --no-http): `locality serve` (gunicorn, 3 workers) on a free port of
   127.0.0.1, the public search page `/directory/?need=..&postcode=..&distance=5&when=at&..`
   (each search's synthetic postcode sits on its centroid, in that database only), the
   URLs in turn: 1 client (wrk); then 50 users (`users.py`), each waiting a seeded think
   time of 1-5 s before every request (the goal's load, docs/decisions/0006); then
   saturation, wrk with 50 clients and no think time (capacity). Both 50-client modes also
   run the page with no search.
4. Prints one table with both engines, the ratios and whether the goals are met: p95 at or
   under 50 ms in-process and at or under 200 ms for 50 users with think time; the
   saturation p95 is shown against 200 ms too, labelled as not the goal's load.

Only 127.0.0.1 is contacted. The server, the temp folder and the PostgreSQL database are
removed at the end, also after an error (--keep keeps the folder, for a look at the logs).
"""

import argparse
import contextlib
import dataclasses
import hashlib
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks.directory_search import report as report_module

REPO = Path(__file__).resolve().parents[2]
PG_SERVER = ("127.0.0.1", "5432", "postgres")
ENGINES = ("sqlite", "postgresql")
CLEARED_ENV = ("DATABASE_URL", "LOCALITY_DEMO", "LOCALITY_DEBUG", "LOCALITY_TEST_SQLITE",
               "LOCALITY_DATA_DIR", "DJANGO_SETTINGS_MODULE")  # fmt: skip
CHILD_TIMEOUT = 3600  # seconds: the 50,000-service import alone takes minutes


@dataclasses.dataclass(frozen=True)
class Size:
    services: int
    queries: int
    warmup: int
    http_seconds: int  # saturation: 50 clients, no think time, on the search
    single_seconds: int  # 1 client on the search
    peer_seconds: int  # saturation on the page without a search
    users_seconds: int  # 50 users with think time on the search (about 16 requests/s)
    users_peer_seconds: int  # 50 users with think time on the page without a search


FULL = Size(services=50_000, queries=300, warmup=30, http_seconds=20, single_seconds=10,
            peer_seconds=10, users_seconds=75, users_peer_seconds=45)  # fmt: skip
QUICK = Size(services=5_000, queries=60, warmup=10, http_seconds=5, single_seconds=3,
             peer_seconds=3, users_seconds=20, users_peer_seconds=10)  # fmt: skip


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="benchmarks.directory_search", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="5,000 services, shorter runs")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--services", type=int, help="override the number of services")
    parser.add_argument("--queries", type=int, help="override the number of timed searches")
    parser.add_argument("--miles", type=int, default=5, choices=(1, 2, 5, 10))
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--connections", type=int, default=50,
                        help="the users, and the saturation clients (wrk)")  # fmt: skip
    parser.add_argument("--no-http", action="store_true",
                        help="in-process only: no server, no wrk, no users")  # fmt: skip
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    if argv is None:  # from benchmarks/run.py: full size unless LOCALITY_BENCH_QUICK=1
        argv = ["--quick"] if os.environ.get("LOCALITY_BENCH_QUICK") == "1" else []
    args = parse_args(argv)
    size = QUICK if args.quick else FULL
    size = dataclasses.replace(
        size, services=args.services or size.services, queries=args.queries or size.queries
    )
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        print(f"unknown engine(s) {', '.join(sorted(unknown))}: use {', '.join(ENGINES)}")
        return 2
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="locality-bench-search-"))
    try:
        report = run(size, engines, args, folder)
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    report["run_seconds"] = time.perf_counter() - started
    report_module.print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0 if all("error" not in e for e in report["engines"].values()) else 1


def run(size: Size, engines: list[str], args, folder: Path) -> dict:
    sys.path.insert(0, str(REPO))
    from benchmarks.directory_search import dataset, users

    print(f"directory_search: {size.services:,} services, {size.queries} searches "
          f"(+{size.warmup} warm-up), engines: {', '.join(engines)}", flush=True)  # fmt: skip
    areas = dataset.load_areas()
    feed = folder / "feed.json"
    t0 = time.perf_counter()
    counts = dataset.write_feed(feed, areas, services=size.services, seed=args.seed)
    counts["seconds"] = time.perf_counter() - t0
    print(f"  generated {counts['services']:,} services at {counts['locations']:,} locations "
          f"over {len(areas):,} LSOAs in {counts['seconds']:.0f} s "
          f"({counts['bytes'] / 1e6:.0f} MB feed)", flush=True)  # fmt: skip
    queries = dataset.sample_queries(areas, size.warmup + size.queries, args.seed)
    queries_file = folder / "queries.json"
    dataset.write_queries(queries_file, queries)
    report = {
        "size": size.__dict__, "miles": args.miles, "workers": args.workers,
        "connections": args.connections, "generated": counts, "areas": len(areas),
        "think_ms": list(users.THINK_MS), "http": not args.no_http,
        "machine": machine(), "engines": {},
    }  # fmt: skip
    for engine in engines:
        print(f"== {engine}", flush=True)
        try:
            figures = run_engine(engine, size, args, folder / engine, feed, queries_file, queries)
        except Exception as error:  # noqa: BLE001 - report it and go on to the next engine
            print(f"  {engine} failed: {error}", flush=True)
            figures = {"error": str(error)}
        figures["load_at_end"] = _load()
        report["engines"][engine] = figures
    return report


def machine() -> dict:
    def git(*command):
        done = subprocess.run(["git", *command], cwd=REPO, capture_output=True, text=True)
        return done.stdout.strip()

    # the search is a package: one id for the blob ids of its modules, as they are on disk
    search = sorted(str(p) for p in (REPO / "locality" / "directory" / "search").glob("*.py"))
    blobs = git("hash-object", *search)
    return {
        "cpus": os.cpu_count(), "python": platform.python_version(),
        "commit": git("rev-parse", "--short", "HEAD"),
        "search_py_blob": hashlib.sha1(blobs.encode()).hexdigest()[:12],
        "date": time.strftime("%Y-%m-%d %H:%M"), "load_at_start": _load(),
    }  # fmt: skip


def _load() -> str:
    """The 1, 5 and 15 minute load averages: other work on this machine shows here."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def child_env(database_url: str, data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in CLEARED_ENV}
    env.update(
        DATABASE_URL=database_url, LOCALITY_DATA_DIR=str(data_dir),
        SECRET_KEY=secrets.token_urlsafe(40), PYTHONPATH=str(REPO),
        DJANGO_SETTINGS_MODULE="locality.config.settings", PYTHONUNBUFFERED="1",
    )  # fmt: skip
    return env


@contextlib.contextmanager
def database(engine: str, data_dir: Path):
    """A fresh database for the engine; yields its URL; a PostgreSQL one is dropped after."""
    if engine == "sqlite":
        yield f"sqlite:///{data_dir / 'locality.sqlite3'}"
        return
    host, port, user = PG_SERVER
    name = f"locality_bench_{os.getpid()}"
    tool = ["-h", host, "-p", port, "-U", user]
    subprocess.run(["createdb", *tool, name], check=True, capture_output=True, timeout=60)
    try:
        yield f"postgres://{user}@{host}:{port}/{name}"
    finally:
        subprocess.run(["dropdb", *tool, "--if-exists", "--force", name],
                       capture_output=True, timeout=120, check=False)  # fmt: skip


def run_engine(engine, size, args, data_dir: Path, feed, queries_file, queries) -> dict:
    from benchmarks.directory_search import loadtest

    data_dir.mkdir(parents=True)
    locality = str(Path(sys.executable).with_name("locality"))
    with database(engine, data_dir) as url:
        env = child_env(url, data_dir)
        _child([locality, "migrate", "-v0"], env, data_dir / "migrate.log")
        out = data_dir / "figures.json"
        _child(
            [sys.executable, "-m", "benchmarks.directory_search.measure", str(feed),
             str(queries_file), str(out), "--miles", str(args.miles),
             "--warmup", str(size.warmup)],
            env, data_dir / "measure.log", echo=True,
        )  # fmt: skip
        figures = json.loads(out.read_text(encoding="utf-8"))
        _print_in_process(figures)
        if args.no_http:
            figures["http_skipped"] = "--no-http: in-process only"
        elif loadtest.wrk_path() is None:
            figures["http_skipped"] = "wrk not found: apt-get install -y wrk"
            print(f"  HTTP skipped: {figures['http_skipped']}", flush=True)
        else:
            run_http(figures, size, args, data_dir, env, queries)
    return figures


def run_http(figures: dict, size: Size, args, data_dir: Path, env: dict, queries) -> None:
    """The page over HTTP: 1 client (wrk), 50 users with think time (users.py), then
    saturation (wrk, no think time); both 50-client modes on the page with no search too.
    Adds to `figures`."""
    from benchmarks.directory_search import loadtest, users

    n = args.connections
    paths = [
        "/directory/?" + urllib.parse.urlencode(q.form_data(args.miles))
        for q in queries[size.warmup :]
    ]
    scripts = {
        "search": loadtest.write_script(data_dir, paths),
        "form": loadtest.write_script(data_dir, ["/directory/"], name="form"),
    }
    think = f"think {users.THINK_MS[0] / 1000:g}-{users.THINK_MS[1] / 1000:g} s"
    runs = [  # (figures key, client, wrk script or the users' URLs, clients, seconds, what)
        ("http_1", "wrk", scripts["search"], 1, size.single_seconds, "1 client"),
        ("http_users", "users", paths, n, size.users_seconds, f"{n} users, {think}"),
        ("http_users_form", "users", ["/directory/"], n, size.users_peer_seconds,
         f"{n} users, {think}, the page without a search"),
        ("http_saturation", "wrk", scripts["search"], n, size.http_seconds,
         f"saturation, {n} clients, no think time"),
        ("http_saturation_form", "wrk", scripts["form"], n, size.peer_seconds,
         f"saturation, {n} clients, no think time, the page without a search"),
    ]  # fmt: skip
    with loadtest.serve(env, workers=args.workers, log=data_dir / "serve.log",
                        probe_path="/directory/") as base:  # fmt: skip
        figures["http_check"] = check_totals(base, paths, figures["totals"])
        print(f"  HTTP: {args.workers} gunicorn workers at {base}; warming up", flush=True)
        loadtest.run_wrk(base, scripts["search"], threads=2, connections=4, seconds=5)
        for key, client, load, clients, seconds, what in runs:
            if client == "users":
                figures[key] = users.run_users(base, load, users=clients, seconds=seconds,
                                               seed=args.seed)  # fmt: skip
            else:
                figures[key] = loadtest.run_wrk(base, load, threads=min(2, clients),
                                                connections=clients, seconds=seconds)  # fmt: skip
            print(f"  HTTP {what}: {_http_line(figures[key])}", flush=True)


def _child(command, env, log: Path, echo: bool = False) -> None:
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + CHILD_TIMEOUT
            for line in process.stdout:
                out.write(line)
                if echo and line.startswith("  "):
                    print(line, end="", flush=True)
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{command[1]} ran over {CHILD_TIMEOUT} s")
            process.wait(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=60)
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8").strip().splitlines()[-15:]
        raise RuntimeError(f"{' '.join(command[:3])} failed:\n" + "\n".join(tail))


def check_totals(base: str, paths: list[str], totals: list[int], count: int = 3) -> str:
    """The page finds as many services as `search_services` did in-process, for a few."""
    checked = []
    for path, total in list(zip(paths, totals, strict=False))[:count]:
        with urllib.request.urlopen(base + path, timeout=60) as response:
            body = response.read().decode("utf-8", "replace")
        found = re.search(r'id="results-heading">\s*(\d+) services? found', body)
        if found is None or int(found[1]) != total:
            shown = found[1] if found else "no result count"
            raise RuntimeError(f"{path}: the page shows {shown}, in-process found {total}")
        checked.append(total)
    return f"page totals equal in-process totals for {len(checked)} searches ({checked})"


def _print_in_process(f: dict) -> None:
    s, fl = f["search"], f["floor"]
    print(f"  in-process search median {s['median']:.1f} ms, p95 {s['p95']:.1f} ms; floor "
          f"median {fl['median']:.1f} ms, p95 {fl['p95']:.1f} ms; ratio "
          f"{f['ratio_median']:.1f}x / {f['ratio_p95']:.1f}x", flush=True)  # fmt: skip


def _http_line(h: dict) -> str:
    line = (f"median {h['p50']:.0f} ms, p95 {h['p95']:.0f} ms, p99 {h['p99']:.0f} ms, "
            f"{h['requests']} requests, {h['rps']:.1f} requests/s, "
            f"{h['errors']} errors")  # fmt: skip
    if "littles_rps" in h:
        line += (f"; mean think {h['think_mean_ms'] / 1000:.2f} s, steady state by Little's "
                 f"law {h['littles_rps']:.1f} requests/s; the users' client used "
                 f"{h['client_cpu_share']:.0%} of a core")  # fmt: skip
    return line
