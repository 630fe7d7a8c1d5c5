"""How often things happen to a person each year, by age, deprivation and conditions.

National anchors (England, per person per year, rounded): general practice appointments about
5.5 (NHS Digital "Appointments in General Practice", 2023, about 29 million a month excluding
COVID-19 vaccinations; GP consultation rates rise with age and are higher for women of working
age: Hobbs et al., Lancet 2016); A&E attendances 0.46 (NHS England A&E statistics 2023-24,
26 million); emergency admissions 0.11 and elective admissions 0.15 (Hospital Episode
Statistics 2022-23, 6.3 and 8.5 million); outpatient attendances 2.2 (HES 2022-23, about
125 million). Adult social care contacts follow requests for support (NHS Digital ASC-FR,
about 2 million a year, mostly people aged 65+); housing events (homelessness approaches,
arrears, disrepair) are an assumption of about 1% of adults a year, concentrated in deprived
areas. The age profiles, the deprivation ratios and the per-condition uplifts are assumptions
shaped to reproduce those anchors; ``docs/synthetic-population.md`` gives the achieved rates.
"""

from __future__ import annotations

from dataclasses import dataclass

AGE_BANDS = (0, 5, 16, 45, 65, 75, 85)  # lower bounds of the bands of ``Rate.by_age``


@dataclass(frozen=True)
class Rate:
    by_age: tuple[float, ...]  # events per person-year in each AGE_BANDS band
    deprivation_rr: float = 1.0  # most deprived decile against least (normalised to mean 1)
    per_condition: float = 0.0  # rate multiplied by 1 + per_condition * conditions
    female_16_64: float = 1.0  # multiplier for women aged 16-64
    # condition key -> multiplier, and a multiplier for people living alone
    with_condition: tuple[tuple[str, float], ...] = ()
    lives_alone: float = 1.0


RATES = {
    "gp_appointment": Rate((4.7, 2.2, 3.4, 4.3, 6.0, 7.8, 9.5), 1.15, 0.12, 1.35),
    "ae_attendance": Rate((0.60, 0.30, 0.42, 0.30, 0.32, 0.46, 0.75), 1.9, 0.08),
    "emergency_admission": Rate((0.10, 0.03, 0.05, 0.06, 0.10, 0.18, 0.32), 1.8, 0.22),
    "elective_admission": Rate((0.03, 0.03, 0.08, 0.15, 0.24, 0.26, 0.18), 1.0, 0.10),
    "outpatient": Rate((1.0, 0.6, 1.4, 2.0, 2.8, 3.0, 2.5), 1.0, 0.12, 1.3),
    "social_care_contact": Rate(
        (0.0, 0.005, 0.008, 0.015, 0.035, 0.11, 0.38), 1.3, 0.08,
        with_condition=(("dementia", 3.0), ("mobility_problems", 2.0)), lives_alone=1.5,
    ),
    "housing_event": Rate((0.0, 0.0, 0.02, 0.012, 0.006, 0.004, 0.004), 5.0),
    # a fall recorded in primary care (SNOMED CT 217082002, eFI "falls"); some lead to A&E or
    # an emergency admission (below)
    "fall": Rate(
        (0.0, 0.0, 0.002, 0.006, 0.025, 0.06, 0.13), 1.1, 0.08,
        with_condition=(("mobility_problems", 2.0), ("dementia", 2.0), ("parkinsons", 2.0)),
    ),
}  # fmt: skip

# Rising trajectories: a share of people see their rates grow through the history (for example
# a deteriorating long-term condition), ending RISE times higher than they started. The share
# grows with conditions and age; about 6% of people overall.
RISE = 4.0
RISING_SHARE = {"base": 0.02, "per_condition": 0.025, "aged_75_plus": 0.05, "max": 0.3}

# What a fall leads to (assumptions): A&E the same day, an emergency admission coded W19
# (unspecified fall, HFRS) and, for some, a femur fracture (S72).
FALL_TO_AE = 0.4
FALL_TO_ADMISSION = 0.1
FALL_FRACTURE = 0.3
FALL_SNOMED = "217082002"

# Hospital coding: each long-term condition with an ICD-10 code is recorded on an admission
# after its diagnosis with this probability (comorbidity coding is incomplete in practice).
COMORBIDITY_CODED = 0.85
# Primary diagnoses of emergency admissions that are not a condition above, by age group, all
# ICD-10 codes of the Hospital Frailty Risk Score list (data/codelists/pycomorb/HFRS.csv).
ACUTE_REASON_SHARE = 0.6
ACUTE_REASONS = {
    0: (("A09", 0.35), ("J22", 0.35), ("R56", 0.15), ("S06", 0.15)),
    16: (("J18", 0.2), ("L03", 0.2), ("R55", 0.2), ("A09", 0.2), ("N39", 0.2)),
    65: (("J18", 0.25), ("N39", 0.2), ("R55", 0.15), ("E86", 0.1), ("L03", 0.1), ("R41", 0.1),
         ("J22", 0.1)),
}  # fmt: skip

# Medicines: one issue record about every ISSUE_DAYS days while taken (a thinned record: real
# repeat prescriptions are issued every 28 to 56 days).
ISSUE_DAYS = 182

# Social records in primary care (SNOMED CT, eFI "social vulnerability" and "housebound").
LIVES_ALONE_SNOMED, LIVES_ALONE_RECORDED = "105529008", 0.4
HOUSEBOUND_SNOMED, HOUSEBOUND_RECORDED = "160689007", 0.3  # of people 75+ with poor mobility

SOCIAL_CARE_VALUES = (
    ("assessment", 0.25), ("review", 0.35), ("home_care", 0.25), ("reablement", 0.10),
    ("carer_support", 0.05),
)  # fmt: skip
HOUSING_VALUES = (
    ("homelessness_approach", 0.20), ("temporary_accommodation", 0.10), ("rent_arrears", 0.35),
    ("disrepair_report", 0.25), ("adaptation_request", 0.10),
)  # fmt: skip
