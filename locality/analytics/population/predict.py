"""Predict an emergency admission in the next 12 months, validated on a later year.

Temporal validation
    The model is fitted on features as of T0 with outcomes in ``[T0, T0 + 12 months)`` and
    tested on features as of T1 = T0 + 12 months with outcomes in ``[T1, T1 + 12 months)``
    (:mod:`predict_features`). The test year is later than anything the model saw, as it
    would be in use. The data must run to T1 + 12 months: the data are taken to end the day
    after their latest event (as ``as_of`` defaults), and :class:`CoverageError` says so when
    they stop short. T0 defaults to 24 months before that end. A note warns when the features
    at T0 would look back (24 months) before the earliest contact in the data, because the
    training and test features would then not mean the same thing.

The model
    Logistic regression (scikit-learn, L2 penalty C = 1, lbfgs), counts of use taken as
    ``log(1 + x)`` and every feature standardised. Chosen because it is the usual baseline of
    published admission-risk models, its coefficients can be read and shown to clinicians,
    its risks are close to calibrated when the outcome rate is stable, and it trains in
    seconds; gradient boosting would add little on features this coarse and is harder to
    explain. Seeded (``seed`` also seeds the bootstrap); lbfgs itself is deterministic.

The report (:class:`PredictionReport`) gives AUROC on the test year with a bootstrap 95%
interval, the Brier score beside that of predicting the training year's rate for everyone,
calibration by decile, performance by sex, ethnicity and deprivation quintile
(:mod:`predict_metrics`, small numbers suppressed) and the impactibility view of the test year
(:mod:`predict_impact`). :func:`predict_report.write_report` writes it to a folder.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from locality.analytics.population import predict_metrics as metrics
from locality.analytics.population.definitions import ScoreDefinition, load_definitions
from locality.analytics.population.predict_features import (
    GROUPS,
    OUTCOME_MONTHS,
    USE_COLUMNS,
    feature_names,
    labelled_as_of,
)
from locality.analytics.population.predict_impact import GROUPS as IMPACT_GROUPS
from locality.analytics.population.predict_impact import impactibility
from locality.analytics.population.suppression import safe_count
from locality.analytics.population.utilisation import MEASURES
from locality.analytics.population.windows import months_before, resolve_as_of

MODEL = "logistic regression (L2, C=1, lbfgs) on standardised features, log(1+x) of counts"
SEED = 0
RESAMPLES = 1000  # bootstrap resamples for the AUROC interval
PENALTY_C = 1.0
LOG_COLUMNS = (*USE_COLUMNS, "housing_events_12m")
FEATURE_HISTORY_MONTHS = 24


class CoverageError(ValueError):
    """The data do not run to the end of the test year."""


@dataclass(frozen=True)
class Split:
    t0: datetime.date
    t1: datetime.date
    end: datetime.date  # end of the test outcomes (exclusive)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PredictionReport:
    model: str
    seed: int
    split: Split
    n_train: int | None  # rounded (suppression)
    n_test: int | None
    train_rate: float | None  # from rounded counts
    test_rate: float | None
    auroc: float
    auroc_interval: tuple[float, float]
    brier: float
    brier_reference: float  # predicting the training rate for everyone
    calibration: tuple[metrics.Shown, ...]
    subgroups: dict[str, tuple[metrics.Shown, ...]]
    impact_groups: tuple[metrics.Shown, ...]
    coefficients: dict[str, float]
    impact: pd.DataFrame = field(repr=False, compare=False)  # per person, as of T1


def temporal_split(events: ir.Table, t0: datetime.date | str | None = None) -> Split:
    """T0, T1 and the end of the test outcomes; :class:`CoverageError` when the data stop
    before that end."""
    data_end = resolve_as_of(events)
    t0 = resolve_as_of(events, t0) if t0 else months_before(data_end, 2 * OUTCOME_MONTHS)
    t1 = months_before(t0, -OUTCOME_MONTHS)
    end = months_before(t1, -OUTCOME_MONTHS)
    last = data_end - datetime.timedelta(days=1)
    if end > data_end:
        raise CoverageError(
            f"the test outcomes run from {t1} to {end - datetime.timedelta(days=1)}, but the "
            f"latest event is on {last}: choose T0 on or before "
            f"{months_before(data_end, 2 * OUTCOME_MONTHS)}, or data that run to {end}"
        )
    return Split(t0, t1, end, history_notes(events, t0))


def history_notes(events: ir.Table, t0: datetime.date) -> tuple[str, ...]:
    contacts = events.filter(events.kind.isin(list(MEASURES.values())))
    first = contacts.date.min().to_pyarrow().as_py()
    start = months_before(t0, FEATURE_HISTORY_MONTHS)
    if first is None or first > start:
        return (
            f"the features at T0 look back to {start} but the first contact in the data is on "
            f"{first}: use before T0 is undercounted in training, so the model may mislead",
        )
    return ()


def model(features: Sequence[str], seed: int = SEED):
    """The scikit-learn pipeline (see the module notes)."""
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    logged = [i for i, name in enumerate(features) if name in LOG_COLUMNS]
    counts = ColumnTransformer(
        [("log1p", FunctionTransformer(np.log1p), logged)], remainder="passthrough"
    )
    regression = LogisticRegression(C=PENALTY_C, max_iter=5000, random_state=seed)
    return make_pipeline(counts, StandardScaler(), regression)


def frame(table: ir.Table) -> pd.DataFrame:
    """A feature table run on its engine, sorted by person_id."""
    df = ibis.get_backend(table).to_pandas(table)
    return df.sort_values("person_id", kind="stable").reset_index(drop=True)


def matrix(df: pd.DataFrame, features: Sequence[str]) -> np.ndarray:
    return df[list(features)].to_numpy(dtype=float)


def run_prediction(
    persons: ir.Table,
    events: ir.Table,
    t0: datetime.date | str | None = None,
    *,
    seed: int = SEED,
    resamples: int = RESAMPLES,
    definitions: Sequence[ScoreDefinition] | None = None,
) -> PredictionReport:
    """Fit at T0, test at T1 and report (see the module notes)."""
    split = temporal_split(events, t0)
    definitions = tuple(load_definitions().scores if definitions is None else definitions)
    features = feature_names(definitions)
    train = frame(labelled_as_of(persons, events, split.t0, definitions))
    test = frame(labelled_as_of(persons, events, split.t1, definitions))
    fitted = model(features, seed).fit(matrix(train, features), train["outcome"].to_numpy())
    risk = fitted.predict_proba(matrix(test, features))[:, 1]
    return report(split, seed, resamples, features, fitted, train, test, risk)


def report(split, seed, resamples, features, fitted, train, test, risk) -> PredictionReport:
    y, base = test["outcome"].to_numpy(dtype=bool), float(train["outcome"].mean())
    impact = impactibility(test.assign(risk=risk))
    outcome = dict(zip(test["person_id"], y, strict=True))
    groups = impact["impact_group"].to_numpy()
    return PredictionReport(
        model=MODEL,
        seed=seed,
        split=split,
        n_train=safe_count(len(train)),
        n_test=safe_count(len(test)),
        train_rate=rounded_rate(train["outcome"].to_numpy(dtype=bool)),
        test_rate=rounded_rate(y),
        auroc=metrics.auroc(y, risk),
        auroc_interval=metrics.auroc_interval(y, risk, seed=seed, resamples=resamples),
        brier=metrics.brier(y, risk),
        brier_reference=metrics.brier(y, np.full(len(y), base)),
        calibration=tuple(metrics.published_deciles(metrics.calibration_deciles(y, risk))),
        subgroups={g: tuple(metrics.subgroup_table(test[g], y, risk)) for g in GROUPS},
        impact_groups=tuple(
            metrics.subgroup_table(
                groups, impact["person_id"].map(outcome), impact["risk"], order=IMPACT_GROUPS
            )
        ),
        coefficients=dict(zip(features, fitted[-1].coef_[0].round(6).tolist(), strict=True)),
        impact=impact,
    )


def rounded_rate(y: np.ndarray) -> float | None:
    events, n = safe_count(int(y.sum())), safe_count(len(y))
    return events / n if events is not None and n else None
