"""The table the benchmark prints: both engines side by side, each goal met or not.

Over HTTP there are two load models (docs/decisions/0006-directory-load-model.md). The goal
of p95 at or under 200 ms is judged on **users**: 50 clients, each waiting a think time of
1-5 s before every request. **Saturation** (50 clients with no think time) measures
capacity: its p95 is about clients / throughput by Little's law, so its line against 200 ms
is shown for reference and labelled as not the goal's load.
"""

GOAL_IN_PROCESS_P95_MS = 50.0
GOAL_HTTP_P95_MS = 200.0  # for 50 users with think time
LABEL_WIDTH = 48
COLUMN_WIDTH = 20


def format_report(report: dict) -> list[str]:
    """The report as lines of text (no trailing newlines)."""
    engines, http = report["engines"], report.get("http", True)
    n, think = report["connections"], _think(report)
    rows = IN_PROCESS_ROWS + (HTTP_ROWS if http else []) + IN_PROCESS_GOAL
    rows += HTTP_GOALS if http else []
    lines = _heading(report, n, think, http)
    lines.append(f"  {'':{LABEL_WIDTH}}" + "".join(f"{e:>{COLUMN_WIDTH}}" for e in engines))
    for label, cell in rows:
        text = label.format(n=n, think=think)
        if cell is None:  # a heading for the rows under it
            lines.append(f"  {text}")
            continue
        values = [_cell(cell, figures, report) for figures in engines.values()]
        lines.append(f"  {text:{LABEL_WIDTH}}" + "".join(f"{v:>{COLUMN_WIDTH}}" for v in values))
    return lines + _notes(report, n, http)


def _heading(report: dict, n: int, think: str, http: bool) -> list[str]:
    size, gen, mach = report["size"], report["generated"], report["machine"]
    lines = [
        f"directory_search ({mach['date']}, commit {mach['commit']}, search.py blob "
        f"{mach['search_py_blob']}, {mach['cpus']} CPUs, Python {mach['python']})",
        f"  {gen['services']:,} services, {gen['locations']:,} locations over "
        f"{report['areas']:,} English LSOAs; {size['queries']} searches (+{size['warmup']} "
        f"warm-up): need + within {report['miles']} miles + open at a day and time",
    ]
    if http:
        lines += [
            f"  HTTP: public search page, gunicorn {report['workers']} workers, wrk. Users: {n}"
            f" clients, each waiting",
            f"  {think} (uniform, seeded) before every request. Saturation: {n} clients, no "
            f"think time.",
        ]
    return lines


def print_report(report: dict) -> None:
    print()
    print("\n".join(format_report(report)))


def _cell(cell, figures: dict, report: dict) -> str:
    if "error" in figures:
        return "failed"
    try:
        return cell(figures, report)
    except (KeyError, TypeError, ZeroDivisionError):
        return "-"  # not measured in this run (an engine without HTTP, say)


def _notes(report: dict, n: int, http: bool) -> list[str]:
    engines, mach = report["engines"], report["machine"]
    lines = []
    if http:
        lines += [
            f"  saturation: with no think time the {n} clients keep the server busy, so its p95",
            f"  is about {n} / requests/s (Little's law): it measures capacity, not the goal's",
            "  load (docs/decisions/0006-directory-load-model.md)",
        ]
    for name, figures in engines.items():
        if "error" in figures:
            lines.append(f"  {name} failed: {figures['error']}")
        for note in ("http_check", "http_skipped"):
            if note in figures:
                lines.append(f"  {name}: {figures[note]}")
    loads = ", ".join(f"{name} {e.get('load_at_end', '?')}" for name, e in engines.items())
    lines.append(f"  load averages (1, 5, 15 min): at start {mach['load_at_start']}; after {loads}")
    if "run_seconds" in report:
        lines.append(f"  run time {report['run_seconds'] / 60:.1f} min")
    return lines


def _think(report: dict) -> str:
    low, high = report.get("think_ms", (1000, 5000))
    return f"think {low / 1000:g}-{high / 1000:g} s"


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _pair(a: float, b: float) -> str:
    return f"{_ms(a)} / {_ms(b)}"


def _three(h: dict) -> str:
    return f"{_ms(h['p50'])} / {_ms(h['p95'])} / {_ms(h['p99'])}"


def _times(a: float, b: float) -> str:
    return f"{a / b:.1f}x"


def _goal(value: float, goal: float) -> str:
    return f"{'met' if value <= goal else 'NOT met'} ({_ms(value)})"


def _errors(f: dict) -> str:
    e = {k: f[k]["errors"] for k in ("http_1", "http_users", "http_users_form",
                                     "http_saturation", "http_saturation_form")}  # fmt: skip
    return (f"{e['http_1']} / {e['http_users']} ({e['http_users_form']}) / "
            f"{e['http_saturation']} ({e['http_saturation_form']})")  # fmt: skip


# (label, cell): the label may name {n}, the clients, and {think}, the think time range;
# a row with no cell is a heading for the indented rows under it.
IN_PROCESS_ROWS = [
    ("import: seconds", lambda f, r: f"{f['import']['seconds']:.0f}"),
    ("import: services/second", lambda f, r: f"{f['import']['services_per_second']:.0f}"),
    ("search in-process ms: median / p95", lambda f, r: _pair(f["search"]["median"],
                                                             f["search"]["p95"])),
    ("floor (plain SQL) ms: median / p95", lambda f, r: _pair(f["floor"]["median"],
                                                             f["floor"]["p95"])),
    ("ratio search/floor: median / p95", lambda f, r: f"{f['ratio_median']:.1f}x / "
                                                      f"{f['ratio_p95']:.1f}x"),
    ("results a search: median / max", lambda f, r: f"{f['results']['median_total']:g} / "
                                                    f"{f['results']['max_total']}"),
    ("floor finds the same services", lambda f, r: f"{f['results']['floor_same_total']}/"
                                                   f"{f['results']['measured']}"),
]  # fmt: skip
HTTP_ROWS = [
    ("HTTP 1 client ms: median / p95", lambda f, r: _pair(f["http_1"]["p50"],
                                                         f["http_1"]["p95"])),
    ("HTTP 1 client / in-process median", lambda f, r: _times(f["http_1"]["p50"],
                                                             f["search"]["median"])),
    ("{n} users, {think} (the goal's load)", None),
    ("  requests timed", lambda f, r: f"{f['http_users']['requests']:,}"),
    ("  search ms: median / p95 / p99", lambda f, r: _three(f["http_users"])),
    ("  search: requests/s", lambda f, r: f"{f['http_users']['rps']:.1f}"),
    ("  no search ms: median / p95 / p99", lambda f, r: _three(f["http_users_form"])),
    ("  no search: requests/s", lambda f, r: f"{f['http_users_form']['rps']:.1f}"),
    ("  p95 search / no search", lambda f, r: _times(f["http_users"]["p95"],
                                                     f["http_users_form"]["p95"])),
    ("saturation: {n} clients, no think time (capacity)", None),
    ("  search ms: median / p95", lambda f, r: _pair(f["http_saturation"]["p50"],
                                                     f["http_saturation"]["p95"])),
    ("  search: requests/s", lambda f, r: f"{f['http_saturation']['rps']:.1f}"),
    ("  no search ms: median / p95", lambda f, r: _pair(f["http_saturation_form"]["p50"],
                                                        f["http_saturation_form"]["p95"])),
    ("  no search: requests/s", lambda f, r: f"{f['http_saturation_form']['rps']:.1f}"),
    ("  p95 search / no search", lambda f, r: _times(f["http_saturation"]["p95"],
                                                     f["http_saturation_form"]["p95"])),
    ("HTTP errors: 1 / users (no search) / sat. (no s.)", lambda f, r: _errors(f)),
]  # fmt: skip
IN_PROCESS_GOAL = [
    ("goal: in-process p95 <= 50 ms", lambda f, r: _goal(f["search"]["p95"],
                                                          GOAL_IN_PROCESS_P95_MS)),
]  # fmt: skip
HTTP_GOALS = [
    ("goal: {n} users ({think}) p95 <= 200 ms", lambda f, r: _goal(f["http_users"]["p95"],
                                                                    GOAL_HTTP_P95_MS)),
    ("saturation, not the goal: p95 <= 200 ms", lambda f, r: _goal(
        f["http_saturation"]["p95"], GOAL_HTTP_P95_MS)),
]  # fmt: skip
