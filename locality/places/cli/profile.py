"""``locality places profile``: neighbourhood profiles by theme against the local authority
and England, with maps and the gap between most and least deprived (see
docs/places-profiles.md)."""

from pathlib import Path

from locality.analytics.places.indicators.catalogue import THEMES

HELP = "Neighbourhood profiles by theme, against the local authority and England, with maps."


def add_arguments(parser) -> None:
    parser.add_argument("--la", required=True, help="local authority code (LAD 2019)")
    parser.add_argument("--out", type=Path, required=True, help="a new or empty folder")
    parser.add_argument("--boundaries", type=Path, help="LSOA 2011 boundaries (GeoJSON)")
    parser.add_argument(
        "--neighbourhoods",
        type=Path,
        help="CSV lsoa11cd,neighbourhood or the GeoJSON of 'locality places design' "
        "(default: the 2025 wards where bundled, else the whole authority)",
    )
    parser.add_argument(
        "--indicators",
        type=Path,
        action="append",
        default=[],
        help="your indicators: a metadata YAML naming a CSV, or a CSV keyed by lsoa11cd or "
        "postcode (repeat for several)",
    )
    parser.add_argument(
        "--indicator-theme",
        choices=THEMES,
        default="health",
        help="theme of the indicators of a bare CSV (default: health)",
    )


def handle(options: dict, stdout) -> None:
    from locality.analytics.places.geography import load_area
    from locality.analytics.places.indicators import bundled_store, load_user_indicators
    from locality.analytics.places.output import output_folder
    from locality.analytics.places.profiles import default_neighbourhoods, read_neighbourhoods
    from locality.analytics.places.profiles.report import write_profile

    area = load_area(options["la"], options.get("boundaries"))
    store = bundled_store(area)
    for number, path in enumerate(options.get("indicators") or [], start=1):
        indicators, columns = load_user_indicators(
            path,
            store.values.index,
            theme=options.get("indicator_theme") or "health",
            tag=f"u{number}_{Path(path).stem}",
        )
        store = store.with_indicators(indicators, columns)
    if options.get("neighbourhoods"):
        assignment = read_neighbourhoods(options["neighbourhoods"], area)
        note = (
            f"Neighbourhoods from {Path(options['neighbourhoods']).name}: "
            f"{assignment.dropna().nunique()} neighbourhoods."
        )
    else:
        assignment, note = default_neighbourhoods(area)
    with output_folder(options["out"]) as folder:
        written = write_profile(area, assignment, folder, store, note=note)
    stdout.write(
        f"{area.name} ({area.code}): {len(written.pages)} neighbourhood profiles, "
        f"{len(store.indicators)} indicators, {len(written.maps)} maps -> {options['out']}\n"
    )
    stdout.write(f"{note}\n")
