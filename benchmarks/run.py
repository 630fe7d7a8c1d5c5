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
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    sys.path.insert(0, str(HERE.parent))
    found = [m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name != "run"]
    if not found:
        print("no benchmarks yet")
        return 0
    for name in sorted(found):
        print(f"== benchmark {name}")
        importlib.import_module(f"benchmarks.{name}").main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
