"""Compute every defined score for every person, and explain it, with Ibis on any engine.

Scores are exact: weights are summed as integers (units of 1/scale, e.g. tenths for HFRS), so
the ``numerator`` is the same on every engine; ``value`` is ``numerator / denominator``, one
IEEE division of two integers, identical everywhere; categories compare the exact fractions
(``numerator * q <= p * denominator`` for a cut-off p/q). Rows come out sorted.

>>> from locality.analytics.population.definitions import load_definitions
>>> # scores = compute_scores(dataset.persons, dataset.events, load_definitions().scores)
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from locality.analytics.population import score_matching as matching
from locality.analytics.population.definitions import ScoreDefinition

SCORE_SCHEMA = ibis.schema(
    {
        "person_id": "string",
        "score": "string",
        "version": "string",
        "numerator": "int64",
        "denominator": "int64",
        "value": "float64",
        "category": "string",
    }
)
EXPLANATION_SCHEMA = ibis.schema(
    {
        "person_id": "string",
        "score": "string",
        "condition": "string",
        "label": "string",
        "counted": "boolean",
        "weight": "float64",
        "code_system": "string",
        "code": "string",
        "first_date": "date",
        "last_date": "date",
        "events": "int64",
    }
)


def default_as_of(events: ir.Table) -> datetime.date:
    """The day after the latest event date (scores look at events before as_of)."""
    latest = events.date.max().to_pyarrow().as_py()
    if latest is None:
        raise ValueError("The dataset has no events: give as_of explicitly")
    return latest + datetime.timedelta(days=1)


def compute_scores(
    persons: ir.Table,
    events: ir.Table,
    definitions: Sequence[ScoreDefinition],
    as_of: datetime.date | None = None,
) -> ir.Table:
    """One row per person and score (``SCORE_SCHEMA``), sorted by person_id and score."""
    as_of = as_of or default_as_of(events)
    parts = [score_of(d, persons, events, as_of) for d in definitions]
    return _union(parts).order_by(["person_id", "score"])


def explain_scores(
    persons: ir.Table,
    events: ir.Table,
    definitions: Sequence[ScoreDefinition],
    as_of: datetime.date | None = None,
) -> ir.Table:
    """The conditions that fired, from which codes and when (``EXPLANATION_SCHEMA``).

    One row per person, score, condition and code. ``counted`` is false when a hierarchy rule
    dropped the condition (e.g. mild liver disease under moderate or severe liver disease).
    """
    as_of = as_of or default_as_of(events)
    persons_ids = persons.select("person_id")
    parts = [explanation_of(d, persons_ids, events, as_of) for d in definitions]
    return _union(parts).order_by(["person_id", "score", "condition", "code_system", "code"])


def score_of(
    d: ScoreDefinition, persons: ir.Table, events: ir.Table, as_of: datetime.date
) -> ir.Table:
    fired = matching.hits(d, events, as_of).select("person_id", "condition").distinct()
    counted = matching.with_counted(d, fired)
    counted = counted.filter(counted.counted)
    weights = matching.conditions_table(d)
    points = counted.join(weights, "condition")
    sums = points.group_by("person_id").aggregate(points=points.units.sum())
    everyone = persons.select("person_id").left_join(sums, "person_id")
    numerator = everyone.points.fill_null(0).cast("int64")
    denominator = d.scale * d.denominator
    return everyone.select(
        person_id=everyone.person_id,
        score=ibis.literal(d.name, "string"),
        version=ibis.literal(d.version, "string"),
        numerator=numerator,
        denominator=ibis.literal(denominator, "int64"),
        value=numerator.cast("float64") / ibis.literal(denominator, "float64"),
        category=category(d, numerator, denominator),
    )


def category(d: ScoreDefinition, numerator: ir.IntegerValue, denominator: int) -> ir.StringValue:
    """The first category whose bound the value meets, compared as exact fractions."""
    if not d.categories:
        return ibis.null("string")
    branches = []
    for c in d.categories:
        if c.bound is None:
            break
        left = numerator * ibis.literal(c.bound.denominator, "int64")
        right = ibis.literal(c.bound.numerator * denominator, "int64")
        branches.append(((left <= right) if c.inclusive else (left < right), c.label))
    last = ibis.literal(d.categories[-1].label, "string")
    return ibis.cases(*branches, else_=last).cast("string") if branches else last


def explanation_of(
    d: ScoreDefinition, persons_ids: ir.Table, events: ir.Table, as_of: datetime.date
) -> ir.Table:
    hit = matching.hits(d, events, as_of).semi_join(persons_ids, "person_id")
    per_code = hit.group_by(["person_id", "condition", "code_system", "code"]).aggregate(
        first_date=hit.date.min(), last_date=hit.date.max(), events=hit.count()
    )
    flagged = matching.with_counted(d, per_code)
    weights = matching.conditions_table(d)
    rows = flagged.join(weights, "condition")
    return rows.select(
        person_id=rows.person_id,
        score=ibis.literal(d.name, "string"),
        condition=rows.condition,
        label=rows.label,
        counted=rows.counted,
        weight=rows.units.cast("float64") / ibis.literal(d.scale, "float64"),
        code_system=rows.code_system,
        code=rows.code,
        first_date=rows.first_date,
        last_date=rows.last_date,
        events=rows.events.cast("int64"),
    )


def _union(parts: list[ir.Table]) -> ir.Table:
    if not parts:
        raise ValueError("No score definitions given")
    return parts[0] if len(parts) == 1 else ibis.union(*parts)
