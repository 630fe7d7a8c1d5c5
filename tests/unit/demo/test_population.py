"""Tests for locality.demo.population: the seeded synthetic York population."""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date

import pytest

from locality.core import nhs_number
from locality.demo import population as pop
from locality.demo.place import load_lsoas, load_postcodes

REFERENCE = date(2026, 1, 1)
KEY_CHARS = "23456789BCDFGHJKLMNPQRSTVWXZ"


@pytest.fixture(scope="module")
def lsoas():
    return load_lsoas()


@pytest.fixture(scope="module")
def postcodes():
    return load_postcodes()


@pytest.fixture(scope="module")
def small(lsoas, postcodes):
    return pop.generate(lsoas, postcodes)


@pytest.fixture(scope="module")
def large(lsoas, postcodes):
    """A quarter of York (~51k people): big enough for stable rates."""
    return pop.generate(lsoas, postcodes, fraction=0.25, seed=7)


def age(person: pop.SyntheticPerson) -> int:
    return pop.age_on(person.date_of_birth, REFERENCE)


def band(years: int) -> int:
    return 0 if years < 16 else 1 if years < 60 else 2


def members_by_household(people):
    grouped = defaultdict(list)
    for person in people:
        grouped[person.household_key].append(person)
    return grouped


def test_alone_probability_rises_with_age_and_deprivation():
    assert pop.alone_probability(10, 1) == pop.alone_probability(17, 1) == 0.0
    for decile in range(1, 11):
        rates = [pop.alone_probability(years, decile) for years in (20, 30, 55, 65, 75, 85, 95)]
        assert rates == sorted(rates)
    for years in (20, 40, 70, 90):
        rates = [pop.alone_probability(years, decile) for decile in range(1, 11)]
        assert rates == sorted(rates, reverse=True) and rates[0] > rates[-1]
    assert pop.lone_parent_probability(1) > pop.lone_parent_probability(10)


def test_apportion_and_age_on():
    assert pop.apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert pop.apportion(34, [357, 948, 328]) == [7, 20, 7]
    assert sum(pop.apportion(1633, [357, 948, 328])) == 1633
    assert pop.age_on(date(2000, 1, 2), date(2026, 1, 1)) == 25
    assert pop.age_on(date(2000, 1, 1), date(2026, 1, 1)) == 26


# --- the generated population ------------------------------------------------------------


def test_sizes_follow_each_lsoa(lsoas, small):
    households, people = small
    counts = Counter(person.lsoa_code for person in people)
    for lsoa in lsoas:
        assert counts[lsoa.code] == max(1, round(lsoa.population * 0.02))
    assert len(people) == 4121
    assert {h.lsoa_code for h in households} == {lsoa.code for lsoa in lsoas}


def test_deterministic_for_a_seed_and_different_across_seeds(lsoas, postcodes, small):
    again = pop.generate(lsoas, postcodes, fraction=0.02, seed=2024)
    assert repr(again) == repr(small)
    other = pop.generate(lsoas, postcodes, fraction=0.02, seed=2025)
    assert other[1] != small[1]
    assert {p.nhs_number for p in other[1]} != {p.nhs_number for p in small[1]}
    assert {h.key for h in other[0]}.isdisjoint({h.key for h in small[0]})


def test_band_shares_match_each_lsoa(lsoas, small, large):
    for households_people, fraction in ((small, 0.02), (large, 0.25)):
        bands = defaultdict(Counter)
        for person in households_people[1]:
            bands[person.lsoa_code][band(age(person))] += 1
        for lsoa in lsoas:
            n = max(1, round(lsoa.population * fraction))
            real = (lsoa.age_0_15, lsoa.age_16_59, lsoa.age_60_plus)
            for index, count in enumerate(real):
                assert abs(bands[lsoa.code][index] - n * count / lsoa.population) < 1.0
    people = large[1]
    total = sum(lsoa.population for lsoa in lsoas)
    share_60 = sum(lsoa.age_60_plus for lsoa in lsoas) / total
    assert abs(sum(age(p) >= 60 for p in people) / len(people) - share_60) < 0.002


def test_ages_and_dates_of_birth_are_plausible(large):
    people = large[1]
    ages = Counter(age(person) for person in people)
    assert min(ages) == 0 and 95 <= max(ages) <= 100
    assert ages[65] > ages[85] > ages[95]  # the older band tapers
    assert all(p.date_of_birth < REFERENCE for p in people)
    assert {p.sex for p in people} == {"female", "male"}
    female_85 = [p.sex == "female" for p in people if age(p) >= 85]
    assert sum(female_85) / len(female_85) > 0.55


def test_nhs_numbers_valid_unique_and_in_the_test_range(small, large):
    for _, people in (small, large):
        numbers = [person.nhs_number for person in people]
        assert len(set(numbers)) == len(numbers)
        for number in numbers:
            assert re.fullmatch(r"999\d{7}", number)
            assert nhs_number.is_valid(number)


def test_keys_are_pseudonymous_and_unique(small):
    households, people = small
    assert all(re.fullmatch(f"H[{KEY_CHARS}]{{10}}", h.key) for h in households)
    assert all(re.fullmatch(f"P[{KEY_CHARS}]{{10}}", p.key) for p in people)
    assert len({h.key for h in households}) == len(households)
    assert len({p.key for p in people}) == len(people)
    assert {p.household_key for p in people} == {h.key for h in households}


def test_every_child_lives_with_an_adult(small, large):
    for _, people in (small, large):
        for members in members_by_household(people).values():
            if any(age(member) < 16 for member in members):
                assert any(age(member) >= 18 for member in members)


def test_tiny_fraction_still_houses_children_with_adults(lsoas, postcodes):
    _, people = pop.generate(lsoas, postcodes, fraction=0.001, seed=3)
    for members in members_by_household(people).values():
        if any(age(member) < 16 for member in members):
            assert any(age(member) >= 18 for member in members)


def test_lives_alone_matches_household_size(small):
    for members in members_by_household(small[1]).values():
        assert all(member.lives_alone == (len(members) == 1) for member in members)


def test_living_alone_more_common_in_deprived_areas_and_older_people(lsoas, large):
    decile = {lsoa.code: lsoa.imd_decile for lsoa in lsoas}
    deprived = [p.lives_alone for p in large[1] if decile[p.lsoa_code] <= 3 and age(p) >= 18]
    affluent = [p.lives_alone for p in large[1] if decile[p.lsoa_code] >= 8 and age(p) >= 18]
    assert sum(deprived) / len(deprived) > sum(affluent) / len(affluent) + 0.03
    older = [p.lives_alone for p in large[1] if age(p) >= 65]
    younger = [p.lives_alone for p in large[1] if 18 <= age(p) < 65]
    assert sum(older) / len(older) > 2 * sum(younger) / len(younger)


def test_household_sizes_are_realistic(large):
    households, people = large
    assert 2.1 < len(people) / len(households) < 2.6
    sizes = Counter(len(members) for members in members_by_household(people).values())
    assert 0.2 < sizes[1] / len(households) < 0.4
    assert max(sizes) <= 8


def test_families_mostly_share_a_family_name(large):
    shared = total = 0
    for members in members_by_household(large[1]).values():
        if len(members) > 1 and any(age(member) < 16 for member in members):
            children = [m for m in members if age(m) < 16]
            shared += sum(child.family_name == members[0].family_name for child in children)
            total += len(children)
    assert shared / total > 0.85


def test_no_two_household_members_share_a_given_name(small):
    for members in members_by_household(small[1]).values():
        assert len({member.given_name for member in members}) == len(members)


def test_ethnicity_reflects_york(large):
    groups = Counter(person.ethnicity for person in large[1])
    assert set(groups) == {name for name, _ in pop.ETHNICITIES}
    assert 0.90 < groups["White"] / len(large[1]) < 0.96


def test_household_postcodes_belong_to_their_lsoa(postcodes, small):
    households, _ = small
    for household in households:
        homes = {p.pcds: p for p in postcodes[household.lsoa_code]}
        assert household.postcode in homes
        assert not homes[household.postcode].large_user
        assert abs(household.lat - homes[household.postcode].lat) < 0.0005
        assert abs(household.lon - homes[household.postcode].lon) < 0.0005
        assert household.town == "York"
        assert re.fullmatch(r"\d+ [A-Z][a-z]+ [A-Z][a-z]+", household.address_line_1)
    addresses = [(h.address_line_1, h.postcode) for h in households]
    assert len(set(addresses)) == len(addresses)


def test_bad_arguments(lsoas, postcodes):
    with pytest.raises(ValueError):
        pop.generate(lsoas, postcodes, fraction=0)
    with pytest.raises(ValueError, match="more than"):
        pop.generate(lsoas, postcodes, fraction=5.0)
    with pytest.raises(ValueError, match="no postcodes"):
        pop.generate([replace(lsoas[0], code="E01999999")], postcodes)


def test_fraction_002_is_fast(lsoas, postcodes):
    started = time.perf_counter()
    pop.generate(lsoas, postcodes, fraction=0.02, seed=11)
    assert time.perf_counter() - started < 2.0


def test_whole_of_york(lsoas, postcodes):
    households, people = pop.generate(lsoas, postcodes, fraction=1.0)
    assert len(people) == sum(lsoa.population for lsoa in lsoas) == 205_699
    assert len({person.nhs_number for person in people}) == len(people)
    assert 2.1 < len(people) / len(households) < 2.6
