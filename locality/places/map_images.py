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
import textwrap
import threading
from pathlib import Path

from django.conf import settings

from locality.places import presenters
from locality.places.place_data import Place

_drawing = threading.Lock()


MAPPED_IDS = tuple(indicator_id for _, indicator_id in presenters.MAPPED)


def maps_folder() -> Path:
    return Path(settings.DATA_DIR) / "places" / "maps"


def neighbourhoods_png(place: Place) -> Path:
    """The local authority's LSOAs coloured by neighbourhood, neighbourhoods outlined."""
    return _cached(place, "neighbourhoods.png", lambda path: _draw_neighbourhoods(place, path))


def neighbourhood_png(place: Place, name: str, indicator_id: str) -> Path:
    """The map of one of ``presenters.MAPPED`` for the neighbourhood called ``name``."""
    ids = {n: i for i, n in place.neighbourhoods.items()}
    filename = f"neighbourhood-{ids[name]}-{indicator_id}.png"
    return _cached(
        place, filename, lambda path: _draw_neighbourhood(place, name, indicator_id, path)
    )


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


def _draw_neighbourhood(place: Place, name: str, indicator_id: str, path: Path) -> None:
    from locality.analytics.places.maps import choropleth_png

    indicator = presenters.store(place).indicators[indicator_id]
    values = presenters.lsoa_values(place, name)[indicator_id]
    frame = place.area.frame().loc[values.index].copy()
    frame["value"] = values
    title = textwrap.wrap(f"{name}, {place.la_name}: {indicator.title}", 70)
    choropleth_png(
        frame,
        "value",
        path,
        "\n".join([*title, f"({indicator.period})"]),
        outlines=frame.dissolve().geometry,
        **presenters.map_style(indicator),
    )
