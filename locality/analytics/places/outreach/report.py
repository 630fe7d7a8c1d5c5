"""Write an outreach plan: tables (CSV, JSON), a timetable page, a report page, maps.

Files (all written at once into ``out``; see ``output.output_folder``):

``lsoas.csv``       every LSOA: population, IMD decile, weight, nearest hub and its distance,
                    outside the catchments or not, the stop that reaches it and the walk
``stops.csv``       the chosen stops in timetable order: day, order, arrive, depart, reach
``timetable.csv``   one row per call: day, order, stop, arrive, depart (and the depot legs)
``equity.csv``      residents by IMD decile: outside before, reached by the stops, still outside
``summary.json``    the options, the solver, value, bound and gap, the totals
``timetable.html``  the week's timetable, a page to print
``report.html``     the summary, the equity table, the timetable and the map
``map.png``         LSOAs by status, hub catchments, stops and day routes
``map.html``        the same on a Leaflet page (offline, no tiles)
"""

import csv
import json
from html import escape
from pathlib import Path

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import shapely  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from locality.analytics.places.geography import BNG, WGS84  # noqa: E402
from locality.analytics.places.maps import DPI, _leaflet_assets  # noqa: E402
from locality.analytics.places.outreach.plan import Plan, equity  # noqa: E402
from locality.analytics.places.outreach.routes import clock  # noqa: E402

STATUS_COLOURS = {
    "within reach of a hub": "#d9d9d9",
    "outside, reached by a stop": "#1d70b8",
    "outside, not reached": "#f47738",
}
DAY_COLOURS = ("#d4351c", "#00703c", "#4c2c92", "#b58840", "#0b0c0c", "#f499be", "#28a197")


def write_outreach(plan: Plan, folder: Path) -> list[Path]:
    """Write every file of the plan into ``folder``; return their paths."""
    folder = Path(folder)
    lsoas = _lsoa_rows(plan)
    paths = [
        _csv(folder / "lsoas.csv", lsoas),
        _csv(folder / "stops.csv", plan.stops.to_dict("records")),
        _csv(folder / "timetable.csv", timetable_rows(plan)),
        _csv(folder / "equity.csv", equity(plan.lsoas).to_dict("records")),
    ]
    summary = summary_of(plan)
    path = folder / "summary.json"
    path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    paths.append(path)
    paths.append(map_png(plan, folder / "map.png"))
    paths.append(map_html(plan, folder / "map.html"))
    paths.append(timetable_html(plan, folder / "timetable.html"))
    paths.append(report_html(plan, summary, folder / "report.html"))
    return paths


def status(plan: Plan):
    table = plan.lsoas
    return table.outside.map({False: "within reach of a hub", True: "outside, not reached"}).where(
        ~(table.stop != ""), "outside, reached by a stop"
    )


def _lsoa_rows(plan: Plan) -> list[dict]:
    table = plan.lsoas.assign(status=status(plan))
    rows = []
    for code, row in table.iterrows():
        rows.append(
            {
                "lsoa11cd": code,
                "lsoa11nm": row.lsoa11nm,
                "population": int(row.population),
                "imd_decile": int(row.imd_decile),
                "weight": round(float(row.weight), 1),
                "nearest_hub": row.nearest_hub,
                f"hub_{plan.radius_unit}": round(float(row.hub_distance), 2),
                "outside": bool(row.outside),
                "stop": row.stop,
                "walk_km": "" if row.stop == "" else round(float(row.walk_km), 2),
                "status": row.status,
            }
        )
    return rows


def timetable_rows(plan: Plan) -> list[dict]:
    names = dict(zip(plan.stops.node, plan.stops.name, strict=True))
    ids = dict(zip(plan.stops.node, plan.stops.stop_id, strict=True))
    rows = []
    for day in plan.days:
        if len(day.path) <= 2:
            continue
        rows.append(_call(day.day, 0, f"{plan.depot} (depot)", plan.depot, "", day.leave))
        for visit in (v for v in plan.visits if v.day == day.day):
            rows.append(
                _call(
                    day.day,
                    visit.order,
                    names[visit.stop],
                    ids[visit.stop],
                    visit.arrive,
                    visit.depart,
                )
            )
        rows.append(
            _call(day.day, len(day.path) - 1, f"{plan.depot} (depot)", plan.depot, day.back, "")
        )
    return rows


def _call(day, order, stop, stop_id, arrive, depart) -> dict:
    return {
        "day": day,
        "order": order,
        "stop": stop,
        "stop_id": stop_id,
        "arrive": clock(arrive) if arrive != "" else "",
        "depart": clock(depart) if depart != "" else "",
    }


def summary_of(plan: Plan) -> dict:
    o = plan.options
    table = plan.lsoas
    outside = table[table.outside]
    reached = table[table.stop != ""]
    return {
        "local_authority": {"code": plan.area.code, "name": plan.area.name},
        "shapes": plan.area.shapes_source,
        "distance": plan.model.describe(),
        "radius": o.radius_km,
        "radius_unit": plan.radius_unit,
        "walk_km": o.walk_km,
        "weight": o.weight,
        "hubs": list(plan.hubs.name),
        "depot": plan.depot,
        "stops_asked": o.stops,
        "stops_chosen": len(plan.stops),
        "candidate_stops": len(plan.candidates),
        "solver": plan.cover.method,
        "weight_reached": round(plan.cover.value, 1),
        "bound": round(plan.cover.bound, 1),
        "gap": round(plan.cover.gap, 4),
        "greedy_weight_reached": round(plan.greedy.value, 1),
        "greedy_bound": round(plan.greedy.bound, 1),
        "residents": int(table.population.sum()),
        "residents_outside": int(outside.population.sum()),
        "residents_reached": int(reached.population.sum()),
        "weight_outside": round(float(outside.weight.sum()), 1),
        "days": o.days,
        "start": clock(o.start),
        "end": clock(o.end),
        "speed_kmh": o.speed_kmh,
        "dwell_min": o.dwell_min,
        "driving_minutes_per_week": round(sum(d.drive for d in plan.days), 1),
        "notes": plan.notes,
    }


def _csv(path: Path, rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        if rows:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return path


def _hubs_frame(plan: Plan) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name": list(plan.hubs.name)},
        geometry=gpd.points_from_xy(plan.hubs.longitude, plan.hubs.latitude),
        crs=WGS84,
    )


def _catchments_bng(plan: Plan):
    """Circles of the radius as the crow flies (radius / circuity); none for a travel matrix."""
    if plan.model.unit != "m" or not hasattr(plan.model, "circuity"):
        return None
    radius = plan.options.radius_km * 1000.0 / plan.model.circuity
    return _hubs_frame(plan).to_crs(BNG).buffer(radius)


def _route_lines(plan: Plan) -> list[tuple[str, list[tuple[float, float]]]]:
    d = plan.hubs.name.index(plan.depot)
    lonlat = {0: (float(plan.hubs.longitude[d]), float(plan.hubs.latitude[d]))}
    for row in plan.stops.itertuples():
        lonlat[row.node] = (float(row.longitude), float(row.latitude))
    return [(day.day, [lonlat[n] for n in day.path]) for day in plan.days if len(day.path) > 2]


def map_png(plan: Plan, path: Path) -> Path:
    frame = plan.area.frame().to_crs(BNG)
    frame["status"] = status(plan)
    fig, ax = plt.subplots(figsize=(8, 8), dpi=DPI)
    frame.plot(ax=ax, color=frame.status.map(STATUS_COLOURS), edgecolor="white", linewidth=0.3)
    handles = [Patch(facecolor=c, label=s) for s, c in STATUS_COLOURS.items()]
    circles = _catchments_bng(plan)
    if circles is not None:
        circles.boundary.plot(ax=ax, color="#0b0c0c", linewidth=1, linestyle="--")
        handles.append(
            Line2D([], [], color="#0b0c0c", linestyle="--", label="hub catchment (crow flies)")
        )
    for i, (day, line) in enumerate(_route_lines(plan)):
        shape = gpd.GeoSeries([shapely.LineString(line)], crs=WGS84).to_crs(BNG)
        colour = DAY_COLOURS[i % len(DAY_COLOURS)]
        shape.plot(ax=ax, color=colour, linewidth=2)
        handles.append(Line2D([], [], color=colour, linewidth=2, label=f"{day} route"))
    hubs = _hubs_frame(plan).to_crs(BNG)
    hubs.plot(ax=ax, color="#0b0c0c", marker="s", markersize=60, zorder=6)
    for geom, name in zip(hubs.geometry, hubs.name, strict=True):
        ax.annotate(name, (geom.x, geom.y), xytext=(5, 5), textcoords="offset points", fontsize=8)
    handles.append(Line2D([], [], color="#0b0c0c", marker="s", linestyle="", label="hub"))
    if len(plan.stops):
        stops = gpd.GeoDataFrame(
            plan.stops,
            geometry=gpd.points_from_xy(plan.stops.longitude, plan.stops.latitude),
            crs=WGS84,
        ).to_crs(BNG)
        stops.plot(ax=ax, color="white", edgecolor="#0b0c0c", markersize=45, zorder=7)
        handles.append(
            Line2D(
                [],
                [],
                color="#0b0c0c",
                marker="o",
                markerfacecolor="white",
                linestyle="",
                label="bus stop",
            )
        )
    ax.legend(handles=handles, loc="lower left", fontsize=7, framealpha=0.9)
    ax.set_title(
        f"{plan.area.name}: residents beyond {plan.options.radius_km:g} {plan.radius_unit} of a "
        f"hub, and a {plan.options.days}-day community bus",
        fontsize=10,
    )
    ax.set_axis_off()
    ax.set_aspect("equal")
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)
    return Path(path)


def map_html(plan: Plan, path: Path) -> Path:
    path = Path(path)
    assets = _leaflet_assets(path.parent)
    frame = plan.area.frame()
    frame["status"] = status(plan)
    features = []
    for code, row in frame.iterrows():
        lsoa = plan.lsoas.loc[code]
        popup = "<br>".join(
            [
                f"<b>{escape(code)}</b> {escape(str(row.lsoa11nm))}",
                f"residents: {int(row.population):,}; IMD decile {int(row.imd_decile)}",
                f"nearest hub: {escape(lsoa.nearest_hub)} "
                f"({lsoa.hub_distance:.1f} {plan.radius_unit})",
                f"{escape(row.status)}" + (f": {escape(lsoa.stop)}" if lsoa.stop else ""),
            ]
        )
        features.append(
            {
                "type": "Feature",
                "properties": {"popup": popup, "colour": STATUS_COLOURS[row.status]},
                "geometry": row.geometry.__geo_interface__,
            }
        )
    crow = None
    if plan.model.unit == "m" and hasattr(plan.model, "circuity"):
        crow = plan.options.radius_km * 1000.0 / plan.model.circuity
    hubs = [
        {"lat": float(lat), "lon": float(lon), "label": escape(name)}
        for name, lat, lon in zip(
            plan.hubs.name, plan.hubs.latitude, plan.hubs.longitude, strict=True
        )
    ]
    stops = [
        {
            "lat": float(row.latitude),
            "lon": float(row.longitude),
            "label": f"<b>{escape(row.name)}</b><br>{row.day} {row.arrive}-{row.depart}"
            f"<br>reaches {row.residents_reached:,} residents",
        }
        for row in plan.stops.itertuples()
    ]
    routes = [
        {
            "day": day,
            "colour": DAY_COLOURS[i % len(DAY_COLOURS)],
            "points": [[lat, lon] for lon, lat in line],
        }
        for i, (day, line) in enumerate(_route_lines(plan))
    ]
    title = f"{plan.area.name}: community bus outreach"
    legend = "".join(
        f'<li><span style="background:{c}"></span>{escape(s)}</li>'
        for s, c in STATUS_COLOURS.items()
    ) + "".join(
        f'<li><span style="background:{r["colour"]}"></span>{r["day"]} route</li>' for r in routes
    )
    data = json.dumps({"type": "FeatureCollection", "features": features})
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="stylesheet" href="{assets}/leaflet.css">
<style>body{{font-family:Arial,sans-serif;margin:0}} h1{{font-size:1.2rem;margin:.5rem 1rem}}
#map{{height:80vh;background:#f3f2f1}} ul{{list-style:none;margin:.5rem 1rem;padding:0}}
li{{display:inline-block;margin-right:1rem}} li span{{display:inline-block;width:1rem;
height:1rem;margin-right:.3rem;vertical-align:middle;border:1px solid #0b0c0c}}</style></head>
<body><h1>{escape(title)}</h1><ul aria-label="Legend">{legend}</ul>
<div id="map" role="region" aria-label="Map: {escape(title)}"></div>
<script src="{assets}/leaflet.js"></script>
<script>
const data = {data};
const hubs = {json.dumps(hubs)};
const stops = {json.dumps(stops)};
const routes = {json.dumps(routes)};
const crow = {json.dumps(crow)};
const map = L.map('map');
const layer = L.geoJSON(data, {{
  style: f => ({{color: '#ffffff', weight: 1, fillColor: f.properties.colour, fillOpacity: 0.7}}),
  onEachFeature: (f, l) => l.bindPopup(f.properties.popup)
}}).addTo(map);
map.fitBounds(layer.getBounds());
routes.forEach(r => L.polyline(r.points, {{color: r.colour, weight: 3}})
  .bindPopup(r.day + ' route').addTo(map));
hubs.forEach(h => {{
  if (crow) L.circle([h.lat, h.lon], {{radius: crow, color: '#0b0c0c', weight: 1,
    dashArray: '4', fill: false}}).addTo(map);
  L.circleMarker([h.lat, h.lon], {{radius: 9, color: '#ffffff', weight: 2, fillColor: '#0b0c0c',
    fillOpacity: 1}}).bindPopup('Hub: ' + h.label).addTo(map);
}});
stops.forEach(s => L.circleMarker([s.lat, s.lon], {{radius: 7, color: '#0b0c0c',
  fillColor: '#ffffff', fillOpacity: 1}}).bindPopup(s.label).addTo(map));
</script></body></html>
"""
    path.write_text(page, encoding="utf-8")
    return path


STYLE = """<style>body{font-family:Arial,sans-serif;margin:1.5rem;max-width:60rem;color:#0b0c0c}
table{border-collapse:collapse;margin:1rem 0}th,td{border-bottom:1px solid #b1b4b6;
padding:.3rem .6rem;text-align:left}td.n,th.n{text-align:right}caption{font-weight:bold;
text-align:left}img{max-width:100%}</style>"""


def _table(caption: str, header: list[str], rows: list[list], numeric=()) -> str:
    head = "".join(
        f'<th scope="col"{" class=n" if i in numeric else ""}>{escape(h)}</th>'
        for i, h in enumerate(header)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=n' if i in numeric else ''}>{escape(_fmt(v))}</td>"
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _fmt(value) -> str:
    if isinstance(value, float):
        return "-" if value != value else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _timetable_tables(plan: Plan) -> str:
    rows = timetable_rows(plan)
    parts = []
    for day in plan.days:
        calls = [r for r in rows if r["day"] == day.day]
        if not calls:
            parts.append(f"<h3>{day.day}</h3><p>No bus this day.</p>")
            continue
        parts.append(
            f"<h3>{day.day}</h3>"
            + _table(
                f"{day.day}: {len(calls) - 2} stops, {day.drive:.0f} minutes driving",
                ["Stop", "Arrives", "Leaves"],
                [[r["stop"], r["arrive"], r["depart"]] for r in calls],
            )
        )
    return "".join(parts)


def timetable_html(plan: Plan, path: Path) -> Path:
    title = f"{plan.area.name} community bus: weekly timetable"
    page = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title>{STYLE}</head><body><h1>{escape(title)}</h1>"
        f"<p>The bus leaves {escape(plan.depot)} at {clock(plan.options.start)} and waits "
        f"{plan.options.dwell_min:g} minutes at each stop. Times are planned, at "
        f"{plan.options.speed_kmh:g} km/h on average.</p>"
        f"{_timetable_tables(plan)}</body></html>\n"
    )
    Path(path).write_text(page, encoding="utf-8")
    return Path(path)


def report_html(plan: Plan, summary: dict, path: Path) -> Path:
    o = plan.options
    title = f"{plan.area.name}: outreach to residents beyond the hubs"
    eq = equity(plan.lsoas)
    equity_table = _table(
        "Residents by IMD 2019 decile (1 = most deprived)",
        [
            "IMD decile",
            "Residents",
            "Outside the catchments",
            "Reached by the stops",
            "Still outside",
            "Share reached",
        ],
        [
            [
                str(r.imd_decile),
                int(r.residents),
                int(r.outside_before),
                int(r.reached_by_stops),
                int(r.still_outside),
                float(r.share_reached),
            ]
            for r in eq.itertuples()
        ],
        numeric=(1, 2, 3, 4, 5),
    )
    stops_table = _table(
        "Stops chosen",
        ["Stop", "Day", "Arrives", "LSOAs reached", "Residents reached", "Weight reached"],
        [
            [
                r.name,
                r.day,
                r.arrive,
                int(r.lsoas_reached),
                int(r.residents_reached),
                float(r.weight_reached),
            ]
            for r in plan.stops.itertuples()
        ],
        numeric=(3, 4, 5),
    )
    notes = "".join(f"<li>{escape(n)}</li>" for n in plan.notes)
    weight = (
        "need-weighted (residents x IMD score / England mean)"
        if o.weight == "need"
        else "residents"
    )
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{escape(title)}</title>{STYLE}</head><body><h1>{escape(title)}</h1>
<p>{summary["residents_outside"]:,} of {summary["residents"]:,} residents live beyond
{o.radius_km:g} {plan.radius_unit} of every hub ({escape(summary["distance"])}). The
{summary["stops_chosen"]} stops below, each within {o.walk_km:g} km walk of the LSOAs it serves,
reach {summary["residents_reached"]:,} of them.</p>
<p>Stops were chosen from {summary["candidate_stops"]} candidates to reach the most
{weight} by {escape(plan.cover.method)}: {plan.cover.value:,.1f} reached, no choice of
{o.stops} stops could reach more than {plan.cover.bound:,.1f} (gap {plan.cover.gap:.2%});
greedy alone reached {plan.greedy.value:,.1f}. Shapes: {escape(plan.area.shapes_source)}.</p>
{f"<ul>{notes}</ul>" if notes else ""}
<img src="map.png" alt="Map of {escape(plan.area.name)}: LSOAs within reach of a hub in grey,
outside and reached by a stop in blue, outside and not reached in orange; hubs as squares,
stops as circles and each day's route as a coloured line.">
<p><a href="map.html">Interactive map</a> · <a href="timetable.html">Timetable to print</a></p>
{equity_table}{stops_table}<h2>Timetable</h2>{_timetable_tables(plan)}</body></html>
"""
    Path(path).write_text(page, encoding="utf-8")
    return Path(path)
