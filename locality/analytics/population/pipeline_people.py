"""The columns of ``people.parquet`` added to the per-person table: scores, area, cohorts, reasons.

These run on the engine's results, already collected (on any Ibis backend, the pipeline uses an
embedded DuckDB), so every engine's output is assembled the same way:

- ``score_<name>`` (the value) for every score, and ``score_<name>_category`` for those with
  categories, from rows of ``scores.SCORE_SCHEMA``;
- ``area``: the person's neighbourhood or local authority (``cohorts.OUTSIDE`` when unmapped);
- ``cohort_<name>``: membership of each cohort (hyphens in the name become ``_``);
- ``reasons``: a list of sentences, the segment's rule first, then each condition of each score
  that fired, with the codes, the dates and the number of events behind it.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from locality.analytics.population.cohorts import Cohort, cohort_members, with_neighbourhood
from locality.analytics.population.conditions import all_of
from locality.analytics.population.definitions import ScoreDefinition
from locality.analytics.population.segments import NO_RULE, RULES, SEGMENTS

NOT_COUNTED = " (not counted: a more severe condition of the score is present)"


def cohort_column(cohort: Cohort) -> str:
    return "cohort_" + cohort.name.replace("-", "_")


def wide_scores(scores: ir.Table, definitions: tuple[ScoreDefinition, ...]) -> ir.Table:
    """One row per person: ``score_<name>`` and, with categories, ``score_<name>_category``."""
    columns = {}
    for d in definitions:
        mine = scores.score == d.name
        columns[f"score_{d.name}"] = scores.value.max(where=mine)
        if d.categories:
            columns[f"score_{d.name}_category"] = scores.category.max(where=mine)
    return scores.group_by("person_id").aggregate(**columns)


def with_areas(people: ir.Table, mapping: ir.Table) -> ir.Table:
    t = with_neighbourhood(people, mapping)
    return t.rename(area="neighbourhood")


def with_cohorts(people: ir.Table, cohorts: tuple[Cohort, ...]) -> ir.Table:
    for cohort in cohorts:
        cohort_members(people, cohort)  # checks the columns it needs
    return people.mutate(
        **{cohort_column(c): all_of(people, c.criteria.conditions()) for c in cohorts}
    )


def segment_sentences() -> ir.Table:
    """``segment_rule`` -> the sentence that explains it."""
    labels = {s.id: s.label for s in SEGMENTS}
    rules = {
        f"{r.segment}.{r.id}": f"segment {labels[r.segment]}: rule {r.segment}.{r.id} "
        f"({' and '.join(str(c) for c in r.when)}; {r.basis})"
        for r in RULES
    }
    rules[NO_RULE] = f"segment {labels['healthy']}: no rule applied"
    return ibis.memtable({"segment_rule": list(rules), "segment_reason": list(rules.values())})


def condition_sentences(explanations: ir.Table) -> ir.Table:
    """``person_id``, ``items``: one sentence per score and condition, in order."""
    w = explanations
    first, last = w.first_date.cast("string"), w.last_date.cast("string")
    dates = ibis.ifelse(first == last, first, first + " to " + last)
    events = w.events.cast("string") + ibis.ifelse(w.events == 1, " event", " events")
    code = w.code_system + " " + w.code + " (" + dates + ", " + events + ")"
    per_condition = w.group_by(["person_id", "score", "condition", "label", "counted"]).aggregate(
        codes=code.group_concat("; ", order_by=[w.code_system, w.code])
    )
    t = per_condition
    text = t.score + ": " + t.label + ibis.ifelse(t.counted, "", NOT_COUNTED) + ": " + t.codes
    return t.group_by("person_id").aggregate(items=text.collect(order_by=[t.score, t.condition]))


def with_reasons(people: ir.Table, explanations: ir.Table) -> ir.Table:
    segments = segment_sentences()
    t = people.left_join(segments, "segment_rule").drop("segment_rule_right")
    t = t.left_join(condition_sentences(explanations), "person_id").drop("person_id_right")
    items = t["items"].fill_null(ibis.literal([], type="array<string>"))
    reasons = ibis.array([t.segment_reason]).concat(items)
    return t.mutate(reasons=reasons).drop("segment_reason", "items")
