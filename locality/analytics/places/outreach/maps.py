"""The plan on maps: a PNG and an offline Leaflet page (LSOAs by status, hub catchments,
stops and each day's route)."""

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
from locality.analytics.places.outreach.plan import Plan  # noqa: E402
from locality.analytics.places.outreach.tables import status  # noqa: E402

STATUS_COLOURS = {
    "within reach of a hub": "#d9d9d9",
    "outside, reached by a stop": "#1d70b8",
    "outside, not reached": "#f47738",
}
DAY_COLOURS = ("#d4351c", "#00703c", "#4c2c92", "#b58840", "#0b0c0c", "#f499be", "#28a197")


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
