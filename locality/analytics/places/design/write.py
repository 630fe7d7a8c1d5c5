"""Write a design: the GeoJSON (one feature per neighbourhood), a PNG map, an HTML report and
a CSV of LSOA to neighbourhood, all beside ``--out`` and all or nothing."""

import json
from contextlib import ExitStack
from html import escape
from pathlib import Path

import geopandas as gpd
import shapely

from locality.analytics.places.design.plan import FEATURE_PROPERTIES, Design
from locality.analytics.places.geography import PlacesError
from locality.analytics.places.maps import choropleth_png
from locality.analytics.places.output import output_file

COORDINATE_DECIMALS = 6  # about 0.1 m


def output_paths(out: Path) -> dict[str, Path]:
    out = Path(out)
    if out.suffix.lower() not in (".geojson", ".json"):
        raise PlacesError(f"--out {out}: give a .geojson file name (map and report go beside it)")
    stem = out.with_suffix("")
    return {
        "geojson": out,
        "png": stem.with_name(stem.name + ".png"),
        "html": stem.with_name(stem.name + ".html"),
        "csv": stem.with_name(stem.name + "_lsoas.csv"),
    }


def write_design(design: Design, out: Path) -> dict[str, Path]:
    """Write every output; on any failure none of them is left (or replaced)."""
    paths = output_paths(out)
    with ExitStack() as stack:
        temp = {kind: stack.enter_context(output_file(path)) for kind, path in paths.items()}
        temp["geojson"].write_text(json.dumps(feature_collection(design)), encoding="utf-8")
        map_png(design, temp["png"])
        design.assignment.rename("neighbourhood").to_csv(temp["csv"], header=True)
        temp["html"].write_text(report_html(design, paths["png"].name), encoding="utf-8")
    return paths


def feature_collection(design: Design) -> dict:
    features = []
    for row in design.neighbourhoods.itertuples(index=False):
        geometry = shapely.set_precision(row.geometry, 10**-COORDINATE_DECIMALS)
        features.append(
            {
                "type": "Feature",
                "properties": {name: getattr(row, name) for name in FEATURE_PROPERTIES},
                "geometry": shapely.geometry.mapping(geometry),
            }
        )
    options = design.options
    return {
        "type": "FeatureCollection",
        "features": features,
        "locality_design": {
            "area_code": design.area.code,
            "area_name": design.area.name,
            "population": design.area.population,
            "requested_target_population": options.target_population,
            "target_population": round(design.target, 1),
            "count": design.count,
            "units": design.units,
            "method": options.method,
            "seed": options.seed,
            "tolerance_pct": round(options.tolerance * 100, 2),
            "shapes_source": design.area.shapes_source,
            "bridges": [list(pair) for pair in design.adjacency.bridges],
        },
    }


def map_png(design: Design, path: Path) -> Path:
    frame = design.area.frame()
    frame["neighbourhood"] = design.assignment.reindex(frame.index)
    title = (
        f"{design.area.name}: {design.count} neighbourhoods of about {design.target:,.0f} people"
    )
    return choropleth_png(
        gpd.GeoDataFrame(frame, geometry="geometry", crs=frame.crs),
        "neighbourhood",
        path,
        title,
        categorical=True,
        outlines=design.neighbourhoods.geometry,
    )


def _number(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def report_html(design: Design, png_name: str) -> str:
    options = design.options
    rows = "".join(
        "<tr>"
        f"<td>{escape(row.name)}</td><td>{_number(row.population)}</td>"
        f"<td>{row.lsoa_count}</td><td>{row.deviation_pct:+.1f}%</td>"
        f"<td>{row.deviation_from_requested_pct:+.1f}%</td>"
        f"<td>{row.compactness:.3f}</td><td>{row.heterogeneity:.3f}</td>"
        f"<td>{'yes' if row.contiguous else 'NO'}</td>"
        "</tr>"
        for row in design.neighbourhoods.itertuples(index=False)
    )
    compared = "".join(
        f"<tr><td>{escape(name)}</td><td>{found.get('areas', '')}</td>"
        f"<td>{found.get('areas_split', '')}</td>"
        f"<td>{found['adjusted_rand_index']:.3f}</td>"
        f"<td>{100 * found['population_with_their_area']:.1f}%</td></tr>"
        for name, found in design.comparisons.items()
    )
    comparison = (
        "<table><thead><tr><th>Boundary set</th><th>Areas</th><th>Areas split</th>"
        "<th>Adjusted Rand index</th><th>Residents in their area's main neighbourhood</th>"
        f"</tr></thead><tbody>{compared}</tbody></table>"
        if compared
        else "<p>No existing boundary set to compare with (give --compare FILE.geojson).</p>"
    )
    bridges = design.adjacency.bridges
    bridge_text = (
        "Islands joined to their nearest LSOA: "
        + ", ".join(f"{a}&ndash;{b}" for a, b in bridges)
        + "."
        if bridges
        else "No islands: every LSOA touches another."
    )
    n = design.neighbourhoods
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Neighbourhood design: {escape(design.area.name)}</title>
<style>body{{font-family:Arial,sans-serif;max-width:60em;margin:2em auto}}
table{{border-collapse:collapse}}td,th{{border:1px solid #b1b4b6;padding:4px 8px;text-align:right}}
td:first-child,th:first-child{{text-align:left}}</style></head><body>
<h1>Neighbourhood design: {escape(design.area.name)}</h1>
<p>{design.count} contiguous neighbourhoods built from {escape(design.units)} for
{_number(design.area.population)} residents: a mean of {_number(design.target)} people each
(requested target {_number(options.target_population)}; tolerance
&plusmn;{100 * options.tolerance:.0f}%). Largest deviation from the mean:
{design.max_deviation_pct:.1f}%. Method: {escape(options.method)} with a local search,
seed {options.seed}; {design.seconds:.1f} s.</p>
<img src="{escape(png_name)}" alt="Map of {escape(design.area.name)} with its LSOAs coloured by
the {design.count} designed neighbourhoods, neighbourhood boundaries in black" width="700">
<h2>Neighbourhoods</h2>
<table><thead><tr><th>Neighbourhood</th><th>Residents</th><th>LSOAs</th>
<th>From the mean</th><th>From the requested target</th><th>Compactness (Polsby-Popper)</th>
<th>Heterogeneity</th><th>Contiguous</th></tr></thead><tbody>{rows}</tbody></table>
<p>Compactness is 4&pi; &times; area / perimeter&sup2; of the neighbourhood (1 for a circle;
median here {n.compactness.median():.3f}). Heterogeneity is the within-neighbourhood variance
of the need variables (IMD 2019 score and the seven domain deciles, each standardised over the
area), averaged over the variables: 1 is as varied as the whole area, 0 alike throughout
(mean here {n.heterogeneity.mean():.3f}).</p>
<h2>Against existing boundaries</h2>
{comparison}
<p>Adjusted Rand index over LSOAs: 1 when the two sets group the LSOAs the same way, about 0
when no better than chance (the count differs, so 1 is not expected). Residents in their area's
main neighbourhood: the share of residents whose neighbourhood is the one holding most of their
existing area's population.</p>
<h2>Data</h2>
<p>Population and deprivation: the bundled England LSOA table (ONS mid-year estimates, IMD
2019). Shapes: {escape(design.area.shapes_source)}. {bridge_text}</p>
</body></html>
"""
