"""``locality places design``: contiguous neighbourhoods of LSOAs near a target population
(see docs/places-design.md)."""

from pathlib import Path

HELP = "Design contiguous neighbourhoods of LSOAs near a target population."


def add_arguments(parser) -> None:
    parser.add_argument("--la", required=True, help="local authority code (LAD 2019)")
    parser.add_argument(
        "--target-population", type=float, required=True, help="people per neighbourhood"
    )
    parser.add_argument(
        "--count", type=int, help="how many neighbourhoods (default: population / target)"
    )
    parser.add_argument("--boundaries", type=Path, help="LSOA 2011 boundaries (GeoJSON)")
    parser.add_argument(
        "--keep-whole-wards",
        action="store_true",
        help="split no ward (bundled 2025 best-fit lookup, or --wards)",
    )
    parser.add_argument("--wards", type=Path, help="CSV lsoa11cd, ward (with --keep-whole-wards)")
    parser.add_argument("--compare", type=Path, help="an existing boundary set (GeoJSON)")
    parser.add_argument(
        "--tolerance",
        type=float,
        default=0.15,
        help="largest allowed deviation from the mean population, as a fraction (0.15)",
    )
    parser.add_argument(
        "--need-weight",
        type=float,
        default=1.0,
        help="how much alike-in-need counts against compactness, after population (1)",
    )
    parser.add_argument(
        "--compactness-weight", type=float, default=1.0, help="how much compactness counts (1)"
    )
    parser.add_argument("--method", choices=("grow", "skater"), default="grow")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--restarts", type=int, help="starts tried, best kept (64 below 500 units, else 8)"
    )
    parser.add_argument(
        "--out", type=Path, required=True, help="FILE.geojson (map, report and CSV beside it)"
    )


def handle(options: dict, stdout) -> None:
    from locality.analytics.places.design import (
        DesignOptions,
        Weights,
        design_area,
        write_design,
    )
    from locality.analytics.places.design.write import output_paths
    from locality.analytics.places.geography import PlacesError, load_area

    output_paths(options["out"])
    if options["wards"] is not None and not options["keep_whole_wards"]:
        raise PlacesError("--wards: only used with --keep-whole-wards")
    if options["restarts"] is not None and options["restarts"] < 1:
        raise PlacesError(f"--restarts {options['restarts']}: must be at least 1")
    for name in ("need_weight", "compactness_weight"):
        if not options[name] >= 0:
            flag = "--" + name.replace("_", "-")
            raise PlacesError(f"{flag} {options[name]}: must be 0 or more")
    area = load_area(options["la"], options["boundaries"])
    design = design_area(
        area,
        DesignOptions(
            target_population=options["target_population"],
            count=options["count"],
            tolerance=options["tolerance"],
            keep_whole_wards=options["keep_whole_wards"],
            wards=options["wards"],
            compare=options["compare"],
            method=options["method"],
            seed=options["seed"],
            restarts=options["restarts"],
            weights=Weights(
                heterogeneity=options["need_weight"], spread=options["compactness_weight"]
            ),
        ),
    )
    paths = write_design(design, options["out"])
    stdout.write(
        f"{area.name}: {design.count} neighbourhoods from {len(area.codes)} LSOAs "
        f"({design.units}), mean {design.target:,.0f} people, largest deviation "
        f"{design.max_deviation_pct:.1f}%\n"
    )
    for row in design.neighbourhoods.itertuples(index=False):
        stdout.write(
            f"  {row.name}: {row.population:,} people, {row.lsoa_count} LSOAs, "
            f"{row.deviation_pct:+.1f}%, compactness {row.compactness:.2f}, "
            f"heterogeneity {row.heterogeneity:.2f}\n"
        )
    for name, found in design.comparisons.items():
        stdout.write(
            f"  against {name}: adjusted Rand index {found['adjusted_rand_index']:.2f}, "
            f"{100 * found['population_with_their_area']:.0f}% of residents in their area's "
            "main neighbourhood\n"
        )
    stdout.write("wrote " + ", ".join(str(p) for p in paths.values()) + "\n")
