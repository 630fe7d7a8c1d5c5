"""Utilisation: contacts in the last 12 months and the 12 before, and rising use."""

import pytest

from locality.analytics.population.formats.locality import read_dataset
from locality.analytics.population.utilisation import COLUMNS, utilisation
from tests.factories.population import dataset_folder
from tests.factories.population_tables import as_text, expected

pytestmark = pytest.mark.spec

AS_OF = "2024-03-01"  # last 12 months: 2023-03-01 to 2024-02-29; before: 2022-03-01 on
PERSONS = """
    person_id | birth_date | sex
    p1        | 1940-01-01 | female
    p2        | 1950-01-01 | male
    p3        | 1960-01-01 | female
    p4        | 1945-01-01 | male
    p5        | 1980-01-01 | other
    p6        | 1935-01-01 | female
"""
EVENTS = """
    person_id | date       | kind
    p1        | 2024-02-29 | gp_appointment
    p1        | 2024-02-29 | gp_appointment
    p1        | 2023-03-01 | gp_appointment
    p1        | 2024-03-01 | gp_appointment
    p1        | 2023-02-28 | ae_attendance
    p1        | 2022-03-01 | emergency_admission
    p1        | 2022-02-28 | emergency_admission
    p2        | 2023-06-01 | emergency_admission
    p3        | 2022-04-01 | gp_appointment
    p3        | 2022-05-01 | gp_appointment
    p3        | 2022-06-01 | gp_appointment
    p3        | 2022-07-01 | gp_appointment
    p3        | 2023-04-01 | gp_appointment
    p3        | 2023-05-01 | gp_appointment
    p3        | 2023-06-01 | gp_appointment
    p3        | 2023-07-01 | gp_appointment
    p3        | 2023-08-01 | gp_appointment
    p3        | 2023-09-01 | gp_appointment
    p4        | 2022-04-01 | emergency_admission
    p4        | 2022-09-01 | emergency_admission
    p4        | 2022-10-01 | ae_attendance
    p4        | 2023-04-01 | emergency_admission
    p4        | 2023-05-01 | emergency_admission
    p4        | 2023-09-01 | emergency_admission
    p4        | 2023-10-01 | ae_attendance
    p5        | 2023-10-01 | outpatient
    p5        | 2023-10-02 | elective_admission
    p5        | 2023-10-03 | diagnosis
    p6        | 2022-12-01 | gp_appointment
    p6        | 2023-12-01 | gp_appointment
    p6        | 2023-12-02 | social_care_contact
    p6        | 2023-12-03 | ae_attendance
"""
# p1: same-day repeat counted once; windows are half open (as_of itself is out).
# p2: a first emergency admission is rising (3 from 0). p3: 6 from 4 is 1.5x but only +2.
# p4: 11 from 8 is +3 but under 1.5x. p5: other kinds are not counted. p6: 4 from 1.
# gp, ae, em, sc: GP appointments, A&E attendances, emergency admissions, social-care contacts
COUNTS = """
    person_id | gp 12m | gp prev | ae 12m | ae prev | em 12m | em prev | sc 12m | sc prev
    p1        | 2      | 0       | 0      | 1       | 0      | 1       | 0      | 0
    p2        | 0      | 0       | 0      | 0       | 1      | 0       | 0      | 0
    p3        | 6      | 4       | 0      | 0       | 0      | 0       | 0      | 0
    p4        | 0      | 0       | 1      | 1       | 3      | 2       | 0      | 0
    p5        | 0      | 0       | 0      | 0       | 0      | 0       | 0      | 0
    p6        | 1      | 1       | 1      | 0       | 0      | 0       | 1      | 0
"""
RISING = """
    person_id | weighted_12m | weighted_prev_12m | rising
    p1        | 2            | 5                 | false
    p2        | 3            | 0                 | true
    p3        | 6            | 4                 | false
    p4        | 11           | 8                 | false
    p5        | 0            | 0                 | false
    p6        | 4            | 1                 | true
"""


def test_utilisation_counts_windows_and_rising(con, tmp_path):
    ds = read_dataset(dataset_folder(tmp_path, persons=PERSONS, events=EVENTS), con)
    t = utilisation(ds.persons, ds.events, AS_OF)
    assert t.columns == COLUMNS
    short = [c.strip() for c in COUNTS.strip().splitlines()[0].split("|")]
    got = [dict(zip(short, r.values(), strict=True)) for r in as_text(con, t, list(COLUMNS[:9]))]
    assert got == expected(COUNTS)
    assert as_text(con, t, list(COLUMNS[:1] + COLUMNS[9:])) == expected(RISING)


def test_utilisation_as_of_defaults_to_day_after_latest_event(con, tmp_path):
    events = """
        person_id | date       | kind
        p1        | 2024-02-29 | gp_appointment
        p1        | 2023-02-28 | gp_appointment
    """
    ds = read_dataset(dataset_folder(tmp_path, persons=PERSONS, events=events), con)
    t = utilisation(ds.persons, ds.events)
    got = as_text(con, t, ["person_id", "gp_appointments_12m"])
    # as_of 2024-03-01: 2023-02-28 falls in the previous 12 months
    assert got[0] == {"person_id": "p1", "gp_appointments_12m": "1"}
    assert len(got) == 6


def test_same_day_duplicate_contacts_count_once(con, tmp_path):
    # q1: one GP visit on 2023-06-01 recorded three times (with different codes), and an A&E
    # attendance the same day; a social-care contact repeated on 2022-06-01, in the year before.
    # q2: two GP visits a day apart are two contacts.
    events = """
        person_id | date       | kind                | code_system | code
        q1        | 2023-06-01 | gp_appointment      | snomed      | 185317003
        q1        | 2023-06-01 | gp_appointment      | snomed      | 185389009
        q1        | 2023-06-01 | gp_appointment      |             |
        q1        | 2023-06-01 | ae_attendance       |             |
        q1        | 2022-06-01 | social_care_contact |             |
        q1        | 2022-06-01 | social_care_contact |             |
        q2        | 2023-06-01 | gp_appointment      |             |
        q2        | 2023-06-02 | gp_appointment      |             |
    """
    persons = """
        person_id | birth_date | sex
        q1        | 1940-01-01 | female
        q2        | 1950-01-01 | male
    """
    ds = read_dataset(dataset_folder(tmp_path, persons=persons, events=events), con)
    t = utilisation(ds.persons, ds.events, AS_OF)
    short = t.select(
        "person_id",
        gp=t.gp_appointments_12m,
        ae=t.ae_attendances_12m,
        sc_prev=t.social_care_contacts_prev_12m,
        weighted=t.weighted_12m,
    )
    assert as_text(con, short) == expected("""
        person_id | gp | ae | sc_prev | weighted
        q1        | 1  | 1  | 1       | 3
        q2        | 2  | 0  | 0       | 2
    """)
