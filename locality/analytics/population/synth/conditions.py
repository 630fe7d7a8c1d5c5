"""The long-term conditions the generator gives people, as data.

Prevalence targets are QOF 2022-23 register prevalence for England (NHS Digital, "Quality and
Outcomes Framework 2022-23", rounded) over the register's own age range, unless marked
``assumption``. Age, sex and deprivation odds ratios and mean durations are assumptions chosen to
give the familiar patterns (steep age gradients for dementia and heart failure, COPD and diabetes
far commoner in deprived areas); ``docs/synthetic-population.md`` explains the model.

Every SNOMED CT code is in ``data/codelists/efi`` and every ICD-10 code in
``data/codelists/pycomorb`` (a test checks this). Depression and cancer have no SNOMED CT code in
those lists, so they are only recorded in hospital (ICD-10). Medicines are not in any project
code list, so they carry the substance name as a ``local`` code (plausible first-line choices;
the shares treated are assumptions).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    share: float
    snomed: str | None  # primary care code, recorded at diagnosis
    icd10: str | None  # hospital code, recorded on admissions after diagnosis
    sex: str | None = None  # only for this sex


@dataclass(frozen=True)
class Condition:
    key: str
    prevalence: float  # target share of people aged >= denominator_age
    denominator_age: int  # the register's age range starts here (0: all ages)
    min_age: int  # no onset before this age
    age_or: float  # odds ratio per 10 years of age above min_age
    deprivation_or: float  # odds ratio, most deprived decile against least
    male_or: float
    duration: float  # mean years since diagnosis (exponential), an assumption
    variants: tuple[Variant, ...]
    drugs: tuple[tuple[str, float], ...] = ()  # (substance, share of people treated)
    kind: str = "diagnosis"
    source: str = "QOF 2022-23"


def v(share, snomed, icd10, sex=None) -> Variant:
    return Variant(share, snomed, icd10, sex)


CONDITIONS = (
    Condition("hypertension", 0.144, 0, 18, 2.3, 1.2, 1.15, 10, (v(1, "38341003", "I10"),),
              (("amlodipine", 0.45), ("ramipril", 0.35), ("indapamide", 0.10),
               ("atorvastatin", 0.35))),
    Condition("diabetes", 0.075, 17, 17, 1.6, 1.8, 1.4, 8, (v(1, "44054006", "E119"),),
              (("metformin", 0.80), ("gliclazide", 0.20), ("atorvastatin", 0.60))),
    Condition("chd", 0.030, 0, 30, 2.4, 1.6, 2.0, 9,
              (v(0.6, "194828000", None), v(0.4, "22298006", "I252")),
              (("atorvastatin", 0.80), ("aspirin", 0.60), ("bisoprolol", 0.50),
               ("glyceryl trinitrate", 0.30), ("omeprazole", 0.30))),
    Condition("heart_failure", 0.010, 0, 40, 2.8, 1.5, 1.4, 4, (v(1, "84114007", "I50"),),
              (("bisoprolol", 0.70), ("ramipril", 0.60), ("furosemide", 0.60))),
    Condition("atrial_fibrillation", 0.021, 0, 40, 3.0, 0.9, 1.5, 5, (v(1, "49436004", "I48"),),
              (("apixaban", 0.65), ("bisoprolol", 0.50))),
    Condition("stroke_tia", 0.018, 0, 30, 2.4, 1.4, 1.2, 6,
              (v(0.65, "230690007", "I63"), v(0.35, "266257000", "G45")),
              (("clopidogrel", 0.70), ("atorvastatin", 0.80), ("omeprazole", 0.30))),
    Condition("ckd", 0.040, 18, 18, 3.0, 1.3, 0.8, 5, (v(1, "433144002", "N18"),),
              (("ramipril", 0.30), ("atorvastatin", 0.50))),
    Condition("copd", 0.019, 0, 35, 2.0, 3.5, 1.2, 7, (v(1, "13645005", "J44"),),
              (("salbutamol", 0.80), ("tiotropium", 0.60))),
    Condition("asthma", 0.065, 6, 6, 1.0, 1.2, 0.9, 15, (v(1, "195967001", "J45"),),
              (("salbutamol", 0.90), ("beclometasone", 0.60))),
    Condition("dementia", 0.007, 0, 50, 4.5, 1.3, 0.8, 3,
              (v(0.6, "52448006", "F03"), v(0.4, "26929004", "G30")), (("donepezil", 0.50),)),
    Condition("depression", 0.132, 18, 18, 1.1, 1.5, 0.5, 8,
              (v(0.7, None, "F32"), v(0.3, None, "F33")),
              (("sertraline", 0.45), ("citalopram", 0.25))),
    Condition("cancer", 0.035, 0, 18, 1.9, 0.9, 1.0, 6,
              (v(0.6, None, "C50", "female"), v(0.45, None, "C61", "male"), v(0.2, None, "C34"),
               v(0.15, None, "C43"), v(0.15, None, "C67"))),
    Condition("osteoarthritis", 0.100, 0, 35, 2.0, 1.4, 0.7, 8, (v(1, "396275006", "M19"),),
              (("paracetamol", 0.40), ("naproxen", 0.15), ("omeprazole", 0.15)),
              source="assumption (Versus Arthritis: 8.75 million UK people sought treatment)"),
    Condition("rheumatoid_arthritis", 0.008, 16, 16, 1.6, 1.2, 0.4, 10, (v(1, "69896004", "M06"),),
              (("methotrexate", 0.60), ("folic acid", 0.55))),
    Condition("hypothyroidism", 0.035, 0, 18, 1.6, 1.0, 0.2, 10, (v(1, "40930008", "E03"),),
              (("levothyroxine", 0.95),), source="QOF 2014-15, last year of the register"),
    Condition("osteoporosis", 0.009, 50, 50, 2.5, 1.1, 0.2, 5, (v(1, "64859006", "M81"),),
              (("alendronic acid", 0.70), ("calcium and colecalciferol", 0.50))),
    Condition("parkinsons", 0.002, 0, 45, 2.7, 1.0, 1.5, 5, (v(1, "49049000", "G20"),),
              (("co-careldopa", 0.80),), source="Parkinson's UK 2018, about 0.2%"),
    Condition("hearing_loss", 0.050, 0, 40, 2.3, 1.1, 1.3, 6, (v(1, "15188001", "H91"),),
              source="assumption (recorded in primary care)"),
    Condition("urinary_incontinence", 0.030, 0, 40, 1.9, 1.2, 0.4, 4, (v(1, "165232002", "R32"),),
              kind="symptom", source="assumption (recorded in primary care)"),
    Condition("mobility_problems", 0.020, 0, 50, 2.8, 1.8, 0.8, 3, (v(1, "160693001", "R26"),),
              kind="symptom", source="assumption (recorded in primary care)"),
)  # fmt: skip

# A person-level latent "health" factor z ~ N(0, 1) adds LATENT_LOADING * z to the log-odds of
# every condition, so conditions cluster (multimorbidity) as they do in real records.
LATENT_LOADING = 0.7
