"""PNG maps of the places pages, drawn on first request and kept on disk.

Drawn by ``locality.analytics.places.maps.choropleth_png`` (the same maps the ``locality places``
commands write). Each image is stored under ``<LOCALITY_DATA_DIR>/places/maps/<LA>/<token>/``
where the token is ``place_data.version_token``: a changed place gets a new folder (the old one
is removed) and never shows a stale map. Drawing is serialised in the process (pyplot keeps
global state) and each file is written beside its final name and renamed, so a reader in
another process sees a whole image or none.
"""

import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from locality.places.place_data import Place

_drawing = threading.Lock()


@dataclass(frozen=True)
class NeighbourhoodMap:
    kind: str
    title: str
    column: str
    legend: str
    cmap: str
    vmin: float | None = None
    vmax: float | None = None


NEIGHBOURHOOD_MAPS = {
    m.kind: m
    for m in (
        NeighbourhoodMap(
            "imd", "IMD 2019 decile by LSOA", "imd_decile",
            "IMD 2019 decile (1 = most deprived 10% in England)", "viridis", 1, 10,
        ),
        NeighbourhoodMap(
            "older", "Share of residents aged 60 and over by LSOA", "share_60_plus",
            "Residents aged 60 and over (%)", "viridis_r",
        ),
        NeighbourhoodMap(
            "children", "Share of residents aged 0 to 15 by LSOA", "share_0_15",
            "Residents aged 0 to 15 (%)", "viridis_r",
        ),
    )
}  # fmt: skip


def maps_folder() -> Path:
    return Path(settings.DATA_DIR) / "places" / "maps"


def neighbourhoods_png(place: Place) -> Path:
    """The local authority's LSOAs coloured by neighbourhood, neighbourhoods outlined."""
    return _cached(place, "neighbourhoods.png", lambda path: _draw_neighbourhoods(place, path))


def neighbourhood_png(place: Place, name: str, kind: str) -> Path:
    """One of ``NEIGHBOURHOOD_MAPS`` for the neighbourhood called ``name``."""
    spec = NEIGHBOURHOOD_MAPS[kind]
    ids = {n: i for i, n in place.neighbourhoods.items()}
    filename = f"neighbourhood-{ids[name]}-{kind}.png"
    return _cached(place, filename, lambda path: _draw_neighbourhood(place, name, spec, path))


def _cached(place: Place, filename: str, draw) -> Path:
    folder = maps_folder() / place.la_code / place.token
    path = folder / filename
    if path.exists():
        return path
    with _drawing:
        if path.exists():  # drawn by another thread while this one waited
            return path
        folder.mkdir(parents=True, exist_ok=True)
        _remove_old_versions(folder)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".png")
        os.close(handle)
        try:
            draw(Path(temporary))
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    return path


def _remove_old_versions(folder: Path) -> None:
    for other in folder.parent.iterdir():
        if other != folder and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)


def _draw_neighbourhoods(place: Place, path: Path) -> None:
    from locality.analytics.places.maps import choropleth_png

    frame = place.area.frame()
    frame["neighbourhood"] = place.assignment.fillna("No neighbourhood")
    choropleth_png(
        frame,
        "neighbourhood",
        path,
        f"{place.la_name}: neighbourhoods",
        categorical=True,
        outlines=frame.dissolve(by="neighbourhood").geometry,
    )


def _draw_neighbourhood(place: Place, name: str, spec: NeighbourhoodMap, path: Path) -> None:
    from locality.analytics.places.maps import choropleth_png

    frame = place.area.frame()[place.assignment == name].copy()
    frame["share_60_plus"] = 100 * frame.age_60_plus / frame.population.where(frame.population > 0)
    frame["share_0_15"] = 100 * frame.age_0_15 / frame.population.where(frame.population > 0)
    choropleth_png(
        frame,
        spec.column,
        path,
        f"{name}, {place.la_name}: {spec.title}",
        legend=spec.legend,
        cmap=spec.cmap,
        vmin=spec.vmin,
        vmax=spec.vmax,
        outlines=frame.dissolve().geometry,
    )
