"""Social risk per person: living alone, isolation, deprivation and housing.

One row per person in ``persons`` with:

``lives_alone``
    from ``persons`` (null when not recorded).
``isolated``
    the latest answer in the 12 months before ``as_of`` to the front door's isolation question
    (events of kind ``isolation_answer``, the answer in ``value``). The answers recognised are
    those of the ONS direct measure of loneliness, "How often do you feel lonely?" (ONS,
    *Measuring loneliness: guidance for use of the national indicators on surveys*, 2018);
    "often/always" counts as isolated, the other four as not, and any other value is ignored.
    Several recognised answers on the latest day: isolated if any says so. Null when there is
    no recognised answer. Consent is handled upstream: the front door records an answer only
    with the person's consent, and the governance layer leaves withdrawn answers out of the
    extract, so this module counts only the answers present and never infers one.
``imd_decile``, ``deprivation_reason``
    the IMD 2019 decile of the person's LSOA (2011 codes) from ``data/england``; when it is
    null the reason says why (:data:`NO_LSOA` or :data:`UNKNOWN_LSOA`, e.g. a 2021-only or Welsh
    code).
``housing_events_12m``
    distinct days with a ``housing_event`` in the 12 months before ``as_of``.
``social_risk_count``, ``social_risk_unknown``, ``social_risk_level``
    how many of the four risks are present (lives alone; isolated; decile in
    :data:`DEPRIVED_DECILES`; at least one housing event) and how many are unknown (the first
    three can be). The level is ``low`` (none), ``moderate`` (one) or ``high``
    (:data:`HIGH_RISK_COUNT` or more). An unknown risk counts as absent, so the count is a floor.
    The four risks and the cut-offs are Locality assumptions; the deprivation cut-off follows
    NHS England's Core20PLUS5, whose "Core20" is the most deprived 20% nationally by IMD.
"""

from __future__ import annotations

import datetime

import ibis
import ibis.expr.types as ir

from locality.analytics.population.england import lsoa_deprivation
from locality.analytics.population.windows import last_12_months, resolve_as_of

ISOLATED_ANSWERS = ("often/always", "often", "always")
NOT_ISOLATED_ANSWERS = ("some of the time", "occasionally", "hardly ever", "never")
DEPRIVED_DECILES = (1, 2)
HIGH_RISK_COUNT = 2
LEVELS = ("low", "moderate", "high")
NO_LSOA = "no LSOA recorded"
UNKNOWN_LSOA = "LSOA not in the England LSOA 2011 table"

COLUMNS = (
    "person_id",
    "lives_alone",
    "isolated",
    "imd_decile",
    "deprivation_reason",
    "housing_events_12m",
    "social_risk_count",
    "social_risk_unknown",
    "social_risk_level",
)


def social_risk(
    persons: ir.Table, events: ir.Table, as_of: datetime.date | str | None = None
) -> ir.Table:
    """One row per person with the columns in :data:`COLUMNS`."""
    window = last_12_months(resolve_as_of(events, as_of))
    recent = events.filter(window.contains(events.date))
    housing = (
        recent.filter(recent.kind == "housing_event")
        .group_by("person_id")
        .agg(housing_events_12m=ibis._.date.nunique())
    )
    t = deprivation(persons).left_join(isolation(recent), "person_id")
    t = t.drop("person_id_right").left_join(housing, "person_id").drop("person_id_right")
    return with_risk(t.mutate(housing_events_12m=t.housing_events_12m.fill_null(0).cast("int64")))


def isolation(events: ir.Table) -> ir.Table:
    """``person_id``, ``isolated``: the latest recognised answer among ``events``."""
    answer = events.value.strip().lower()
    answers = events.filter(events.kind == "isolation_answer").mutate(answer=answer)
    answers = answers.filter(answers.answer.isin(ISOLATED_ANSWERS + NOT_ISOLATED_ANSWERS))
    latest = answers.group_by("person_id").agg(latest=answers.date.max())
    on_latest = answers.join(
        latest, [answers.person_id == latest.person_id, answers.date == latest.latest]
    )
    return on_latest.group_by("person_id").agg(
        isolated=on_latest.answer.isin(ISOLATED_ANSWERS).any()
    )


def deprivation(persons: ir.Table) -> ir.Table:
    lsoas = lsoa_deprivation()
    code = persons.lsoa_code.strip()
    t = persons.select("person_id", "lives_alone", lsoa=code.nullif(""))
    t = t.left_join(lsoas, t.lsoa == lsoas.lsoa_code)
    reason = ibis.cases(
        (t.lsoa.isnull(), NO_LSOA), (t.imd_decile.isnull(), UNKNOWN_LSOA), else_=ibis.null("string")
    )
    return t.select("person_id", "lives_alone", "imd_decile", deprivation_reason=reason)


def with_risk(t: ir.Table) -> ir.Table:
    risks = (
        t.lives_alone.fill_null(False),
        t.isolated.fill_null(False),
        t.imd_decile.isin(DEPRIVED_DECILES).fill_null(False),
        t.housing_events_12m >= 1,
    )
    unknown = (t.lives_alone.isnull(), t.isolated.isnull(), t.imd_decile.isnull())
    count = sum(r.ifelse(1, 0) for r in risks)
    t = t.mutate(
        social_risk_count=count.cast("int64"),
        social_risk_unknown=sum(u.ifelse(1, 0) for u in unknown).cast("int64"),
    )
    level = ibis.cases(
        (t.social_risk_count >= HIGH_RISK_COUNT, LEVELS[2]),
        (t.social_risk_count >= 1, LEVELS[1]),
        else_=LEVELS[0],
    )
    return t.mutate(social_risk_level=level).select(*COLUMNS)
