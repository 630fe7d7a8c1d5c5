"""Draw each person's event history over the window: records of conditions and medicines,
appointments, A&E, admissions with their ICD-10 codes, falls, social care and housing events."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from locality.analytics.population.synth import rates as r
from locality.analytics.population.synth.conditions import CONDITIONS
from locality.analytics.population.synth.eventlog import (
    CODE_INDEX,
    DAYS_PER_YEAR,
    EventLog,
    occurrences,
    pick,
)
from locality.analytics.population.synth.morbidity import DRUGS, KEYS

ENCOUNTERS = ("gp_appointment", "ae_attendance", "outpatient", "elective_admission")


@dataclass(frozen=True)
class Window:
    start_day: int  # first day of the history, days since 1970-01-01
    end_day: int  # last day

    @property
    def years(self) -> float:
        return (self.end_day - self.start_day + 1) / DAYS_PER_YEAR


def draw_history(rng, people, morbidity, window: Window) -> EventLog:
    log = EventLog()
    record_conditions(log, morbidity)
    record_medicines(rng, log, morbidity, window)
    record_social(rng, log, people, morbidity, window)
    start = np.maximum(people.birth_day - window.start_day, 0) / DAYS_PER_YEAR
    rising = rng.random(len(people)) < rising_share(people, morbidity)

    def times(kind):
        rate = person_rates(r.RATES[kind], people, morbidity)
        person, t = occurrences(rng, rate, start, window.years, rising)
        day = np.minimum(window.start_day + np.floor(t * DAYS_PER_YEAR), window.end_day)
        return person, day

    for kind in ENCOUNTERS:
        person, day = times(kind)
        log.add(person, day, kind)
        if kind == "elective_admission":
            record_comorbidities(rng, log, morbidity, person, day)
    record_emergencies(rng, log, people, morbidity, *times("emergency_admission"))
    record_falls(rng, log, morbidity, *times("fall"))
    for kind, values in (
        ("social_care_contact", r.SOCIAL_CARE_VALUES),
        ("housing_event", r.HOUSING_VALUES),
    ):
        person, day = times(kind)
        log.add(person, day, kind, value=pick(rng, values, len(person), index=None))
    return log


def person_rates(rate: r.Rate, people, morbidity) -> np.ndarray:
    band = np.searchsorted(r.AGE_BANDS, people.age, side="right") - 1
    steps = (10 - np.arange(1, 11)) / 9
    deprivation = rate.deprivation_rr ** ((10 - people.decile) / 9) / np.mean(
        rate.deprivation_rr**steps
    )
    out = np.asarray(rate.by_age)[band] * deprivation * (1 + rate.per_condition * morbidity.count)
    working_woman = people.female & (people.age >= 16) & (people.age < 65)
    out = np.where(working_woman, out * rate.female_16_64, out)
    for key, factor in rate.with_condition:
        out = np.where(morbidity.has[:, KEYS.index(key)], out * factor, out)
    return np.where(people.lives_alone, out * rate.lives_alone, out)


def rising_share(people, morbidity) -> np.ndarray:
    s = r.RISING_SHARE
    share = (
        s["base"] + s["per_condition"] * morbidity.count + s["aged_75_plus"] * (people.age >= 75)
    )
    return np.minimum(share, s["max"])


def record_conditions(log: EventLog, morbidity) -> None:
    """The primary care record of each condition, on its onset day (SNOMED CT)."""
    for j, c in enumerate(CONDITIONS):
        for k, variant in enumerate(c.variants):
            person = np.flatnonzero(morbidity.has[:, j] & (morbidity.variant[:, j] == k))
            if variant.snomed:
                log.add(person, morbidity.onset_day[person, j], c.kind, "snomed", variant.snomed)


def record_medicines(rng, log: EventLog, morbidity, window: Window) -> None:
    """An issue every ``ISSUE_DAYS`` from the later of the first prescription and the window."""
    first = np.maximum(morbidity.drug_start, window.start_day)
    first = first + np.floor(rng.random(len(first)) * r.ISSUE_DAYS).astype(np.int32)
    count = np.where(first <= window.end_day, (window.end_day - first) // r.ISSUE_DAYS + 1, 0)
    pair = np.repeat(np.arange(len(first)), count)
    step = np.arange(len(pair)) - np.repeat(np.cumsum(count) - count, count)
    codes = np.array([CODE_INDEX[d] for d in DRUGS])[morbidity.drug[pair]]
    day = first[pair] + step * r.ISSUE_DAYS
    log.add(morbidity.drug_person[pair], day, "medication", "local", codes)


def record_social(rng, log: EventLog, people, morbidity, window: Window) -> None:
    """Living alone and being housebound, as recorded in primary care on a day in the window."""
    mobility = morbidity.has[:, KEYS.index("mobility_problems")]
    for code, share, who in (
        (r.LIVES_ALONE_SNOMED, r.LIVES_ALONE_RECORDED, people.lives_alone),
        (r.HOUSEBOUND_SNOMED, r.HOUSEBOUND_RECORDED, mobility & (people.age >= 75)),
    ):
        person = np.flatnonzero(who & (rng.random(len(people)) < share))
        log.add(person, random_days(rng, people, person, window), "observation", "snomed", code)


def random_days(rng, people, person, window: Window) -> np.ndarray:
    first = np.maximum(people.birth_day[person], window.start_day)
    return first + np.floor(rng.random(len(person)) * (window.end_day - first + 1))


def record_emergencies(rng, log: EventLog, people, morbidity, person, day) -> None:
    log.add(person, day, "emergency_admission")
    acute = rng.random(len(person)) < r.ACUTE_REASON_SHARE
    for low, high in ((0, 16), (16, 65), (65, 999)):
        age = people.age[person]
        chosen = acute & (age >= low) & (age < high)
        codes = pick(rng, r.ACUTE_REASONS[low], int(chosen.sum()))
        log.add(person[chosen], day[chosen], "diagnosis", "icd10", codes)
    record_comorbidities(rng, log, morbidity, person, day)


def record_comorbidities(rng, log: EventLog, morbidity, person, day) -> None:
    """ICD-10 codes of the conditions already diagnosed, on each admission day."""
    for j, c in enumerate(CONDITIONS):
        coded = (
            morbidity.has[person, j]
            & (morbidity.onset_day[person, j] <= day)
            & (rng.random(len(person)) < r.COMORBIDITY_CODED)
        )
        for k, variant in enumerate(c.variants):
            if variant.icd10:
                chosen = coded & (morbidity.variant[person, j] == k)
                log.add(person[chosen], day[chosen], "diagnosis", "icd10", variant.icd10)


def record_falls(rng, log: EventLog, morbidity, person, day) -> None:
    log.add(person, day, "symptom", "snomed", r.FALL_SNOMED)
    u = rng.random(len(person))
    to_ae = u < r.FALL_TO_AE
    log.add(person[to_ae], day[to_ae], "ae_attendance")
    admitted = u < r.FALL_TO_ADMISSION  # a subset of those who went to A&E
    log.add(person[admitted], day[admitted], "emergency_admission")
    log.add(person[admitted], day[admitted], "diagnosis", "icd10", "W19")
    fracture = admitted & (rng.random(len(person)) < r.FALL_FRACTURE)
    log.add(person[fracture], day[fracture], "diagnosis", "icd10", "S72")
    record_comorbidities(rng, log, morbidity, person[admitted], day[admitted])
