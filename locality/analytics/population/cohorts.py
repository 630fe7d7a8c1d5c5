"""Cohorts on the per-person table: members, counts per neighbourhood, member lists.

Definitions are data (:mod:`cohort_definitions`, ``data/cohorts/*.yaml``). A neighbourhood is a
set of LSOAs, given as a table with ``lsoa_code`` and ``neighbourhood`` (each LSOA at most once);
a person whose LSOA is unmapped or unknown counts under :data:`OUTSIDE`.

Counts leave only through :mod:`suppression` (with the total, so secondary suppression
applies). Member lists are person-level and pseudonymous (``person_id``): not an aggregate, so
not suppressed; who may see them is decided by the governance layer that calls this library.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from locality.analytics.population.cohort_definitions import (
    Cohort,
    CohortError,
    load_cohort,
    load_cohorts,
)
from locality.analytics.population.conditions import all_of, columns_of
from locality.analytics.population.suppression import safe_cells

__all__ = [
    "Cohort",
    "CohortError",
    "NeighbourhoodError",
    "cohort_counts",
    "cohort_list",
    "cohort_members",
    "load_cohort",
    "load_cohorts",
]

OUTSIDE = "outside"
TOTAL = "total"
LIST_COLUMNS = ("person_id", "neighbourhood", "lsoa_code", "age", "sex", "segment")


class NeighbourhoodError(ValueError):
    """The neighbourhood mapping is not one neighbourhood per LSOA."""


def cohort_members(people: ir.Table, cohort: Cohort) -> ir.Table:
    """The rows of ``people`` in ``cohort`` (an Ibis expression, nothing is run)."""
    conditions = cohort.criteria.conditions()
    missing = sorted(columns_of(conditions) - set(people.columns))
    if missing:
        raise CohortError(f"cohort {cohort.name}: the person table has no column {missing[0]}")
    return people.filter(all_of(people, conditions))


def cohort_counts(con, people: ir.Table, cohort: Cohort, neighbourhoods: ir.Table) -> list[dict]:
    """Members per neighbourhood, then ``outside`` and ``total``, suppressed and rounded.

    Run on the Ibis backend ``con``. Every neighbourhood of the mapping has a row; ``count`` is
    ``None`` when suppressed.
    """
    names = neighbourhood_names(con, neighbourhoods)
    members = with_neighbourhood(cohort_members(people, cohort), neighbourhoods)
    raw = con.to_pyarrow(members.group_by("neighbourhood").agg(n=members.count())).to_pylist()
    cells = dict.fromkeys([*names, OUTSIDE], 0) | {r["neighbourhood"]: r["n"] for r in raw}
    shown, total = safe_cells(cells, total=sum(cells.values()))
    rows = [*shown.items(), (TOTAL, total)]
    return [
        {"cohort": cohort.name, "version": cohort.version, "neighbourhood": n, "count": c}
        for n, c in rows
    ]


def cohort_list(
    con,
    people: ir.Table,
    cohort: Cohort,
    neighbourhoods: ir.Table,
    neighbourhood: str | None = None,
) -> ir.Table:
    """Members with their neighbourhood (all, or one), ordered by neighbourhood and person.

    ``con`` checks the mapping; the list itself is an expression to run where needed.
    """
    neighbourhood_names(con, neighbourhoods)
    members = with_neighbourhood(cohort_members(people, cohort), neighbourhoods)
    if neighbourhood is not None:
        members = members.filter(members.neighbourhood == neighbourhood)
    return members.select(*LIST_COLUMNS).order_by(["neighbourhood", "person_id"])


def with_neighbourhood(people: ir.Table, neighbourhoods: ir.Table) -> ir.Table:
    mapping = neighbourhoods.select(
        _lsoa=neighbourhoods.lsoa_code, _neighbourhood=neighbourhoods.neighbourhood
    )
    t = people.left_join(mapping, people.lsoa_code == mapping._lsoa)
    return t.mutate(neighbourhood=t._neighbourhood.fill_null(OUTSIDE)).drop(
        "_lsoa", "_neighbourhood"
    )


def neighbourhood_names(con, neighbourhoods: ir.Table) -> list[str]:
    """The sorted neighbourhood names, after checking the mapping (on the backend ``con``)."""
    missing = {"lsoa_code", "neighbourhood"} - set(neighbourhoods.columns)
    if missing:
        raise NeighbourhoodError(f"neighbourhoods: column {sorted(missing)[0]} is missing")
    t = neighbourhoods
    problems = t.filter(t.lsoa_code.isnull() | t.neighbourhood.isnull())
    if con.to_pyarrow(problems.count()).as_py():
        raise NeighbourhoodError("neighbourhoods: lsoa_code and neighbourhood are required")
    twice = t.group_by("lsoa_code").agg(n=t.count()).filter(ibis._.n > 1)
    first = con.to_pyarrow(twice.order_by("lsoa_code").limit(1)).to_pylist()
    if first:
        lsoa, n = first[0]["lsoa_code"], first[0]["n"]
        raise NeighbourhoodError(f"neighbourhoods: LSOA {lsoa} has {n} rows, not one")
    names = sorted(con.to_pyarrow(t.select(n=t.neighbourhood).distinct())["n"].to_pylist())
    reserved = set(names) & {OUTSIDE, TOTAL}
    if reserved:
        raise NeighbourhoodError(f"neighbourhoods: {sorted(reserved)[0]!r} is a reserved name")
    return names
