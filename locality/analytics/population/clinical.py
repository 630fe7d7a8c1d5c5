"""Long-term conditions per person from the codes in their record, with Ibis on any engine.

The conditions are data (``data/scores/ltc.yaml``, :mod:`ltc_definitions`). A condition is
present when any of its codes is recorded before ``as_of`` (and inside its look-back, e.g. five
years for cancer); absence of a code reads as absence of the condition, so ``n_ltc`` and the
defined flags are never unknown, while the flags the file lists as ``unknown`` stay null.

- :func:`explain_ltc`: which codes made each condition (rows of ``scores.EXPLANATION_SCHEMA``,
  ``score`` = the file's name, ``ltc``), one per person, condition and code;
- :func:`ltc_inputs`: one row per person: ``person_id``, ``n_ltc`` and every defined flag,
  the clinical columns :func:`person_table.clinical_table` joins.

>>> from locality.analytics.population.ltc_definitions import load_conditions
>>> # why = explain_ltc(dataset.persons, dataset.events, load_conditions())
>>> # inputs = ltc_inputs(dataset.persons, why, load_conditions())
"""

from __future__ import annotations

import datetime

import ibis
import ibis.expr.types as ir

from locality.analytics.population import score_matching as matching
from locality.analytics.population.ltc_definitions import ConditionSet
from locality.analytics.population.windows import resolve_as_of


def explain_ltc(
    persons: ir.Table,
    events: ir.Table,
    conditions: ConditionSet,
    as_of: datetime.date | str | None = None,
) -> ir.Table:
    """The conditions found, from which codes and when (``scores.EXPLANATION_SCHEMA``, in no
    particular order)."""
    as_of = resolve_as_of(events, as_of)
    found = [matching.hits(part, events, as_of) for part in conditions.parts]
    hit = (found[0] if len(found) == 1 else ibis.union(*found)).semi_join(
        persons.select("person_id"), "person_id"
    )
    rows = hit.group_by(["person_id", "condition", "code_system", "code"]).aggregate(
        first_date=hit.date.min(), last_date=hit.date.max(), events=hit.count()
    )
    labels = ibis.memtable(
        {
            "condition": [c.id for c in conditions.conditions],
            "label": [c.label for c in conditions.conditions],
        }
    )
    rows = rows.join(labels, "condition")
    return rows.select(
        person_id=rows.person_id,
        score=ibis.literal(conditions.name, "string"),
        condition=rows.condition,
        label=rows.label.cast("string"),
        counted=ibis.literal(True),
        weight=ibis.literal(1.0, "float64"),
        code_system=rows.code_system,
        code=rows.code,
        first_date=rows.first_date,
        last_date=rows.last_date,
        events=rows.events.cast("int64"),
    )  # not sorted: Ibis on Spark would keep the sort keys in a later distinct()


def ltc_inputs(persons: ir.Table, explanation: ir.Table, conditions: ConditionSet) -> ir.Table:
    """``person_id``, ``n_ltc`` (int64) and each defined flag (boolean), for every person.

    ``explanation`` is the output of :func:`explain_ltc` (its ``score`` rows for
    ``conditions.name``; other rows are ignored).
    """
    why = explanation.filter(explanation.score == conditions.name)
    present = why.select("person_id", "condition").distinct()
    per_person = present.group_by("person_id").aggregate(
        n_ltc=present.count(),
        **{flag: present.condition.isin(list(members)).any() for flag, members in conditions.flags},
    )
    t = persons.select("person_id").left_join(per_person, "person_id")
    return t.select(
        "person_id",
        n_ltc=t.n_ltc.fill_null(0).cast("int64"),
        **{flag: t[flag].fill_null(False) for flag, _ in conditions.flags},
    )
