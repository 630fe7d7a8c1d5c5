"""The per-person table that segments and cohorts read: demography, use, social risk, clinical.

``person_table`` joins, one row per person in ``persons``:

- ``person_id``, ``sex``, ``lsoa_code``, ``age`` (whole years on ``as_of``);
- every column of :mod:`utilisation` and :mod:`social` (``lives_alone``, ``imd_decile`` ...);
- the clinical columns, :data:`CLINICAL_COLUMNS`, from a table the scores produce, one row per
  person at most (types as in :data:`segments.INPUT`; any but ``person_id`` may be absent, a
  person without a row has nulls, i.e. unknown). :func:`clinical_from_scores` makes that table
  from the scores' long output (``efi_category`` and ``hfrs``), and :func:`clinical_table` adds
  the long-term condition count and flags of :mod:`clinical` (``data/scores/ltc.yaml``);
- ``segment`` and ``segment_rule`` from :func:`segments.segment`.
"""

from __future__ import annotations

import datetime

import ibis
import ibis.expr.types as ir

from locality.analytics.population.segments import segment
from locality.analytics.population.social import social_risk
from locality.analytics.population.utilisation import utilisation
from locality.analytics.population.windows import age_at, resolve_as_of

CLINICAL_FLAGS = (
    "dementia",
    "cancer",
    "organ_failure",
    "maternal_infant",
    "serious_disability",
    "end_of_life",
)
CLINICAL_COLUMNS = ("n_ltc", "efi_category", "hfrs", *CLINICAL_FLAGS)


EFI_SCORE, HFRS_SCORE = "efi", "hfrs"  # names of data/scores/efi.yaml and hfrs.yaml


class ClinicalTableError(ValueError):
    """The clinical table has an unexpected column or more than one row for a person."""


def person_table(
    persons: ir.Table,
    events: ir.Table,
    clinical: ir.Table,
    as_of: datetime.date | str | None = None,
) -> ir.Table:
    as_of = resolve_as_of(events, as_of)
    check_clinical(ibis.get_backend(persons), clinical)
    t = persons.select("person_id", "sex", "lsoa_code", age=age_at(persons.birth_date, as_of))
    for part in (
        utilisation(persons, events, as_of),
        social_risk(persons, events, as_of),
        clinical,
    ):
        t = t.left_join(part, "person_id").drop("person_id_right")
    return segment(t)


def check_clinical(con, clinical: ir.Table) -> None:
    if "person_id" not in clinical.columns:
        raise ClinicalTableError("clinical table: column person_id is missing")
    for name in sorted(set(clinical.columns) - {"person_id", *CLINICAL_COLUMNS}):
        wanted = ", ".join(("person_id", *CLINICAL_COLUMNS))
        raise ClinicalTableError(f"clinical table: column {name} is not one of {wanted}")
    repeated = clinical.group_by("person_id").agg(n=clinical.count()).filter(lambda t: t.n > 1)
    first = con.to_pyarrow(repeated.order_by("person_id").limit(1)).to_pylist()
    if first:
        raise ClinicalTableError(
            f"clinical table: person_id {first[0]['person_id']!r} has {first[0]['n']} rows"
        )


def clinical_from_scores(scores: ir.Table) -> ir.Table:
    """``person_id``, ``efi_category`` and ``hfrs`` from rows of ``scores.SCORE_SCHEMA``."""
    efi, hfrs = scores.score == EFI_SCORE, scores.score == HFRS_SCORE
    return (
        scores.filter(efi | hfrs)
        .group_by("person_id")
        .agg(efi_category=scores.category.max(where=efi), hfrs=scores.value.max(where=hfrs))
    )


def clinical_table(scores: ir.Table, ltc_inputs: ir.Table) -> ir.Table:
    """The whole clinical table: ``ltc_inputs`` (one row per person: ``person_id``, ``n_ltc``
    and flags, from :func:`clinical.ltc_inputs`) with ``efi_category`` and ``hfrs`` from
    :func:`clinical_from_scores`."""
    t = ltc_inputs.left_join(clinical_from_scores(scores), "person_id")
    return t.drop("person_id_right")
