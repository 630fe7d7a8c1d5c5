"""``locality places outreach``: community bus stops and a weekly timetable for the residents
beyond the hubs' reach (see docs/places-outreach.md)."""

from pathlib import Path

from locality.analytics.places.geography import PlacesError

HELP = "Bus stops reaching residents outside the hubs' catchments, and a weekly timetable."


def add_arguments(parser) -> None:
    parser.add_argument("--hubs", type=Path, required=True, help="CSV: name, latitude, longitude")
    parser.add_argument(
        "--radius-km",
        type=float,
        required=True,
        help="a hub's catchment (minutes when --travel-matrix is in minutes)",
    )
    parser.add_argument("--stops", type=int, required=True, help="how many bus stops (k)")
    parser.add_argument("--out", type=Path, required=True, help="a new or empty folder")
    parser.add_argument(
        "--la", help="local authority code (default: the one holding most of the hubs)"
    )
    parser.add_argument("--boundaries", type=Path, help="LSOA 2011 boundaries (GeoJSON)")
    parser.add_argument(
        "--candidates-stops",
        type=Path,
        help="CSV of candidate stops: name, latitude, longitude (default: the centroids of "
        "the LSOAs outside the catchments)",
    )
    parser.add_argument("--travel-matrix", type=Path, help="CSV origin, destination, minutes|km")
    parser.add_argument("--circuity", type=float, default=1.3)
    parser.add_argument("--walk-km", type=float, default=0.8, help="walk to a stop (0.8)")
    parser.add_argument("--days", type=int, default=5, help="bus days a week (5: Mon-Fri)")
    parser.add_argument("--weight", choices=("need", "population"), default="need")
    parser.add_argument("--method", choices=("auto", "greedy", "exact"), default="auto")
    parser.add_argument("--speed-kmh", type=float, default=20.0, help="average bus speed")
    parser.add_argument("--dwell-min", type=float, default=30.0, help="minutes at each stop")
    parser.add_argument("--start", default="09:30", help="leaves the depot (HH:MM)")
    parser.add_argument("--end", default="16:00", help="back at the depot by (HH:MM)")
    parser.add_argument("--depot", help="the hub the bus starts from (default: the nearest)")


def handle(options: dict, stdout) -> None:
    from locality.analytics.places.output import output_folder
    from locality.analytics.places.outreach import Options, plan_outreach, write_outreach
    from locality.analytics.places.outreach.routes import parse_clock

    times = {}
    for name in ("start", "end"):
        try:
            times[name] = parse_clock(options[name])
        except ValueError as exc:
            raise PlacesError(f"--{name}: {exc}") from exc
    settings = Options(
        radius_km=options["radius_km"],
        stops=options["stops"],
        walk_km=options["walk_km"],
        days=options["days"],
        weight=options["weight"],
        method=options["method"],
        speed_kmh=options["speed_kmh"],
        dwell_min=options["dwell_min"],
        start=times["start"],
        end=times["end"],
        depot=options["depot"],
        circuity=options["circuity"],
    )
    plan = plan_outreach(
        options["hubs"],
        settings,
        la_code=options["la"],
        boundaries=options["boundaries"],
        candidates_path=options["candidates_stops"],
        travel_matrix=options["travel_matrix"],
    )
    with output_folder(options["out"]) as folder:
        write_outreach(plan, folder)
    outside = int(plan.lsoas.population[plan.lsoas.outside].sum())
    reached = int(plan.lsoas.population[plan.lsoas.stop != ""].sum())
    for note in plan.notes:
        stdout.write(note)
    stdout.write(
        f"{plan.area.name}: {outside:,} residents outside the hubs' catchments; "
        f"{len(plan.stops)} stops reach {reached:,} of them ({plan.cover.method}, gap "
        f"{plan.cover.gap:.2%}); timetable from {plan.depot} over {settings.days} days "
        f"in {options['out']}"
    )
