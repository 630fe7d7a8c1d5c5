"""Places pages: how long /places/ and a neighbourhood page take, against the gaps page.

    .venv/bin/python -m benchmarks.places_pages [--quick] [--repeat N] [--json PATH] [--keep]
    make bench                       (all benchmarks; LOCALITY_BENCH_QUICK=1: quick)

In a child process (a fresh interpreter, so the first requests pay the imports a new server
worker pays) on a throwaway SQLite database in a temp folder: `locality demo`'s York (120
LSOAs, four neighbourhoods, the demo directory of 3,000 services, 0.1% of the synthetic
residents), then through Django's test client with the whole middleware stack, signed in as
the demo analyst:

1. the first request of each page and map image (cold: imports, the place read from the
   database, each PNG drawn and written to disk);
2. then `--repeat` rounds (30; 10 with --quick), each requesting in turn the neighbourhoods
   page, a neighbourhood page, a stored PNG map, and the peer: the gaps page for the same
   place (York, the first need, a mile), the page staff open beside it. Medians and ratios
   against the peer's median are printed.

The temp folder is removed at the end (--keep keeps it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CLEARED_ENV = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.places_pages")
    parser.add_argument("--quick", action="store_true", help="10 rounds instead of 30")
    parser.add_argument("--repeat", type=int, help="warm rounds (default 30, 10 with --quick)")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    if argv is None:  # from benchmarks/run.py
        argv = ["--quick"] if os.environ.get("LOCALITY_BENCH_QUICK") == "1" else []
    args = parse_args(argv)
    repeat = args.repeat or (10 if args.quick else 30)
    folder = Path(tempfile.mkdtemp(prefix="locality-bench-places-"))
    try:
        figures = _measure(folder, repeat)
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    if figures is None:
        return 1
    print_report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


def _measure(folder: Path, repeat: int) -> dict | None:
    env = {k: v for k, v in os.environ.items() if k not in CLEARED_ENV}
    env |= {
        "LOCALITY_DATA_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "LOCALITY_DEMO": "1",
        "LOCALITY_MAP_TILES": "",
        "PYTHONPATH": str(REPO),
    }
    out = folder / "figures.json"
    command = [sys.executable, "-m", "benchmarks.places_pages.measure", str(out), str(repeat)]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"places pages benchmark failed (exit {done.returncode}):")
        print(done.stdout[-3000:], done.stderr[-3000:])
        return None
    return json.loads(out.read_text(encoding="utf-8"))


def print_report(f: dict) -> None:
    print(f"Places pages: York, {f['lsoas']} LSOAs, {f['neighbourhoods']} neighbourhoods; "
          f"{f['services']:,} directory services; {f['repeat']} warm rounds")  # fmt: skip
    print("\nFirst request in a fresh process (imports, read the place, draw the PNG):")
    for name, ms in f["cold_ms"].items():
        print(f"  {name:<38} {ms:>9,.1f} ms")
    peer = f["warm_median_ms"]["gaps page (peer)"]
    print("\nWarm: median of the rounds, and against the gaps page's median")
    for name, ms in f["warm_median_ms"].items():
        print(f"  {name:<38} {ms:>9,.1f} ms   {ms / peer:5.2f} x the gaps page")
