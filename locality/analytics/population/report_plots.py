"""The PNG plots of ``summary.html`` (matplotlib's Agg canvas, no pyplot state); see
:mod:`report` for what each shows and how small numbers are kept out of them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from locality.analytics.population.cohorts import TOTAL
from locality.analytics.population.segments import SEGMENTS
from locality.analytics.population.suppression import (
    ROUND_TO,
    SUPPRESS_AT_OR_BELOW,
    display,
    safe_count,
)

MAX_AREAS = 12
MIN_PLOTTED = 50  # fewer people: the percentiles would come close to describing individuals
PANELS_PER_ROW = 3
AGE_BANDS = tuple(range(0, 100, 10))  # 0-9 ... 80-89, 90+
BLUE, GREEN, GREY = "#1d70b8", "#00703c", "#b1b4b6"


def figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def plotted_areas(people: pd.DataFrame) -> list[str]:
    """The largest areas with enough people to draw, largest first."""
    sizes = people["area"].value_counts()
    sizes = sizes[sizes >= MIN_PLOTTED]
    return sorted(sizes.index, key=lambda a: (-sizes[a], a))[:MAX_AREAS]


def box_stats(values: np.ndarray, label: str) -> dict:
    p10, q1, median, q3, p90 = np.percentile(values, [10, 25, 50, 75, 90])
    return {"label": label, "whislo": p10, "q1": q1, "med": median, "q3": q3, "whishi": p90,
            "mean": values.mean()}  # fmt: skip


def scores_by_area_png(people: pd.DataFrame, scores: list[str], path: Path) -> list[str]:
    areas = plotted_areas(people)
    columns = [*scores, "n_ltc"]
    rows = -(-len(columns) // PANELS_PER_ROW)
    fig = figure(4.5 * PANELS_PER_ROW, rows * (2.6 + 0.1 * max(map(len, areas), default=0)))
    for i, column in enumerate(columns, start=1):
        ax = fig.add_subplot(rows, PANELS_PER_ROW, i)
        stats = [
            box_stats(people.loc[people["area"] == a, column].dropna().to_numpy(), a) for a in areas
        ]
        if stats:  # vertical boxes: Matplotlib 3.9 has no orientation=, 3.11 deprecates vert=
            ax.bxp(stats, showfliers=False, showmeans=True, patch_artist=True,
                   boxprops={"facecolor": BLUE, "alpha": 0.6}, medianprops={"color": "black"},
                   meanprops={"marker": "D", "markerfacecolor": "white",
                              "markeredgecolor": "black"})  # fmt: skip
            ax.tick_params(axis="x", labelrotation=45, labelsize=8)
        ax.set_title(column.removeprefix("score_"))
    fig.suptitle(
        "Scores by area: box from lower to upper quartile, median (line), mean (diamond), "
        "whiskers from the 10th to the 90th percentile"
    )
    fig.tight_layout()
    fig.savefig(path, format="png")
    return areas


def band_label(low: int) -> str:
    return f"{low}+" if low == AGE_BANDS[-1] else f"{low}-{low + 9}"


def pyramid_counts(people: pd.DataFrame) -> dict[tuple[str, str, int], int | None]:
    """{(segment, sex, band start): suppressed count} for female and male."""
    band = np.minimum(people["age"].to_numpy() // 10 * 10, AGE_BANDS[-1])
    keys = pd.Series(list(zip(people["segment"], people["sex"], band, strict=True)))
    raw = keys.value_counts().to_dict()
    return {
        (s.id, sex, low): safe_count(int(raw.get((s.id, sex, low), 0)))
        for s in SEGMENTS
        for sex in ("female", "male")
        for low in AGE_BANDS
    }


def segment_pyramid_png(people: pd.DataFrame, path: Path) -> None:
    counts = pyramid_counts(people)
    fig = figure(14, 7)
    y = np.arange(len(AGE_BANDS))
    for i, s in enumerate(SEGMENTS, start=1):
        ax = fig.add_subplot(2, 4, i)
        male = [-(counts[(s.id, "male", low)] or 0) for low in AGE_BANDS]
        female = [counts[(s.id, "female", low)] or 0 for low in AGE_BANDS]
        ax.barh(y, male, color=BLUE, label="male")
        ax.barh(y, female, color=GREEN, label="female")
        ax.axvline(0, color=GREY, linewidth=0.8)
        ax.set_yticks(y, [band_label(low) for low in AGE_BANDS], fontsize=7)
        ax.set_title(s.label, fontsize=9)
        top = max([1, *map(abs, male), *female])
        ax.set_xlim(-top * 1.1, top * 1.1)
        ax.set_xticks([-top, 0, top], [f"{top:,}", "0", f"{top:,}"], fontsize=7)
    fig.legend(*fig.axes[0].get_legend_handles_labels(), loc="upper right", fontsize=8)
    fig.suptitle(
        f"People by age and sex in each segment (counts of {SUPPRESS_AT_OR_BELOW} or fewer "
        f"suppressed and drawn as 0; others rounded to {ROUND_TO})"
    )
    fig.tight_layout()
    fig.savefig(path, format="png")


def cohort_totals(counts: list[dict]) -> list[tuple[str, int | None]]:
    return [(r["cohort"], r["count"]) for r in counts if r["area"] == TOTAL]


def cohort_sizes_png(counts: list[dict], path: Path) -> None:
    totals = cohort_totals(counts)
    fig = figure(7, 0.5 * max(len(totals), 2) + 1.4)
    ax = fig.add_subplot()
    y = np.arange(len(totals))
    ax.barh(y, [n or 0 for _, n in totals], color=BLUE)
    for j, (_, n) in enumerate(totals):
        ax.text((n or 0), j, f" {display(n)}", va="center", fontsize=8)
    ax.set_yticks(y, [name for name, _ in totals])
    ax.invert_yaxis()
    ax.set_xlabel(f"members (suppressed [c] at {SUPPRESS_AT_OR_BELOW} or fewer; rounded)")
    ax.set_title("Cohort sizes")
    fig.tight_layout()
    fig.savefig(path, format="png")
