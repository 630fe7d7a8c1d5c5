"""Design neighbourhoods for an area: check the request can be met, build the units (LSOAs or
whole wards), search, and measure the result."""

import time
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from locality.analytics.places.design import measures
from locality.analytics.places.design.problem import Problem, build_problem, need_matrix
from locality.analytics.places.design.search import Weights, partition
from locality.analytics.places.geography import (
    BNG,
    WGS84,
    Adjacency,
    Area,
    PlacesError,
    contiguity,
    ward_lookup,
)

METHODS = ("grow", "skater")
SMALL = 500  # units: below this many, starts are cheap and more of them are tried


@dataclass(frozen=True)
class DesignOptions:
    target_population: float
    count: int | None = None
    tolerance: float = 0.15
    keep_whole_wards: bool = False
    wards: Path | None = None
    compare: Path | None = None
    method: str = "grow"
    seed: int = 0
    restarts: int | None = None  # None: 64 below SMALL units, else 8
    weights: Weights = field(default_factory=Weights)


@dataclass(frozen=True)
class Design:
    area: Area
    adjacency: Adjacency
    options: DesignOptions
    count: int
    target: float  # the area's population over the count
    units: str  # "LSOAs" or "wards"
    assignment: pd.Series  # LSOA code -> neighbourhood name
    neighbourhoods: gpd.GeoDataFrame  # one row per neighbourhood (WGS84), see FEATURE_PROPERTIES
    comparisons: dict[str, dict]  # name of the boundary set -> measures.compare_with
    seconds: float
    objective: float

    @property
    def max_deviation_pct(self) -> float:
        return float(self.neighbourhoods.deviation_pct.abs().max())


FEATURE_PROPERTIES = (
    "name",
    "population",
    "lsoa_codes",
    "lsoa_count",
    "deviation_pct",
    "deviation_from_requested_pct",
    "compactness",
    "heterogeneity",
    "contiguous",
)


def neighbourhood_count(population: int, options: DesignOptions, units: int, kind: str) -> int:
    """The number of neighbourhoods asked for, or a clear error when it cannot be had."""
    if options.target_population <= 0:
        raise PlacesError("--target-population: must be a positive number of people")
    if options.count is not None:
        count = options.count
        if count < 1:
            raise PlacesError(f"--count {count}: must be at least 1")
    else:
        count = round(population / options.target_population)
        if count < 1:
            raise PlacesError(
                f"--target-population {options.target_population:,.0f}: more than twice the "
                f"area's population ({population:,}), so the number of neighbourhoods would be "
                "0; give a smaller target or --count"
            )
    if count > units:
        raise PlacesError(
            f"{count} neighbourhoods asked for but the area has only {units} {kind} to build "
            "them from; give a larger --target-population or a smaller --count"
        )
    return count


def read_wards(path: Path, area: Area) -> pd.Series:
    """A CSV with columns lsoa11cd and ward (any further columns ignored)."""
    try:
        table = pd.read_csv(path, dtype=str)
    except FileNotFoundError as exc:
        raise PlacesError(f"--wards {path}: no such file") from exc
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise PlacesError(f"--wards {path}: not a CSV file ({exc})") from exc
    for column in ("lsoa11cd", "ward"):
        if column not in table.columns:
            raise PlacesError(f"--wards {path}: no column {column!r} (need lsoa11cd, ward)")
    table = table.dropna(subset=["lsoa11cd"])
    duplicated = table.lsoa11cd[table.lsoa11cd.duplicated()]
    if len(duplicated):
        line = int(duplicated.index[0]) + 2
        raise PlacesError(f"--wards {path}: line {line}: LSOA {duplicated.iloc[0]} appears twice")
    lookup = table.set_index("lsoa11cd").ward.reindex(area.codes)
    missing = lookup.index[lookup.isna() | (lookup.str.strip() == "")]
    if len(missing):
        raise PlacesError(
            f"--wards {path}: field ward: {len(missing)} of the area's LSOAs have no ward, "
            f"e.g. {missing[0]}"
        )
    return lookup.str.strip()


def ward_units(area: Area, options: DesignOptions) -> pd.Series:
    if options.wards is not None:
        return read_wards(Path(options.wards), area)
    lookup = ward_lookup(area)
    if lookup is None:
        raise PlacesError(
            "--keep-whole-wards: no bundled ward lookup for this area (there is one for York, "
            "Haringey and Islington); give --wards FILE (CSV: lsoa11cd, ward)"
        )
    return lookup


def skater_starts(problem: Problem, area: Area, unit_names: list, options) -> list:
    """A start from PySAL spopt's SKATER on the same units (need variables as attributes,
    at least half the mean number of units per region), to be improved by the local search."""
    import warnings

    import libpysal
    from spopt.region import Skater

    n = problem.size
    columns = [f"need_{i}" for i in range(problem.sum_x.shape[1])]
    table = pd.DataFrame(problem.sum_x / problem.lsoas[:, None], columns=columns)
    table["geometry"] = gpd.points_from_xy(*problem.centres().T)
    weights = libpysal.weights.W(
        {i: problem.neighbours[i].tolist() for i in range(n)}, silence_warnings=True
    )
    model = Skater(
        gpd.GeoDataFrame(table),
        weights,
        columns,
        n_clusters=problem.count,
        floor=max(1, n // (2 * problem.count)),
        islands="increase",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.solve()
    labels = np.asarray(model.labels_, dtype=int)
    if len(set(labels.tolist())) != problem.count:
        raise PlacesError(
            f"--method skater: SKATER found {len(set(labels.tolist()))} regions, not "
            f"{problem.count}; use --method grow"
        )
    _, labels = np.unique(labels, return_inverse=True)
    return [labels]


def design_area(area: Area, options: DesignOptions, adjacency: Adjacency | None = None) -> Design:
    """Neighbourhoods for ``area`` as ``options`` ask, or a PlacesError saying why not."""
    if options.method not in METHODS:
        raise PlacesError(f"--method {options.method!r}: one of {', '.join(METHODS)}")
    if not 0 < options.tolerance < 1:
        raise PlacesError(f"--tolerance {options.tolerance}: a fraction between 0 and 1")
    started = time.perf_counter()
    adjacency = adjacency or contiguity(area)
    unit_of = ward_units(area, options) if options.keep_whole_wards else None
    kind = "wards" if unit_of is not None else "LSOAs"
    units = len(set(unit_of)) if unit_of is not None else len(area.codes)
    count = neighbourhood_count(area.population, options, units, kind)
    problem, unit_names = build_problem(area, adjacency, count, unit_of)
    target = area.population / count
    too_big = problem.population > target * (1 + options.tolerance)
    if count > 1 and too_big.any():
        i = int(np.argmax(problem.population))
        raise PlacesError(
            f"cannot keep within {options.tolerance:.0%} of {target:,.0f} people: "
            f"{kind[:-1]} {unit_names[i]} alone has {problem.population[i]:,.0f}; "
            "widen --tolerance, ask for fewer neighbourhoods or do not keep whole wards"
        )
    starts = (
        skater_starts(problem, area, unit_names, options) if options.method == "skater" else None
    )
    result = partition(
        problem,
        restarts=options.restarts or (64 if problem.size < SMALL else 8),
        seed=options.seed,
        weights=options.weights,
        starts=starts,
    )
    unit_labels = result.labels
    if unit_of is None:
        lsoa_labels = unit_labels
    else:
        position = {name: i for i, name in enumerate(unit_names)}
        lsoa_labels = unit_labels[[position[u] for u in unit_of.reindex(area.codes)]]
    neighbourhoods, assignment = describe(area, adjacency, lsoa_labels, count, options)
    design = Design(
        area=area,
        adjacency=adjacency,
        options=options,
        count=count,
        target=target,
        units=kind,
        assignment=assignment,
        neighbourhoods=neighbourhoods,
        comparisons=comparisons(area, assignment, options),
        seconds=time.perf_counter() - started,
        objective=result.objective,
    )
    worst = design.neighbourhoods.loc[design.neighbourhoods.deviation_pct.abs().idxmax()]
    if abs(worst.deviation_pct) > options.tolerance * 100:
        raise PlacesError(
            f"cannot keep every neighbourhood within {options.tolerance:.0%} of {target:,.0f} "
            f"people: the best design found has {worst['name']} at {worst.population:,} "
            f"({worst.deviation_pct:+.1f}%); widen --tolerance, change --count"
            + (" or do not keep whole wards" if unit_of is not None else "")
        )
    return design


def describe(area: Area, adjacency: Adjacency, labels: np.ndarray, count: int, options):
    """One row per neighbourhood, named "<area> 1" .. from north to south."""
    codes = area.codes
    projected = area.projected().reindex(codes)
    shapes = gpd.GeoSeries(projected.values, index=codes, crs=BNG)
    dissolved = shapes.groupby(labels).agg(lambda s: s.union_all())
    dissolved = gpd.GeoSeries(dissolved.values, index=dissolved.index, crs=BNG)
    north = dissolved.representative_point().y
    order = sorted(range(count), key=lambda r: (-north.get(r, 0.0), r))
    names = {region: f"{area.name} {rank}" for rank, region in enumerate(order, start=1)}
    population = area.lsoas.population.to_numpy()
    pops = np.bincount(labels, population, count)
    target = area.population / count
    hetero = measures.heterogeneity(need_matrix(area.lsoas), labels, count)
    joined = measures.contiguous(adjacency, codes, labels, count)
    compact = measures.polsby_popper(dissolved)
    rows = []
    for region in order:
        members = [c for c, label in zip(codes, labels, strict=True) if label == region]
        rows.append(
            {
                "name": names[region],
                "population": int(pops[region]),
                "lsoa_codes": members,
                "lsoa_count": len(members),
                "deviation_pct": round(100 * (pops[region] / target - 1), 2),
                "deviation_from_requested_pct": round(
                    100 * (pops[region] / options.target_population - 1), 2
                ),
                "compactness": round(float(compact[region]), 4),
                "heterogeneity": round(float(hetero[region]), 4),
                "contiguous": bool(joined[region]),
                "geometry": dissolved[region],
            }
        )
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=BNG).to_crs(WGS84)
    assignment = pd.Series(
        [names[label] for label in labels], index=pd.Index(codes, name="lsoa11cd")
    )
    return frame, assignment


def comparisons(area: Area, assignment: pd.Series, options: DesignOptions) -> dict[str, dict]:
    """Agreement with the bundled 2025 wards (where the area has them) and with --compare."""
    population = area.lsoas.population
    found = {}
    wards = ward_lookup(area)
    if wards is not None:
        found["2025 wards (best fit)"] = measures.compare_with(assignment, wards, population)
    if options.compare is not None:
        existing = compare_areas(Path(options.compare), area)
        found[f"{Path(options.compare).name}"] = measures.compare_with(
            assignment, existing, population
        )
    return found


def compare_areas(path: Path, area: Area) -> pd.Series:
    """LSOA code -> the feature of ``path`` (GeoJSON polygons) holding its population-weighted
    centroid, named by its ``name`` property (else its first text property, else its number)."""
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several kinds for unreadable files
        raise PlacesError(f"--compare {path}: not a readable GeoJSON file ({exc})") from exc
    if frame.empty:
        raise PlacesError(f"--compare {path}: no features")
    if frame.crs is None:
        frame = frame.set_crs(WGS84)
    bad = ~frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"])
    if bad.any():
        number = int(np.flatnonzero(bad.to_numpy())[0]) + 1
        raise PlacesError(f"--compare {path}: feature {number}: field geometry: not a polygon")
    text = [c for c in frame.columns if c != "geometry" and frame[c].dtype == object]
    label_column = "name" if "name" in frame.columns else (text[0] if text else None)
    labels = (
        frame[label_column].astype(str)
        if label_column
        else pd.Series([f"area {i + 1}" for i in range(len(frame))])
    )
    points = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(area.lsoas.pwc_lon, area.lsoas.pwc_lat),
        index=area.lsoas.index,
        crs=WGS84,
    ).to_crs(BNG)
    polygons = gpd.GeoDataFrame({"label": labels.to_numpy()}, geometry=frame.geometry.values)
    polygons = polygons.set_crs(frame.crs, allow_override=True).to_crs(BNG)
    joined = gpd.sjoin(points, polygons, how="left", predicate="within")
    joined = joined[~joined.index.duplicated()]
    result = joined.label.reindex(area.codes)
    if result.isna().all():
        raise PlacesError(f"--compare {path}: no LSOA of {area.name} falls inside its features")
    return result
