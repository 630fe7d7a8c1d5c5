"""The OMOP CDM v5.4 tables, columns and concept ids Locality reads and writes (``omop.py``
documents the mapping)."""

FEMALE, MALE, UNKNOWN = 8532, 8507, 0
TYPE_EHR = 32817
ATTRIBUTE_PREFIX = "locality:"
VISIT_CONCEPTS = {
    "gp_appointment": 581477,
    "outpatient": 9202,
    "ae_attendance": 9203,
    "emergency_admission": 262,
    "elective_admission": 9201,
}
TABLE_OF_KIND = {
    "diagnosis": "condition_occurrence",
    "symptom": "condition_occurrence",
    "medication": "drug_exposure",
    "procedure": "procedure_occurrence",
    **dict.fromkeys(VISIT_CONCEPTS, "visit_occurrence"),
}
EVENT_TABLES = (
    "visit_occurrence",
    "condition_occurrence",
    "drug_exposure",
    "procedure_occurrence",
    "observation",
)
ID_COLUMN = {
    "visit_occurrence": "visit_occurrence_id",
    "condition_occurrence": "condition_occurrence_id",
    "drug_exposure": "drug_exposure_id",
    "procedure_occurrence": "procedure_occurrence_id",
    "observation": "observation_id",
}
DATE_COLUMN = {
    "visit_occurrence": "visit_start_date",
    "condition_occurrence": "condition_start_date",
    "drug_exposure": "drug_exposure_start_date",
    "procedure_occurrence": "procedure_date",
    "observation": "observation_date",
}
SOURCE_COLUMN = {
    "condition_occurrence": "condition_source_value",
    "drug_exposure": "drug_source_value",
    "procedure_occurrence": "procedure_source_value",
    "observation": "observation_source_value",
}
REQUIRED = {
    "person": ("person_id", "year_of_birth"),
    "location": ("location_id",),
    **{name: ("person_id", DATE_COLUMN[name]) for name in EVENT_TABLES},
}
