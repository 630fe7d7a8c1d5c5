"""``locality places scale``: the scale each service needs - neighbourhood, place, system or
cross-system - from prevalence, minimum viable caseload and population (docs/places-scale.md)."""

from pathlib import Path

HELP = "Recommend neighbourhood, place or system scale for services (prevalence, caseload)."


def add_arguments(parser) -> None:
    parser.add_argument("--la", required=True, help="local authority code, e.g. E06000014")
    parser.add_argument(
        "--services",
        type=Path,
        required=True,
        help="CSV: service, min_caseload, prevalence[, population_group]",
    )
    parser.add_argument(
        "--neighbourhoods",
        type=Path,
        help="CSV lsoa11cd,neighbourhood or design GeoJSON (name, lsoa_codes); default: "
        "notional neighbourhoods of --neighbourhood-population",
    )
    parser.add_argument("--neighbourhood-population", type=int, default=50_000)
    parser.add_argument("--out", type=Path, required=True, help="a new or empty folder")


def handle(options: dict, stdout) -> None:
    from locality.analytics.places.output import output_folder
    from locality.analytics.places.scale import (
        advise,
        neighbourhood_demand,
        read_services,
        scales_for,
        write_scale,
    )

    services = read_services(options["services"])
    scales = scales_for(
        options["la"], options["neighbourhoods"], options["neighbourhood_population"]
    )
    advice = advise(services, scales)
    demand = neighbourhood_demand(services, scales)
    with output_folder(options["out"]) as folder:
        write_scale(advice, demand, scales, folder)
    counts = advice.recommended.value_counts()
    summary = ", ".join(f"{counts[s]} {s}" for s in counts.index)
    stdout.write(
        f"{scales.place_name}: {len(advice)} services: {summary}; written to {options['out']}"
    )
