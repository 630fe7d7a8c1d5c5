"""The gaps map as a PNG for reports (matplotlib, Agg, no pyplot state)."""

import io
import math

from locality.directory.gaps.geojson_map import (
    BOUNDARY_ATTRIBUTION,
    NONE_COLOUR,
    OUTLINE_COLOUR,
    gaps_geojson,
    reach_bands,
)
from locality.directory.gaps.records import NONE, NeedGaps


def gaps_png(gaps: NeedGaps) -> bytes:
    """The same map as a PNG for reports (matplotlib, Agg, no pyplot state)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch, PathPatch

    figure = Figure(figsize=(8, 8.5), dpi=110)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.02, 0.1, 0.96, 0.8))
    paths = []
    for feature in gaps_geojson(gaps)["features"]:
        paths.append(_mpl_path(feature["geometry"]))
        axes.add_artist(PathPatch(paths[-1], **_png_style(feature["properties"])))
    _frame(axes, paths)
    legend = [Patch(label="None", **_png_style({"kind": "lsoa", "fill": NONE}))]
    legend += [Patch(facecolor=b.colour, edgecolor="white", label=b.label) for b in
               reach_bands(lsoa.services_reachable for lsoa in gaps.lsoas)]  # fmt: skip
    axes.legend(handles=legend, title="Services reachable", loc="upper left", fontsize=9)
    figure.suptitle(_title(gaps), fontsize=12)
    figure.text(0.02, 0.02, f"{_method(gaps)}\n{BOUNDARY_ATTRIBUTION}", fontsize=7)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _png_style(props: dict) -> dict:
    if props["kind"] == "neighbourhood":
        return {"fill": False, "edgecolor": OUTLINE_COLOUR, "linewidth": 1.6}
    if props["fill"] == NONE:
        return {"facecolor": "white", "edgecolor": NONE_COLOUR, "hatch": "////", "linewidth": 0.6}
    return {"facecolor": props["fill"], "edgecolor": "white", "linewidth": 0.4}


def _mpl_path(geometry: dict):
    from matplotlib.path import Path

    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    vertices, codes = [], []
    for polygon in polygons:
        for ring in polygon:
            ring = [tuple(point[:2]) for point in ring]
            vertices += [*ring, ring[0]]
            codes += [Path.MOVETO] + [Path.LINETO] * (len(ring) - 1) + [Path.CLOSEPOLY]
    return Path(vertices, codes)


def _frame(axes, paths) -> None:
    """Fit the shapes, with a degree of longitude shorter than one of latitude, as on the ground."""
    import numpy as np

    points = np.concatenate([p.vertices for p in paths]) if paths else np.array([[-1.0, 54.0]])
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    pad = 0.02 * max(x1 - x0, y1 - y0, 0.01)
    axes.set_xlim(x0 - pad, x1 + pad)
    axes.set_ylim(y0 - pad, y1 + pad)
    axes.set_aspect(1 / math.cos(math.radians((y0 + y1) / 2)))
    axes.set_axis_off()


def _title(gaps: NeedGaps) -> str:
    return f"{gaps.need.name}: services reachable within {gaps.within_m:,.0f} metres"


def _method(gaps: NeedGaps) -> str:
    return (
        f"From each LSOA's population-weighted centroid: straight-line distance x "
        f"{gaps.circuity:g} (for streets) within {gaps.within_m:,.0f} m. Hatched: none in reach."
    )
