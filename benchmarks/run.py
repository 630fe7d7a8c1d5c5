"""Run every benchmark in this folder (each prints ratios against a named peer).

Each benchmark is a module `benchmarks/<name>.py` or package `benchmarks/<name>/` with a
`main()` function, found here and run in name order:

- `design`: neighbourhood design of a region against spopt (README.md there);
- `directory_search`: the directory search at England scale (README.md there);
- `hubs`: the p-median hub siting solver against spopt's PMedian (README.md there);
- `outreach`: outreach stop choice (maximal covering) against spopt's MCLP (README.md there);
- `places_pages`: the places pages' request times against the gaps page (README.md there);
- `stratify`: population stratification of 1,000,000 people on DuckDB, the Charlson index
  against pycomorb, and Spark (README.md there).

`LOCALITY_BENCH_QUICK=1` makes each run its quick size.
"""

import importlib
import pkgutil
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    sys.path.insert(0, str(HERE.parent))
    found = [m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name != "run"]
    if not found:
        print("no benchmarks yet")
        return 0
    return run(sorted(found), lambda name: importlib.import_module(f"benchmarks.{name}").main)


def run(names: list[str], load: Callable[[str], Callable[[], int | None]]) -> int:
    """Run each benchmark's ``main`` in turn, whatever the others did; 1 if any failed.

    A benchmark fails when its ``main`` returns non-zero, exits non-zero (``SystemExit``) or
    raises; the failures are listed at the end.
    """
    failed = []
    for name in names:
        print(f"== benchmark {name}", flush=True)
        why = failure(name, load)
        if why:
            failed.append(f"{name} ({why})")
    if failed:
        print(f"== {len(failed)} of {len(names)} benchmarks failed: {', '.join(failed)}")
        return 1
    print(f"== all {len(names)} benchmarks ran")
    return 0


def failure(name: str, load) -> str | None:
    """None, or why benchmark ``name`` failed: its exit status, or the exception it raised."""
    try:
        status = load(name)()
    except SystemExit as stop:
        status = stop.code
    except Exception as error:  # noqa: BLE001 - reported, and the other benchmarks still run
        traceback.print_exc()
        return f"raised {type(error).__name__}"
    if status is None or status == 0:
        return None
    if isinstance(status, int):
        return f"exit {status}"
    print(status, file=sys.stderr)  # sys.exit("message") exits 1 with the message
    return "exit 1"


if __name__ == "__main__":
    sys.exit(main())
