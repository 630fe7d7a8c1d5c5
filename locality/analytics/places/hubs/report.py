"""Write a hub plan: CSV tables, a JSON summary, PNG maps, a Leaflet page and an HTML summary.

Files (all in one folder, written together by the caller's ``output_folder``):

``sites.csv``
    the plan's chosen sites: ``name, latitude, longitude`` (usable as ``--hubs`` for
    ``locality places outreach``), then existing, capacity, cost, condition, residents and
    weight assigned, mean distance of those residents;
``assignment.csv``
    per LSOA: population, IMD decile and score, weight, the site it is assigned to and the
    distance (with ``--capacity``, the site serving the largest share and that share), the
    nearest existing site and its distance, 2SFCA access before and after;
``scenarios.csv``
    scenario x group (all, IMD decile 1 to 10): sites, residents, residents and share within
    each band, mean and worst distance; on the ``all`` rows the objective, bound, gap, method
    and site names;
``summary.json``, ``summary.html``
    the settings, the plan and its certificate (bound and gap), the scenario and equity tables;
``need_sites.png``, ``catchments.png``, ``access.png``, ``map.html``
    need (IMD score) with the chosen sites; LSOAs coloured by the site they are assigned to;
    2SFCA access after; a Leaflet page of the catchments with the sites.
"""

import json
from html import escape
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from locality.analytics.places.maps import choropleth_png, leaflet_html


def write_plan(plan, folder: Path) -> list[Path]:
    folder = Path(folder)
    written = [
        _sites_csv(plan, folder / "sites.csv"),
        _assignment_csv(plan, folder / "assignment.csv"),
    ]
    plan.table.to_csv(folder / "scenarios.csv", index=False)
    written.append(folder / "scenarios.csv")
    written += _maps(plan, folder)
    summary = _summary(plan)
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, default=_json))
    written.append(folder / "summary.json")
    written.append(_html(plan, summary, folder / "summary.html"))
    return written


def _sites_csv(plan, path: Path) -> Path:
    chosen = plan.chosen
    lsoas = plan.lsoas
    table = pd.DataFrame(
        {
            "name": chosen.index,
            "latitude": chosen.latitude.to_numpy(),
            "longitude": chosen.longitude.to_numpy(),
            "existing": np.where(chosen.existing, "yes", "no"),
            "capacity": chosen.capacity.to_numpy(),
            "cost": chosen.cost.to_numpy(),
            "condition": chosen.condition.to_numpy(),
        }
    )
    grouped = lsoas.groupby("site")
    table["residents_assigned"] = table.name.map(grouped.population.sum()).fillna(0).astype(int)
    table["weight_assigned"] = table.name.map(grouped.weight.sum()).fillna(0).round(1)
    mean = (lsoas.distance * lsoas.population).groupby(lsoas.site).sum() / grouped.population.sum()
    table[f"mean_{plan.unit}"] = table.name.map(mean).round(3)
    table.to_csv(path, index=False)
    return path


def _assignment_csv(plan, path: Path) -> Path:
    table = plan.lsoas.copy()
    for column in ("distance", "before_distance", "access_after", "access_before"):
        table[column] = table[column].round(3)
    table = table.rename(
        columns={"distance": f"{plan.unit}", "before_distance": f"before_{plan.unit}"}
    )
    table.to_csv(path, index_label="lsoa11cd")
    return path


def _points(sites: pd.DataFrame) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name": list(sites.index)},
        geometry=gpd.points_from_xy(sites.longitude, sites.latitude),
        crs="EPSG:4326",
    )


def _maps(plan, folder: Path) -> list[Path]:
    frame = plan.area.frame()
    frame = frame.join(plan.lsoas[["site", "distance", "access_after", "access_before"]])
    points = _points(plan.chosen)
    objective = plan.options.objective
    name = plan.area.name
    maps = [
        choropleth_png(
            frame,
            "imd_score",
            folder / "need_sites.png",
            f"{name}: need (IMD 2019 score) and the {len(points)} chosen sites ({objective})",
            legend="IMD 2019 score (higher = more deprived)",
            cmap="OrRd",
            points=points,
            point_label="name",
        ),
        choropleth_png(
            frame,
            "site",
            folder / "catchments.png",
            f"{name}: LSOAs by the site they are assigned to",
            categorical=True,
            points=points,
        ),
        choropleth_png(
            frame,
            "access_after",
            folder / "access.png",
            f"{name}: 2SFCA access after (catchment {plan.options.radius_km:g} {plan.unit})",
            legend=plan.access_unit,
            cmap="viridis",
            points=points,
        ),
    ]
    shown = frame.assign(
        distance=frame["distance"].round(2),
        access_after=frame.access_after.round(2),
        access_before=frame.access_before.round(2),
    )
    maps.append(
        leaflet_html(
            shown,
            folder / "map.html",
            f"{name}: hub catchments ({objective}, k = {len(points)})",
            popup_columns=[
                "lsoa11nm",
                "population",
                "imd_decile",
                "site",
                "distance",
                "access_before",
                "access_after",
            ],
            colour_column="site",
            points=points,
        )
    )
    return maps


def _summary(plan) -> dict:
    primary = plan.scenarios[plan.primary]
    options = plan.options
    return {
        "area": {"code": plan.area.code, "name": plan.area.name, "lsoas": len(plan.lsoas)},
        "population": int(plan.lsoas.population.sum()),
        "settings": {
            "k": options.k,
            "objective": options.objective,
            "radius": options.radius_km,
            "capacity": options.capacity,
            "weight": options.weight,
            "bands": list(options.bands),
            "unit": plan.unit,
            "distance": plan.distance,
            "shapes": plan.area.shapes_source,
            "access_unit": plan.access_unit,
        },
        "sites": {
            "all": len(plan.sites),
            "existing": int(plan.sites.existing.sum()),
        },
        "plan": {
            "scenario": plan.primary,
            "sites": list(primary.chosen),
            "objective": primary.value,
            "bound": primary.bound,
            "gap": primary.gap,
            "method": primary.method,
        },
        "scenarios": {
            name: {
                "sites": list(s.chosen),
                "objective": s.value,
                "bound": s.bound,
                "gap": s.gap,
                "method": s.method,
            }
            for name, s in plan.scenarios.items()
        },
        "notes": plan.notes,
    }


def _json(value):
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(type(value))


OBJECTIVE_WORDS = {
    "median": "need-weighted distance to the nearest site (lower is better)",
    "coverage": "weighted residents within {radius} {unit} of a site (higher is better)",
    "center": "worst distance from an LSOA to its nearest site, {unit} (lower is better)",
}


def _html(plan, summary: dict, path: Path) -> Path:
    options = plan.options
    unit = plan.unit
    words = OBJECTIVE_WORDS[options.objective].format(radius=f"{options.radius_km:g}", unit=unit)
    table = plan.table
    overall = table[table.group == "all"]
    band_columns = [c for c in table.columns if c.startswith("share_within_")]
    equity = table[table.group != "all"].pivot(
        index="group", columns="scenario", values=band_columns[-1]
    )
    equity = equity.reindex([f"IMD decile {d}" for d in range(1, 11)])
    primary = plan.scenarios[plan.primary]
    bound_side = (
        "no plan reaches more" if options.objective == "coverage" else "no plan does better"
    )
    gap = "" if primary.gap is None else f"{primary.gap:.3%}"

    def cell(value):
        if isinstance(value, float | np.floating):
            if not np.isfinite(value):
                return ""
            return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
        return escape(str(value))

    def html_table(frame: pd.DataFrame, caption: str) -> str:
        head = "".join(f"<th scope='col'>{escape(str(c))}</th>" for c in frame.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{cell(v)}</td>" for v in row) + "</tr>"
            for row in frame.itertuples(index=False)
        )
        return (
            f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )

    equity_caption = (
        f"Equity: share of residents within {band_columns[-1][13:]} of a site by IMD decile "
        "(1 = most deprived)"
    )
    lsoas = plan.lsoas
    residents = lsoas.population.to_numpy(float)
    access = {
        "before": float(residents @ lsoas.access_before / residents.sum()),
        "after": float(residents @ lsoas.access_after / residents.sum()),
        "none_before": int(residents[lsoas.access_before.to_numpy() <= 0].sum()),
        "none_after": int(residents[lsoas.access_after.to_numpy() <= 0].sum()),
    }
    shown = overall.drop(columns=["group", "site_names"], errors="ignore")
    chosen = pd.read_csv(path.parent / "sites.csv")
    notes = "".join(f"<p>{escape(n)}</p>" for n in plan.notes)
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hub siting: {escape(plan.area.name)}</title>
<style>body{{font-family:Arial,sans-serif;margin:1.5rem;max-width:70rem}}
table{{border-collapse:collapse;margin:1rem 0}}
td,th{{border:1px solid #b1b4b6;padding:.25rem .5rem;text-align:right}}
caption{{text-align:left;font-weight:bold}} img{{max-width:32rem}}</style>
</head><body>
<h1>Hub siting: {escape(plan.area.name)} ({escape(plan.area.code)})</h1>
<p>{summary["population"]:,} residents in {len(plan.lsoas)} LSOAs;
{summary["sites"]["all"]} sites, {summary["sites"]["existing"]} of them existing;
k = {options.k}; objective <b>{escape(options.objective)}</b>: {escape(words)};
weight: {escape(options.weight)}; distance: {escape(plan.distance)}.</p>
<p>The plan is scenario <b>{escape(plan.primary)}</b>, found by {escape(primary.method)}:
objective {cell(float(primary.value))}, bound {cell(primary.bound)} ({bound_side}),
certified gap {gap}.</p>
<p>2SFCA access (catchment {options.radius_km:g} {unit}, Gaussian decay; unit:
{escape(plan.access_unit)}): population-weighted mean {access["before"]:.4g} before,
{access["after"]:.4g} after; residents in LSOAs with no site in reach:
{access["none_before"]:,} before, {access["none_after"]:,} after.</p>
{notes}
{html_table(chosen, "Chosen sites (sites.csv)")}
{html_table(shown, "Scenarios (scenarios.csv)")}
{html_table(equity.reset_index(), equity_caption)}
<h2>Maps</h2>
<p><img src="need_sites.png" alt="Need (IMD score) by LSOA with the chosen sites">
<img src="catchments.png" alt="LSOAs coloured by the site they are assigned to">
<img src="access.png" alt="2SFCA access score by LSOA after the plan"></p>
<p><a href="map.html">Interactive map of the catchments</a></p>
</body></html>
"""
    path.write_text(page, encoding="utf-8")
    return path
