"""``locality places hubs``: choose hub sites from candidate buildings and compare scenarios
(close / keep / open) for access and equity (see docs/places-hubs.md)."""

from pathlib import Path

from locality.analytics.places.geography import PlacesError

HELP = "Choose k hub sites (p-median, coverage or p-center) and compare scenarios."


def add_arguments(parser) -> None:
    parser.add_argument("--la", required=True, help="local authority code (LAD 2019)")
    parser.add_argument(
        "--candidates",
        type=Path,
        required=True,
        help="CSV: name, latitude, longitude [, capacity, cost, condition]",
    )
    parser.add_argument("-k", type=int, required=True, help="sites open in the plan")
    parser.add_argument("--objective", choices=("median", "coverage", "center"), default="median")
    parser.add_argument("--out", type=Path, required=True, help="a new or empty folder")
    parser.add_argument(
        "--keep",
        type=Path,
        help="CSV of existing sites (same columns) that stay open; a name also in the "
        "candidates file is the same building",
    )
    parser.add_argument(
        "--capacity",
        action="store_true",
        help="sites serve at most their capacity (residents); median only",
    )
    parser.add_argument(
        "--radius-km",
        type=float,
        default=3.0,
        help="coverage radius and 2SFCA catchment (3; minutes with a minutes matrix)",
    )
    parser.add_argument("--boundaries", type=Path, help="LSOA 2011 boundaries (GeoJSON)")
    parser.add_argument("--travel-matrix", type=Path, help="CSV origin, destination, minutes|km")
    parser.add_argument("--circuity", type=float, default=1.3)
    parser.add_argument("--weight", choices=("need", "population"), default="need")
    parser.add_argument(
        "--bands", default="1,3", help="distances compared before and after (1,3: km or min)"
    )


def handle(options: dict, stdout) -> None:
    from locality.analytics.places.hubs.plan import Options, plan_hubs
    from locality.analytics.places.hubs.report import write_plan
    from locality.analytics.places.output import output_folder

    try:
        bands = tuple(float(b) for b in options["bands"].split(",") if b.strip())
    except ValueError as exc:
        raise PlacesError(f"--bands {options['bands']!r}: numbers separated by commas") from exc
    settings = Options(
        k=options["k"],
        objective=options["objective"],
        radius_km=options["radius_km"],
        capacity=options["capacity"],
        weight=options["weight"],
        circuity=options["circuity"],
        bands=bands,
    )
    plan = plan_hubs(
        options["la"],
        options["candidates"],
        settings,
        keep=options["keep"],
        boundaries=options["boundaries"],
        travel_matrix=options["travel_matrix"],
    )
    with output_folder(options["out"]) as folder:
        write_plan(plan, folder)
    primary = plan.scenarios[plan.primary]
    gap = "" if primary.gap is None else f", gap {primary.gap:.2%}"
    for note in plan.notes:
        stdout.write(note)
    stdout.write(
        f"{plan.area.name}: {len(primary.chosen)} sites ({plan.primary}, {settings.objective}, "
        f"{primary.method}{gap}): {', '.join(primary.chosen)}; written to {options['out']}"
    )
