"""Maps people can look at: choropleth PNGs (matplotlib) and Leaflet pages, for every command.

``choropleth_png`` colours each LSOA (or neighbourhood) by a value, draws outlines on top
(neighbourhoods, the area) and points (hubs, stops), and writes a PNG. ``leaflet_html`` writes
a self-contained page: the shapes as inline GeoJSON with a popup per shape, Leaflet copied
beside it (from ``node_modules/leaflet``, installed by ``make install``), and no tile layer so it
works offline and leaks nothing to a tile server.

Colours are ColorBrewer/viridis ramps that read in greyscale; categories use "tab10". Every PNG
has a title and a legend; HTML pages that embed it give it alt text.
"""

import json
import shutil
from collections.abc import Sequence
from html import escape
from pathlib import Path

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

LEAFLET_DIR = Path(__file__).resolve().parents[3] / "node_modules" / "leaflet" / "dist"
DPI = 110


def choropleth_png(
    frame: gpd.GeoDataFrame,
    column: str,
    path: Path,
    title: str,
    *,
    legend: str = "",
    cmap: str = "viridis_r",
    categorical: bool = False,
    outlines: gpd.GeoSeries | None = None,
    points: gpd.GeoDataFrame | None = None,
    point_label: str = "",
    vmin: float | None = None,
    vmax: float | None = None,
) -> Path:
    """Write a choropleth of ``frame[column]`` to ``path`` (PNG) and return the path.

    ``vmin``/``vmax`` fix the ends of the colour scale (e.g. 1 and 10 for deciles) so maps of
    different places read alike; by default the scale runs from the column's minimum to maximum.
    """
    fig, ax = plt.subplots(figsize=(7.5, 7.5), dpi=DPI)
    shown = frame.to_crs("EPSG:27700")
    kwargs = {"legend": True, "edgecolor": "white", "linewidth": 0.3}
    if categorical:
        kwargs.update(
            categorical=True, cmap="tab10", legend_kwds={"loc": "lower left", "fontsize": 8}
        )
    else:
        kwargs.update(cmap=cmap, legend_kwds={"label": legend, "shrink": 0.6})
        kwargs.update({k: v for k, v in (("vmin", vmin), ("vmax", vmax)) if v is not None})
    shown.plot(
        column=column, ax=ax, missing_kwds={"color": "#dddddd", "label": "no data"}, **kwargs
    )
    if outlines is not None:
        outlines.to_crs("EPSG:27700").boundary.plot(ax=ax, color="black", linewidth=1.2)
    if points is not None and len(points):
        pts = points.to_crs("EPSG:27700")
        pts.plot(ax=ax, color="#d4351c", edgecolor="black", markersize=40, marker="o", zorder=5)
        if point_label and point_label in pts:
            for geom, label in zip(pts.geometry, pts[point_label], strict=True):
                ax.annotate(
                    str(label),
                    (geom.x, geom.y),
                    xytext=(4, 4),
                    textcoords="offset points",
                    fontsize=7,
                )
    ax.set_title(title, fontsize=11)
    ax.set_axis_off()
    ax.set_aspect("equal")
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, format="png")
    plt.close(fig)
    return path


def leaflet_html(
    frame: gpd.GeoDataFrame,
    path: Path,
    title: str,
    *,
    popup_columns: Sequence[str],
    colour_column: str | None = None,
    points: gpd.GeoDataFrame | None = None,
) -> Path:
    """Write a Leaflet page of ``frame`` (WGS84) with a popup per shape; return the path."""
    path = Path(path)
    assets = _leaflet_assets(path.parent)
    shapes = frame.to_crs("EPSG:4326")
    features = []
    colours = _colours(shapes[colour_column]) if colour_column else None
    for i, (index, row) in enumerate(shapes.iterrows()):
        props = {
            "popup": "<br>".join(
                f"<b>{escape(str(c))}</b>: {escape(_fmt(row[c]))}" for c in popup_columns
            )
        }
        props["name"] = str(index)
        props["colour"] = colours[i] if colours else "#1d70b8"
        features.append(
            {"type": "Feature", "properties": props, "geometry": row.geometry.__geo_interface__}
        )
    markers = []
    if points is not None:
        for _, row in points.to_crs("EPSG:4326").iterrows():
            label = escape(str(row.get("name", "")))
            markers.append({"lat": row.geometry.y, "lon": row.geometry.x, "label": label})
    data = json.dumps({"type": "FeatureCollection", "features": features})
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="stylesheet" href="{assets}/leaflet.css">
<style>body{{font-family:Arial,sans-serif;margin:0}} h1{{font-size:1.2rem;margin:.5rem 1rem}}
#map{{height:85vh;background:#f3f2f1}}</style></head>
<body><h1>{escape(title)}</h1><div id="map" role="region" aria-label="Map: {escape(title)}"></div>
<script src="{assets}/leaflet.js"></script>
<script>
const data = {data};
const markers = {json.dumps(markers)};
const map = L.map('map');
const layer = L.geoJSON(data, {{
  style: f => ({{color: '#0b0c0c', weight: 1, fillColor: f.properties.colour, fillOpacity: 0.6}}),
  onEachFeature: (f, l) => l.bindPopup(f.properties.popup)
}}).addTo(map);
markers.forEach(m => L.circleMarker([m.lat, m.lon], {{radius: 7, color: '#d4351c'}})
  .bindPopup(m.label).addTo(map));
map.fitBounds(layer.getBounds());
</script></body></html>
"""
    path.write_text(page, encoding="utf-8")
    return path


def _leaflet_assets(folder: Path) -> str:
    """Copy Leaflet beside the page (once per folder); return its relative path."""
    target = folder / "leaflet"
    if not target.exists() and LEAFLET_DIR.exists():
        target.mkdir(parents=True)
        for name in ("leaflet.js", "leaflet.css"):
            shutil.copy(LEAFLET_DIR / name, target / name)
    return "leaflet"


def _colours(values) -> list[str]:
    cmap = plt.get_cmap("tab10") if values.dtype == object else plt.get_cmap("viridis_r")
    if values.dtype == object:
        levels = {v: i for i, v in enumerate(sorted(set(map(str, values))))}
        return [matplotlib.colors.to_hex(cmap(levels[str(v)] % 10)) for v in values]
    low, high = float(values.min()), float(values.max())
    span = (high - low) or 1.0
    return [matplotlib.colors.to_hex(cmap((float(v) - low) / span)) for v in values]


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
