"""Reading FHIR R4 bulk NDJSON shaped like UK Core exports, and the problems of bad files."""

import datetime
import json

import pytest

from locality.analytics.population.engines import connect
from locality.analytics.population.formats.fhir import read_fhir
from locality.analytics.population.formats.locality import DatasetError

SNOMED, ICD10 = "http://snomed.info/sct", "http://hl7.org/fhir/sid/icd-10"
ETHNIC = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory"
NHS_ETHNIC = "https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland"
ADMISSION = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AdmissionMethod"
KIND = "https://locality.example/fhir/CodeSystem/event-kind"


def ndjson_folder(folder, **files):
    """Write each list of resources (dicts, or raw text lines) as ``<name>.ndjson``."""
    for name, lines in files.items():
        text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
        (folder / f"{name}.ndjson").write_text(text + "\n")
    return folder


def problems_of(folder):
    with pytest.raises(DatasetError) as raised:
        read_fhir(folder, connect("duckdb"))
    return [str(p) for p in raised.value.problems]


def coded(system, code):
    return {"coding": [{"system": system, "code": code}]}


def patient(pid, **fields):
    return {"resourceType": "Patient", "id": pid, **fields}


def about(pid, resource, **fields):
    return {"resourceType": resource, "subject": {"reference": f"Patient/{pid}"}, **fields}


def test_read_fhir_uk_core_shapes(tmp_path):
    ethnic = {"url": ETHNIC, "valueCodeableConcept": coded(NHS_ETHNIC, "G")}
    elective = {"extension": [{"url": ADMISSION, "valueCodeableConcept": coded("x", "13")}]}
    folder = ndjson_folder(
        tmp_path,
        Patient=[
            patient("RichardSmith", gender="male", birthDate="1970-09-11", extension=[ethnic]),
            patient("BabyPatient", birthDate="2023-05"),
        ],
        Condition=[about("RichardSmith", "Condition", code=coded(ICD10, "I25.2"),
                         onsetDateTime="2019-12-10T13:00:00+00:00")],
        Encounter=[
            about("RichardSmith", "Encounter", **{"class": {"code": "IMP"}},
                  period={"start": "2019-12-10T13:00:00+00:00"}, hospitalization=elective),
            about("BabyPatient", "Encounter", **{"class": {"code": "EMER"}},
                  period={"start": "2024-01-05"}),
        ],
        Observation=[about("RichardSmith", "Observation", code=coded(SNOMED, "1082631000000102"),
                           effectiveDateTime="2023-08-10", valueQuantity={"value": 20})],
        MedicationRequest=[about("RichardSmith", "MedicationRequest", authoredOn="2024-02-01",
            medicationCodeableConcept={"coding": [{"system": "https://example.org/x", "code": "a"},
                                                  {"system": "https://dmd.nhs.uk",
                                                   "code": "39113611"}]})],
    )  # fmt: skip
    dataset = read_fhir(folder, connect("duckdb"))
    persons = dataset.persons.order_by("person_id").to_pyarrow().to_pylist()
    assert [(p["person_id"], p["sex"], p["ethnicity"], p["birth_date"]) for p in persons] == [
        ("BabyPatient", "unknown", None, datetime.date(2023, 5, 15)),
        ("RichardSmith", "male", "mixed", datetime.date(1970, 9, 11)),
    ]
    events = dataset.events.order_by(["date", "kind"]).to_pyarrow().to_pylist()
    assert [(e["kind"], e["code_system"], e["code"], e["value"]) for e in events] == [
        ("diagnosis", "icd10", "I252", None),
        ("elective_admission", None, None, None),
        ("observation", "snomed", "1082631000000102", "20"),
        ("ae_attendance", None, None, None),
        ("medication", "dmd", "39113611", None),
    ]


def test_read_fhir_names_file_line_and_field_of_every_problem(tmp_path):
    folder = ndjson_folder(
        tmp_path,
        Patient=[
            patient("p1", gender="female", birthDate="1940-02-29",
                    extension=[{"url": ETHNIC, "valueCodeableConcept": coded(NHS_ETHNIC, "Q")}]),
            patient("p2", gender="man", birthDate="1950-13"),
            "not json",
            {"resourceType": "Condition", "id": "p3"},
            patient("p1", birthDate="1960"),
            {"resourceType": "Patient", "gender": "male"},
        ],
        Condition=[
            about("p1", "Condition", code=coded(ICD10, "I25.2"), recordedDate="2024-01-01"),
            about("p9", "Condition", recordedDate="2024/01/03"),
            {"resourceType": "Condition", "subject": {"reference": "Group/g1"}},
        ],
        Encounter=[
            about("p1", "Encounter", **{"class": {"code": "VR"}}, period={"start": "2024-01-01"}),
            about("p1", "Encounter", type=[coded(KIND, "visit")], period={"start": "2024-01-02"}),
        ],
    )  # fmt: skip
    assert problems_of(folder) == [
        "Patient.ndjson, row 1, column extension: "
        "ethnic category 'Q' is not an NHS ethnic category or an ONS 2021 group",
        "Patient.ndjson, row 2, column gender: 'man' is not one of female, male, other, unknown",
        "Patient.ndjson, row 2, column birthDate: '1950-13' is not a date (yyyy-mm-dd)",
        "Patient.ndjson, row 3: is not a JSON object",
        "Patient.ndjson, row 4, column resourceType: 'Condition' is not Patient",
        "Patient.ndjson, row 5, column id: duplicate id 'p1' (first on row 1)",
        "Patient.ndjson, row 6, column id: is required",
        "Patient.ndjson, row 6, column birthDate: is required",
        "Condition.ndjson, row 2, column subject.reference: 'Patient/p9' is not in Patient.ndjson",
        "Condition.ndjson, row 2, column recordedDate: '2024/01/03' is not a date (yyyy-mm-dd)",
        "Condition.ndjson, row 3, column subject.reference: "
        "'Group/g1' is not a Patient reference (Patient/<id>)",
        "Condition.ndjson, row 3, column recordedDate: is required",
        "Encounter.ndjson, row 1, column class.code: 'VR' is not an encounter class Locality "
        "reads (AMB, EMER, IMP, HH) and there is no event-kind coding",
        "Encounter.ndjson, row 2, column event-kind coding: "
        "event kind 'visit' is not one of the format's kinds",
    ]


def test_read_fhir_needs_patients(tmp_path):
    ndjson_folder(tmp_path, Condition=[about("p1", "Condition", recordedDate="2024-01-01")])
    assert problems_of(tmp_path) == [f"{tmp_path}/Patient.ndjson: is missing"]
