"""Features and outcome per person as of a date T, with Ibis, for the admission model.

Features (:func:`features_as_of`) look only at events dated before T: the per-person table
(:mod:`person_table`: age, sex, use in the 12 months before T and the 12 before that, rising,
social risk, IMD decile, segment), every score of ``data/scores`` (:mod:`scores`, events
before T), the eFI category (mild, moderate, severe against fit) and the long-term conditions
of ``data/scores/ltc.yaml`` (:mod:`clinical`: ``n_ltc`` and the dementia, cancer and
organ-failure flags, events before T). The outcome (:func:`outcome_after`) looks only at
events from T on: any ``emergency_admission`` in the 12 months ``[T, T + 12 months)``. So an
admission the day after T is an outcome of the model fitted at T and a feature of the next
year's prediction, never both in one frame.

Only people born before T have a row (:func:`born_before`). Every column is numeric or
boolean except the grouping columns (:data:`GROUPS`), which the report uses for subgroup
tables. Unknown values are explicit: ``imd_decile`` is filled with :data:`IMD_UNKNOWN_FILL` and
``imd_unknown`` says so; ``lives_alone`` and ``isolated`` unknown count as false (as in
:mod:`social`).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from locality.analytics.population.clinical import explain_ltc, ltc_inputs
from locality.analytics.population.definitions import ScoreDefinition, load_definitions
from locality.analytics.population.ltc_definitions import load_conditions
from locality.analytics.population.person_table import clinical_table, person_table
from locality.analytics.population.scores import compute_scores
from locality.analytics.population.segments import SEGMENT_IDS
from locality.analytics.population.utilisation import MEASURES
from locality.analytics.population.windows import Window, months_before

OUTCOME_KIND = "emergency_admission"
OUTCOME_MONTHS = 12
GROUPS = ("sex", "ethnicity", "imd_quintile")
NOT_RECORDED = "not recorded"
IMD_UNKNOWN_FILL = 5.5  # the middle of deciles 1-10; imd_unknown marks it
USE_COLUMNS = tuple(f"{m}_{w}" for m in MEASURES for w in ("12m", "prev_12m")) + (
    "weighted_12m",
    "weighted_prev_12m",
)
FLAG_COLUMNS = ("female", "rising", "lives_alone", "isolated", "imd_unknown")
SEGMENT_COLUMNS = tuple(f"segment_{s}" for s in SEGMENT_IDS if s != "healthy")  # healthy: 0s
OTHER_COLUMNS = ("age", "imd_decile", "housing_events_12m", "social_risk_count")
LTC_FLAGS = ("dementia", "cancer", "organ_failure")  # the flags of data/scores/ltc.yaml
EFI_CATEGORIES = ("mild", "moderate", "severe")  # fit (or no eFI row) is all false
CLINICAL_COLUMNS = ("n_ltc", *LTC_FLAGS, *(f"efi_{c}" for c in EFI_CATEGORIES))


def feature_names(definitions: Sequence[ScoreDefinition]) -> tuple[str, ...]:
    """The model's inputs, in order: demography, scores, long-term conditions and eFI category,
    use, social risk, segment."""
    scores = tuple(f"score_{d.name}" for d in definitions)
    return OTHER_COLUMNS + scores + CLINICAL_COLUMNS + USE_COLUMNS + FLAG_COLUMNS + SEGMENT_COLUMNS


def next_12_months(as_of: datetime.date) -> Window:
    """``[as_of, as_of + 12 months)``; 29 February plus a year is 28 February."""
    return Window(as_of, months_before(as_of, -OUTCOME_MONTHS))


def features_as_of(
    persons: ir.Table,
    events: ir.Table,
    as_of: datetime.date,
    definitions: Sequence[ScoreDefinition] | None = None,
) -> ir.Table:
    """One row per person: ``person_id``, :data:`GROUPS` and :func:`feature_names`."""
    definitions = tuple(load_definitions().scores if definitions is None else definitions)
    persons = born_before(persons, as_of)
    scores = compute_scores(persons, events, definitions, as_of)
    conditions = load_conditions()
    found = ltc_inputs(persons, explain_ltc(persons, events, conditions, as_of), conditions)
    t = person_table(persons, events, clinical_table(scores, found), as_of)
    values = scores.group_by("person_id").agg(
        **{f"score_{d.name}": scores.value.max(where=scores.score == d.name) for d in definitions}
    )
    t = t.left_join(values, "person_id").drop("person_id_right")
    t = t.left_join(persons.select("person_id", "ethnicity"), "person_id")
    t = t.drop("person_id_right")
    decile = t.imd_decile
    quintile = ((decile + 1) // 2).cast("int64").cast("string")
    derived = {
        "sex": t.sex,
        "ethnicity": t.ethnicity.fill_null(NOT_RECORDED),
        "imd_quintile": decile.isnull().ifelse(NOT_RECORDED, quintile),
        "age": t.age,
        "imd_decile": decile.cast("float64").fill_null(IMD_UNKNOWN_FILL),
        "housing_events_12m": t.housing_events_12m,
        "social_risk_count": t.social_risk_count,
        **{f"score_{d.name}": t[f"score_{d.name}"].fill_null(0.0) for d in definitions},
        "n_ltc": t.n_ltc.fill_null(0).cast("int64"),
        **{flag: t[flag].fill_null(False) for flag in LTC_FLAGS},
        **{f"efi_{c}": (t.efi_category == c).fill_null(False) for c in EFI_CATEGORIES},
        **{c: t[c] for c in USE_COLUMNS},
        "female": t.sex == "female",
        "rising": t.rising,
        "lives_alone": t.lives_alone.fill_null(False),
        "isolated": t.isolated.fill_null(False),
        "imd_unknown": decile.isnull(),
        **{f"segment_{s}": t.segment == s for s in SEGMENT_IDS if s != "healthy"},
    }
    return t.select("person_id", **derived)


def born_before(persons: ir.Table, as_of: datetime.date) -> ir.Table:
    """The people alive to be predicted for at ``as_of``: born before it (the format has no
    date of death or of leaving, so nobody else is left out)."""
    return persons.filter(persons.birth_date < ibis.literal(as_of, "date"))


def outcome_after(persons: ir.Table, events: ir.Table, as_of: datetime.date) -> ir.Table:
    """``person_id``, ``outcome``: any emergency admission in :func:`next_12_months`."""
    window, persons = next_12_months(as_of), born_before(persons, as_of)
    hit = events.filter((events.kind == OUTCOME_KIND) & window.contains(events.date))
    admitted = hit.select("person_id").distinct().mutate(admitted=ibis.literal(True))
    t = persons.select("person_id").left_join(admitted, "person_id")
    return t.select("person_id", outcome=t.admitted.fill_null(False))


def labelled_as_of(
    persons: ir.Table,
    events: ir.Table,
    as_of: datetime.date,
    definitions: Sequence[ScoreDefinition] | None = None,
) -> ir.Table:
    """:func:`features_as_of` with the ``outcome`` of :func:`outcome_after`."""
    features = features_as_of(persons, events, as_of, definitions)
    t = features.left_join(outcome_after(persons, events, as_of), "person_id")
    return t.drop("person_id_right")
