"""The profile's pictures: a map of the neighbourhoods, one choropleth per theme (its headline
indicator by LSOA, neighbourhood outlines on top) and a Leaflet page."""

import textwrap
from pathlib import Path

import geopandas as gpd
import matplotlib.pyplot as plt
import pandas as pd

from locality.analytics.places import maps
from locality.analytics.places.indicators.aggregate import aggregate, lsoa_assignment
from locality.analytics.places.indicators.catalogue import THEMES
from locality.analytics.places.indicators.store import bundled_store
from locality.analytics.places.profiles.table import checked_assignment

TOUCH_M = 5.0  # neighbourhoods this close (metres) get different colours


def lsoa_values(store, indicator, codes) -> pd.Series:
    """The indicator for each LSOA on its own (the same aggregation, one LSOA per group)."""
    if indicator.kind == "decile":
        return store.values.loc[list(codes), indicator.column].astype(float)
    values = aggregate(store, lsoa_assignment(codes), [indicator.id]).set_index("group")["value"]
    return values.reindex(list(codes))


def outlines(area, assignment: pd.Series) -> gpd.GeoSeries:
    """One (multi)polygon per neighbourhood, the union of its LSOAs' shapes."""
    frame = gpd.GeoDataFrame(
        {"neighbourhood": assignment}, geometry=area.shapes.reindex(assignment.index)
    )
    return frame.dissolve(by="neighbourhood").geometry


def colour_groups(lines: gpd.GeoSeries) -> pd.Series:
    """A colour number per neighbourhood such that touching neighbourhoods differ (greedy,
    most-connected first; planar maps need few colours)."""
    shapes = lines.to_crs("EPSG:27700")
    near = {
        name: {
            other
            for other, shape in shapes.items()
            if other != name and shape.distance(shapes[name]) < TOUCH_M
        }
        for name in shapes.index
    }
    colour: dict = {}
    for name in sorted(near, key=lambda n: (-len(near[n]), str(n))):
        used = {colour[o] for o in near[name] if o in colour}
        colour[name] = next(c for c in range(len(near) + 1) if c not in used)
    return pd.Series(colour).reindex(shapes.index)


def neighbourhood_png(area, lines: gpd.GeoSeries, path: Path, count: int) -> Path:
    """The neighbourhoods, touching ones in different colours, each labelled by name."""
    shapes = gpd.GeoDataFrame(
        {"colour": colour_groups(lines).to_numpy()}, geometry=lines.values, crs=lines.crs
    ).to_crs("EPSG:27700")
    palette = plt.get_cmap("Pastel1" if shapes.colour.max() < 9 else "tab20")
    fig, ax = plt.subplots(figsize=(7.5, 7.5), dpi=maps.DPI)
    area_shapes = area.projected()
    area_shapes.plot(ax=ax, color="#f3f2f1", edgecolor="white", linewidth=0.3)
    shapes.plot(
        ax=ax,
        color=[palette(int(c) % palette.N) for c in shapes.colour],
        edgecolor="#0b0c0c",
        linewidth=1.2,
    )
    area_shapes.boundary.plot(ax=ax, color="white", linewidth=0.2)
    shapes.boundary.plot(ax=ax, color="#0b0c0c", linewidth=1.2)
    size = 8 if len(shapes) <= 12 else 6
    for name, shape in zip(lines.index, shapes.geometry, strict=True):
        point = shape.representative_point()
        ax.annotate(
            "\n".join(textwrap.wrap(str(name), 16)),
            (point.x, point.y),
            ha="center",
            va="center",
            fontsize=size,
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.8},
        )
    ax.set_title(f"{area.name}: neighbourhoods ({count})", fontsize=11)
    ax.set_axis_off()
    ax.set_aspect("equal")
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)
    return Path(path)


def map_title(area, indicator) -> str:
    """Wrapped to fit the picture: place, indicator, period."""
    lines = textwrap.wrap(f"{area.name}: {indicator.title}", 70)
    return "\n".join([*lines, f"({indicator.period})"])


def alt_text(area, indicator, values: pd.Series) -> str:
    """A sentence saying what the map shows, for the ``alt`` of its image."""
    shown = values.dropna()
    if shown.empty:
        return f"Map of {area.name}'s LSOAs: no values for {indicator.title}."
    low, high = shown.idxmin(), shown.idxmax()
    name = area.lsoas.get("lsoa11nm", pd.Series(dtype=str))
    return (
        f"Map of {area.name}'s {len(values)} LSOAs shaded by {indicator.title}, with the "
        f"neighbourhoods outlined in black. Values run from {shown.min():,.1f} "
        f"({name.get(low, low)}) to {shown.max():,.1f} ({name.get(high, high)})."
    )


def profile_maps(area, assignment: pd.Series, folder: Path, store=None) -> dict[str, Path]:
    """Write ``neighbourhoods.png`` and ``map-<theme>.png`` for each theme with a headline
    indicator into ``folder``; return {"neighbourhoods" or theme: path}."""
    store = store if store is not None else bundled_store(area)
    assignment = checked_assignment(area, assignment)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lines = outlines(area, assignment)
    frame = area.frame()
    frame["neighbourhood"] = assignment.reindex(frame.index)
    written = {
        "neighbourhoods": neighbourhood_png(
            area, lines, folder / "neighbourhoods.png", assignment.nunique()
        )
    }
    for theme in THEMES:
        indicator = store.headline(theme)
        if indicator is None:
            continue
        column = f"_{indicator.id}"
        frame[column] = lsoa_values(store, indicator, frame.index).to_numpy()
        decile = indicator.kind == "decile"
        written[theme] = maps.choropleth_png(
            frame,
            column,
            folder / f"map-{theme}.png",
            map_title(area, indicator),
            legend="national decile (1 = most deprived)" if decile else indicator.unit,
            cmap="viridis" if decile or indicator.polarity == "higher_is_better" else "viridis_r",
            outlines=lines,
            vmin=1 if decile else None,
            vmax=10 if decile else None,
        )
    return written


def profile_alt_texts(area, assignment: pd.Series, store=None) -> dict[str, str]:
    """Alt text for each image ``profile_maps`` writes, by the same keys."""
    store = store if store is not None else bundled_store(area)
    assignment = checked_assignment(area, assignment)
    counts = assignment.value_counts().sort_index()
    texts = {
        "neighbourhoods": f"Map of {area.name}'s {len(area.codes)} LSOAs coloured by "
        f"neighbourhood: " + "; ".join(f"{name} ({n} LSOAs)" for name, n in counts.items()) + "."
    }
    for theme in THEMES:
        indicator = store.headline(theme)
        if indicator is not None:
            texts[theme] = alt_text(area, indicator, lsoa_values(store, indicator, area.codes))
    return texts


def profile_leaflet(area, assignment: pd.Series, path: Path, store=None) -> Path:
    """A Leaflet page: LSOAs coloured by neighbourhood, each popup with its headline values."""
    store = store if store is not None else bundled_store(area)
    assignment = checked_assignment(area, assignment)
    frame = area.frame()[["lsoa11nm", "population", "geometry"]].copy()
    frame["neighbourhood"] = assignment.reindex(frame.index).fillna("(none)")
    groups = colour_groups(outlines(area, assignment))
    frame["_colour"] = [f"c{groups.get(n, 99)}" for n in frame.neighbourhood]
    frame.insert(0, "LSOA", frame.index)
    popups = ["LSOA", "lsoa11nm", "neighbourhood", "population"]
    for theme in THEMES:
        indicator = store.headline(theme)
        if indicator is None:
            continue
        label = indicator.title if len(indicator.title) < 60 else indicator.id
        frame[label] = lsoa_values(store, indicator, frame.index).to_numpy()
        popups.append(label)
    return maps.leaflet_html(
        frame,
        Path(path),
        f"{area.name}: neighbourhoods and headline indicators by LSOA",
        popup_columns=popups,
        colour_column="_colour",
    )
