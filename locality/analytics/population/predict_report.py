"""Write a :class:`predict.PredictionReport` to a folder: JSON, two PNGs and the impactibility
list.

- ``report.json``: every figure of the report (counts already suppressed and rounded);
- ``calibration.png``: mean predicted risk against observed rate by decile, with the diagonal;
- ``subgroups.png``: observed and mean predicted rates by sex, ethnicity and deprivation;
- ``impactibility.csv``: one row per person as of T1 (pseudonymous ``person_id``; who may see
  it is for the governance layer that calls this library, as for cohort member lists).

Plots use matplotlib's Agg canvas with no pyplot state.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from locality.analytics.population.predict import PredictionReport
from locality.analytics.population.predict_metrics import Shown
from locality.analytics.population.suppression import SYMBOL

TITLES = {"imd_quintile": "IMD quintile (1 most deprived)"}
FILES = ("report.json", "calibration.png", "subgroups.png", "impactibility.csv")


def report_dict(report: PredictionReport) -> dict:
    """The report as JSON-ready data (dates as ISO strings, suppressed counts as null)."""
    split = report.split
    return {
        "model": report.model,
        "seed": report.seed,
        "t0": split.t0.isoformat(),
        "t1": split.t1.isoformat(),
        "test_outcomes_end": split.end.isoformat(),
        "notes": list(split.notes),
        "suppressed_symbol": SYMBOL,
        "n_train": report.n_train,
        "n_test": report.n_test,
        "train_rate": report.train_rate,
        "test_rate": report.test_rate,
        "auroc": report.auroc,
        "auroc_95_interval": list(report.auroc_interval),
        "brier": report.brier,
        "brier_reference": report.brier_reference,
        "calibration_deciles": rows(report.calibration),
        "subgroups": {name: rows(table) for name, table in report.subgroups.items()},
        "impact_groups": rows(report.impact_groups),
        "coefficients": report.coefficients,
    }


def rows(table) -> list[dict]:
    return [dataclasses.asdict(row) for row in table]


def write_report(report: PredictionReport, folder: str | Path) -> list[Path]:
    """The files of :data:`FILES` in ``folder`` (made if needed); their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / name for name in FILES]
    paths[0].write_text(json.dumps(report_dict(report), indent=2) + "\n")
    calibration_png(report.calibration, paths[1])
    subgroups_png(report.subgroups, paths[2])
    report.impact.to_csv(paths[3], index=False)
    return paths


def figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def calibration_png(deciles: tuple[Shown, ...], path: Path) -> None:
    fig = figure(5, 5)
    ax = fig.add_subplot()
    shown = [d for d in deciles if d.observed_rate is not None]
    top = max([0.05] + [max(d.mean_predicted, d.observed_rate) for d in shown]) * 1.05
    ax.plot([0, top], [0, top], color="#b1b4b6", linestyle="--", label="perfect calibration")
    ax.plot(
        [d.mean_predicted for d in shown],
        [d.observed_rate for d in shown],
        marker="o",
        color="#1d70b8",
        label="deciles of predicted risk",
    )
    ax.set(xlim=(0, top), ylim=(0, top), xlabel="mean predicted risk", ylabel="observed rate")
    ax.set_title("Emergency admission within 12 months:\ncalibration in the test year")
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(path, format="png")


def subgroups_png(subgroups: dict[str, tuple[Shown, ...]], path: Path) -> None:
    fig = figure(4 * len(subgroups), 4)
    for i, (name, table) in enumerate(subgroups.items(), start=1):
        ax = fig.add_subplot(1, len(subgroups), i)
        x = range(len(table))
        ax.bar([j - 0.2 for j in x], [r.observed_rate or 0 for r in table], 0.4, label="observed")
        ax.bar([j + 0.2 for j in x], [r.mean_predicted or 0 for r in table], 0.4, label="predicted")
        ax.set_xticks(list(x), [r.label for r in table], rotation=45, ha="right")
        ax.set_title(TITLES.get(name, name))
    fig.axes[0].set_ylabel("rate (suppressed groups left empty)")
    fig.axes[0].legend()
    fig.tight_layout()
    fig.savefig(path, format="png")
