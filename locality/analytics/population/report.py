"""``summary.html`` of a stratification run, with its plots in ``plots/`` (PNG, matplotlib Agg).

- ``scores_by_area.png``: the distribution of each score (and the count of long-term
  conditions) by area: box from the lower to the upper quartile, the median and the mean,
  whiskers from the 10th to the 90th percentile, no individual points. Only areas with at least
  ``report_plots.MIN_PLOTTED`` people are drawn, the ``MAX_AREAS`` largest.
- ``segment_pyramid.png``: people by age band and sex in each segment; every cell passes
  :func:`suppression.safe_count` (a suppressed cell is drawn as zero).
- ``cohort_sizes.png``: each cohort's total, suppressed and rounded.

The page's tables show counts only after suppression too. Nothing here reads person-level
data beyond what ``people.parquet`` holds; nothing person-level is written to the page.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from locality.analytics.population.report_html import page
from locality.analytics.population.report_plots import (
    cohort_sizes_png,
    scores_by_area_png,
    segment_pyramid_png,
)
from locality.analytics.population.segments import SEGMENTS
from locality.analytics.population.suppression import safe_cells

PLOTS = ("scores_by_area.png", "segment_pyramid.png", "cohort_sizes.png")


def write_summary(result, folder: Path, meta: dict) -> Path:
    """Write ``summary.html`` and ``plots/*.png`` for a ``pipeline.Stratified`` result."""
    plots = Path(folder) / "plots"
    plots.mkdir(parents=True, exist_ok=True)
    people = result.people.select(
        ["area", "age", "sex", "segment", "n_ltc", *score_columns(result)]
    ).to_pandas()
    shown = scores_by_area_png(people, score_columns(result), plots / PLOTS[0])
    segment_pyramid_png(people, plots / PLOTS[1])
    cohort_sizes_png(result.counts, plots / PLOTS[2])
    path = Path(folder) / "summary.html"
    path.write_text(summary_html(result, meta, people, shown), encoding="utf-8")
    return path


def score_columns(result) -> list[str]:
    return [f"score_{d.name}" for d in result.definitions]


def summary_html(result, meta: dict, people: pd.DataFrame, shown_areas: list[str]) -> str:
    segments = people["segment"].value_counts().to_dict()
    cells, total = safe_cells({s.id: int(segments.get(s.id, 0)) for s in SEGMENTS},
                              total=len(people))  # fmt: skip
    return page(result, meta, cells, total, shown_areas)
