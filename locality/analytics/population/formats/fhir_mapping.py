"""The FHIR R4 resources, code systems and extensions Locality reads and writes (``fhir.py``
documents the mapping). ``locality.example`` addresses are Locality's own (a reserved domain)."""

from __future__ import annotations

LOCALITY = "https://locality.example/fhir"
KIND_SYSTEM = f"{LOCALITY}/CodeSystem/event-kind"  # the canonical event kind, as a coding
ETHNIC_GROUP_SYSTEM = f"{LOCALITY}/CodeSystem/ethnic-group-2021"  # ONS 2021 high-level groups
LSOA_EXTENSION = f"{LOCALITY}/StructureDefinition/lsoa-code"
LIVES_ALONE_EXTENSION = f"{LOCALITY}/StructureDefinition/lives-alone"
HOUSEHOLD_EXTENSION = f"{LOCALITY}/StructureDefinition/household-id"

UK_CORE = "https://fhir.hl7.org.uk"
ETHNIC_EXTENSION = f"{UK_CORE}/StructureDefinition/Extension-UKCore-EthnicCategory"
NHS_ETHNIC_SYSTEM = f"{UK_CORE}/CodeSystem/UKCore-EthnicCategoryEngland"
ADMISSION_EXTENSION = f"{UK_CORE}/StructureDefinition/Extension-UKCore-AdmissionMethod"
ADMISSION_SYSTEM = f"{UK_CORE}/CodeSystem/UKCore-AdmissionMethodEngland"
# NHS Data Dictionary admission methods: 11 elective (waiting list), 21 emergency (A&E)
ADMISSION_METHOD = {"elective_admission": "11", "emergency_admission": "21"}
PROFILES = {
    "Patient": f"{UK_CORE}/StructureDefinition/UKCore-Patient",
    "Condition": f"{UK_CORE}/StructureDefinition/UKCore-Condition",
    "Encounter": f"{UK_CORE}/StructureDefinition/UKCore-Encounter",
    "Observation": f"{UK_CORE}/StructureDefinition/UKCore-Observation",
    "MedicationRequest": f"{UK_CORE}/StructureDefinition/UKCore-MedicationRequest",
    "Procedure": f"{UK_CORE}/StructureDefinition/UKCore-Procedure",
}

# canonical code system -> FHIR system URI (written); readers also accept the aliases
CODE_SYSTEMS = {
    "snomed": "http://snomed.info/sct",
    "icd10": "http://hl7.org/fhir/sid/icd-10",
    "readv2": "http://read.info/readv2",
    "ctv3": "http://read.info/ctv3",
    "dmd": "https://dmd.nhs.uk",
    "local": f"{LOCALITY}/CodeSystem/local",
}
SYSTEM_ALIASES = {
    "http://hl7.org/fhir/sid/icd-10-uk": "icd10",
    "http://read.info/ctv3/": "ctv3",
    "https://fhir.nhs.uk/Id/dmd-code": "dmd",
}

CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
# Encounter.class by kind (written); reading without a kind coding uses READ_CLASS
ENCOUNTER_CLASS = {
    "gp_appointment": "AMB",
    "outpatient": "AMB",
    "ae_attendance": "EMER",
    "emergency_admission": "IMP",
    "elective_admission": "IMP",
}
READ_CLASS = {"AMB": "gp_appointment", "EMER": "ae_attendance", "HH": "gp_appointment"}

RESOURCE_OF_KIND = {
    "diagnosis": "Condition",
    "symptom": "Condition",
    "medication": "MedicationRequest",
    "procedure": "Procedure",
    **dict.fromkeys(ENCOUNTER_CLASS, "Encounter"),
}  # every other kind: Observation
RESOURCES = ("Patient", "Condition", "Encounter", "Observation", "MedicationRequest", "Procedure")
