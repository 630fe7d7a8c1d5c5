"""Bridges to Health segmentation: every person in exactly one of eight segments.

Source: Lynn J, Straube BM, Bell KM, Jencks SF, Kambic RT. Using population segmentation to
provide better health care for all: the "Bridges to Health" model. Milbank Q 2007;85(2):185-208,
doi:10.1111/j.1468-0009.2007.00483.x; as adapted in England (Outcomes Based Healthcare,
*Bridges to Health segmentation model*, 2016; NHS England population health management).

The input is one row per person with the columns of :data:`INPUT` (:func:`segment` checks them;
the clinical columns are optional: absent, they are unknown for everyone). The rules are data:
an ordered list, :data:`RULES` (version :data:`RULES_VERSION`); a person takes the segment of the
first rule whose conditions all hold, and ``healthy`` when none does, so each person is in
exactly one segment.
Conditions on unknown (null) values are false.

Order: the paper numbers the segments from healthy (1) to long course of decline (8) in rough
order of increasing need; the most needful segment a person qualifies for wins, except that
"short period of decline before dying" comes first (a Locality assumption: in the last months of
life end-of-life care leads whatever else applies). Each rule's ``basis`` says whether the
paper defines it or it is a Locality assumption (how a segment is read from coded data is
always ours: the paper describes segments, not codes).
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from locality.analytics.population import schema
from locality.analytics.population.conditions import Condition, all_of

RULES_VERSION = "1"
EFI_CATEGORIES = ("fit", "mild", "moderate", "severe")  # data/scores/efi.yaml (Clegg 2016)
INT, FLOAT = "int64", "float64"


@dataclass(frozen=True)
class Segment:
    id: str
    label: str
    number: int  # in Lynn 2007


SEGMENTS = (
    Segment("healthy", "Healthy", 1),
    Segment("maternal_infant", "Maternal and infant health", 2),
    Segment("acutely_ill", "Acutely ill", 3),
    Segment("chronic_stable", "Chronic conditions (stable)", 4),
    Segment("serious_disability", "Serious disability", 5),
    Segment("short_decline", "Short period of decline before dying", 6),
    Segment("organ_failure", "Limited reserve and exacerbations (organ failure)", 7),
    Segment("frailty_dementia", "Frailty and dementia (long course of decline)", 8),
)
SEGMENT_IDS = tuple(s.id for s in SEGMENTS)


def flag(name: str, description: str) -> schema.Column:
    return schema.Column(name, schema.BOOLEAN, False, description=description)


INPUT = schema.Table(
    name="segment input",
    key="person_id",
    columns=(
        schema.Column("person_id", schema.STRING, True),
        schema.Column("age", INT, True, description="whole years on as_of"),
        schema.Column("sex", schema.STRING, True, schema.SEXES, "not used by version 1"),
        schema.Column("n_ltc", INT, False, description="number of long-term conditions"),
        schema.Column("efi_category", schema.STRING, False, EFI_CATEGORIES, "eFI category"),
        schema.Column("hfrs", FLOAT, False, description="Hospital Frailty Risk Score"),
        flag("dementia", "a dementia diagnosis"),
        flag("cancer", "a cancer diagnosis"),
        flag("organ_failure", "heart failure, COPD or other chronic respiratory disease, CKD"),
        flag("maternal_infant", "pregnant or recently delivered, or an infant"),
        flag("serious_disability", "serious physical or learning disability"),
        flag("end_of_life", "on an end-of-life or palliative care register"),
        schema.Column("emergency_admissions_12m", INT, True, description="from utilisation"),
        schema.Column("ae_attendances_12m", INT, True, description="from utilisation"),
        schema.Column("rising", schema.BOOLEAN, True, description="from utilisation"),
    ),
)


@dataclass(frozen=True)
class Rule:
    segment: str
    id: str
    when: tuple[Condition, ...]
    basis: str


PAPER, OURS = "Lynn 2007", "Locality assumption"
C = Condition
RULES = (
    Rule("short_decline", "end_of_life_register", (C("end_of_life", "true"),), PAPER),
    Rule(
        "short_decline",
        "cancer_with_admissions",
        (C("cancer", "true"), C("emergency_admissions_12m", "ge", 2)),
        f"{OURS}: two emergency admissions in a year mark advanced cancer",
    ),
    Rule("frailty_dementia", "dementia", (C("dementia", "true"),), PAPER),
    Rule(
        "frailty_dementia",
        "severe_efi",
        (C("age", "ge", 65), C("efi_category", "eq", "severe")),
        f"{OURS}: severe eFI (validated from 65, Clegg 2016) as frailty",
    ),
    Rule(
        "frailty_dementia",
        "high_hfrs",
        (C("age", "ge", 75), C("hfrs", "gt", 15)),
        f"{OURS}: HFRS high risk (> 15, developed from 75, Gilbert 2018) as frailty",
    ),
    Rule(
        "organ_failure",
        "admitted",
        (C("organ_failure", "true"), C("emergency_admissions_12m", "ge", 1)),
        f"{OURS}: an emergency admission in a year as an exacerbation",
    ),
    Rule(
        "organ_failure",
        "rising",
        (C("organ_failure", "true"), C("rising", "true")),
        f"{OURS}: rising use as exacerbations",
    ),
    Rule("serious_disability", "flag", (C("serious_disability", "true"),), PAPER),
    Rule("chronic_stable", "ltc", (C("n_ltc", "ge", 1),), PAPER),
    Rule("chronic_stable", "organ_failure", (C("organ_failure", "true"),), OURS),
    Rule("chronic_stable", "cancer", (C("cancer", "true"),), OURS),
    Rule(
        "acutely_ill",
        "emergency_admission",
        (C("emergency_admissions_12m", "ge", 1),),
        f"{OURS}: acute illness read as hospital use in the last year",
    ),
    Rule("acutely_ill", "ae_attendance", (C("ae_attendances_12m", "ge", 1),), OURS),
    Rule("maternal_infant", "flag", (C("maternal_infant", "true"),), PAPER),
    Rule("maternal_infant", "infant", (C("age", "lt", 1),), PAPER),
)
NO_RULE = "none"  # segment_rule of the healthy: no rule applied


class SegmentInputError(ValueError):
    """The input table lacks a column of :data:`INPUT` or has one of the wrong type."""


def segment(t: ir.Table) -> ir.Table:
    """``t`` with ``segment`` (an id of :data:`SEGMENTS`) and ``segment_rule`` (the rule id)."""
    t = complete_input(t)
    chosen = [(all_of(t, rule.when), rule) for rule in RULES]
    return t.mutate(
        segment=ibis.cases(*[(p, r.segment) for p, r in chosen], else_="healthy"),
        segment_rule=ibis.cases(*[(p, f"{r.segment}.{r.id}") for p, r in chosen], else_=NO_RULE),
    )


def complete_input(t: ir.Table) -> ir.Table:
    """``t`` checked against :data:`INPUT`, absent optional columns added as nulls."""
    problems = []
    for column in INPUT.columns:
        if column.name not in t.columns:
            if column.required:
                problems.append(f"column {column.name} is missing")
            continue
        dtype = t[column.name].type()
        if not (dtype.is_null() or type_fits(dtype, column.type)):
            problems.append(f"column {column.name} has type {dtype}, expected {column.type}")
    if problems:
        raise SegmentInputError(f"{INPUT.name}: " + "; ".join(problems))
    absent = {c.name: ibis.null(c.type) for c in INPUT.columns if c.name not in t.columns}
    return t.mutate(**absent) if absent else t


def type_fits(dtype, wanted: str) -> bool:
    return {
        schema.STRING: dtype.is_string,
        schema.BOOLEAN: dtype.is_boolean,
        INT: dtype.is_integer,
        FLOAT: dtype.is_numeric,
    }[wanted]()
