"""A seeded synthetic population of York, shaped by each LSOA's real population and deprivation.

Nobody in the output is real. What *is* real: the LSOAs, their mid-2015 population by broad
age band and their IMD 2019 deciles (``place.load_lsoas``), and the live postcodes households
are placed in (``place.load_postcodes``). Street names, house numbers, names, dates of birth,
NHS numbers and household make-up are all invented. Pure Python, standard library only.

How it works, per LSOA (each LSOA has its own ``random.Random(f"{seed}/{code}")`` stream, and
LSOAs are processed in code order, so output is byte-identical for a given seed and fraction):

1. **Size and ages.** ``n = max(1, round(population * fraction))`` residents, split between
   the bands 0-15 / 16-59 / 60+ by largest remainder, so each LSOA's band shares match its real
   counts to within one person. Ages within a band follow England-like single-year weights:
   flat for 0-15, slightly lower for 16-17 than for 18-59, and falling steeply after 75 for 60+
   (the older band tapers to age 100). Sexes follow age-specific shares (62% female at 80+),
   spread evenly over the sorted ages so that even a small sample can pair up into couples.
2. **Living alone.** Every resident aged 18+ is first marked to live alone with probability
   ``alone_probability(age, imd_decile)``: a base rate by age (5% at 18-24 rising to 60% at
   90+, roughly England's Census 2021 pattern) shifted on the log-odds scale by the LSOA's
   deprivation::

       logit(p) = logit(base(age)) + DEPRIVATION_LOG_ODDS * (5.5 - imd_decile) / 4.5

   With ``DEPRIVATION_LOG_ODDS = 0.5`` the odds of living alone are 1.65x the base in decile 1
   (most deprived) and 0.61x in decile 10. Lone parenthood follows the same idea:
   ``lone_parent_probability(decile)`` runs linearly from 35% (decile 1) to 9% (decile 10).
3. **Families.** Children (<16) are grouped into sibling sets of 1-4 and given one or two
   parents aged 18+ and at least 16 years older than the eldest child, taken from the
   residents not living alone (nearest to a drawn target age; partners near each other's age,
   usually of the other sex). If no such adult is left, someone marked "alone" is used, and
   failing that the children join an existing household with an adult. So every child lives
   with an adult.
4. **Other adults.** 16-17s (always) and 45% of the other 18-24s live at home as grown-up
   children of a family or couple old enough to be their parents; 40% of the remaining 18-29s
   share houses in groups of 2-6 (York is a student city); the rest pair into couples by age
   (gap up to 12, else 25 years; 5% same-sex). Of those left unpaired, under-65s join a related
   household (relative or lodger, households of 5+ excluded) with probability 0.6; everyone else
   lives alone. ``lives_alone`` is simply "the household has one member". At fraction 0.25-1.0
   this gives a mean household size of about 2.25 and about 27% one-person households
   (England, Census 2021: 2.36 and 30%); about a third of the 65+ live alone.
5. **Names and places.** A household draws an ONS 2021 ethnic group (York is ~93% White) and a
   name heritage; members mostly share both and the family name. Each household gets a random
   real small-user postcode of its LSOA, a synthetic street (one per postcode) and house number,
   and coordinates within ~25 m of the postcode centroid.

Keys are "H"/"P" + 10 characters from ``KEY_ALPHABET``; NHS numbers are "999" + 6 random digits
+ a valid modulus-11 check digit (the 999 range is reserved for testing and never issued).
Both are unique across the whole output.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from locality.core.nhs_number import check_digit
from locality.demo.place import Lsoa, Postcode

KEY_ALPHABET = "23456789BCDFGHJKLMNPQRSTVWXZ"
KEY_LENGTH = 10
NHS_TEST_PREFIX = "999"
TOWN = "York"

DEPRIVATION_LOG_ODDS = 0.5
ADULT_AGE = 18
MIN_PARENT_GAP = 16

# --- public records ----------------------------------------------------------------------


@dataclass(frozen=True)
class SyntheticHousehold:
    key: str
    address_line_1: str
    town: str
    postcode: str
    lsoa_code: str
    lat: float
    lon: float


@dataclass(frozen=True)
class SyntheticPerson:
    key: str
    nhs_number: str
    given_name: str
    family_name: str
    date_of_birth: date
    sex: str
    ethnicity: str
    household_key: str
    lives_alone: bool
    lsoa_code: str


# --- reference tables --------------------------------------------------------------------

# ONS 2021 high-level ethnic groups, approximate shares for York (Census 2021: ~93% White).
ETHNICITIES = (
    ("White", 0.929),
    ("Asian or Asian British", 0.036),
    ("Mixed or Multiple", 0.017),
    ("Black, Black British, Caribbean or African", 0.007),
    ("Other ethnic group", 0.011),
)
SAME_ETHNICITY = 0.93  # chance a related household member shares the household's group

# ethnic group -> name heritages with weights
HERITAGES = {
    "White": (("british", 0.86), ("irish", 0.04), ("european", 0.10)),
    "Asian or Asian British": (("south_asian", 0.72), ("east_asian", 0.28)),
    "Mixed or Multiple": (("british", 0.5), ("caribbean", 0.2), ("south_asian", 0.15),
                          ("east_asian", 0.15)),
    "Black, Black British, Caribbean or African": (("african", 0.6), ("caribbean", 0.4)),
    "Other ethnic group": (("middle_eastern", 0.6), ("european", 0.2), ("british", 0.2)),
}  # fmt: skip

# heritage -> (female given names, male given names, family names). "caribbean" given and
# family names are largely British; "british" given names are split by birth cohort below.
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "british": (
        (), (),
        ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
         "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
         "Hall", "Wood", "Jackson", "Clarke", "Harrison", "Lewis", "Hill", "Cooper", "Ward",
         "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Turner", "Atkinson", "Dixon",
         "Shaw", "Richardson", "Hudson", "Metcalfe", "Barker", "Hodgson", "Pearson", "Bell",
         "Kirby", "Lister", "Ellis", "Holmes", "Watson", "Scott", "Armstrong", "Fletcher",
         "Dawson", "Fox", "Mason", "Marshall", "Cook", "Webster", "Simpson", "Wilkinson",
         "Foster", "Stephenson", "Morgan", "Hughes", "Campbell", "Stewart", "Reid", "Lloyd"),
    ),
    "irish": (
        ("Siobhan", "Niamh", "Aoife", "Ciara", "Mary", "Bridget", "Orla", "Grace"),
        ("Sean", "Patrick", "Liam", "Declan", "Conor", "Ciaran", "Michael", "Eoin"),
        ("Murphy", "Kelly", "O'Brien", "Byrne", "Ryan", "O'Connor", "Walsh", "McCarthy",
         "Doyle", "Gallagher", "Kennedy", "Quinn"),
    ),
    "european": (
        ("Anna", "Maria", "Katarzyna", "Agnieszka", "Ewa", "Elena", "Ioana", "Laura", "Sofia",
         "Julia", "Zuzana", "Monika"),
        ("Piotr", "Tomasz", "Jakub", "Andrei", "Marco", "Lukas", "Pavel", "Mateusz", "Adam",
         "Luca", "Krzysztof", "Daniel"),
        ("Nowak", "Kowalski", "Wisniewski", "Lewandowski", "Popescu", "Rossi", "Muller",
         "Novak", "Silva", "Kaminski", "Horvath", "Garcia"),
    ),
    "south_asian": (
        ("Aisha", "Fatima", "Priya", "Anjali", "Zainab", "Sana", "Ayesha", "Nisha", "Simran",
         "Maryam", "Deepa", "Amira"),
        ("Mohammed", "Ali", "Arjun", "Ravi", "Imran", "Hassan", "Amir", "Sanjay", "Rahul",
         "Yusuf", "Harpreet", "Omar"),
        ("Khan", "Patel", "Hussain", "Ahmed", "Singh", "Shah", "Begum", "Akhtar", "Iqbal",
         "Sharma", "Rahman", "Kaur", "Chowdhury", "Mistry"),
    ),
    "east_asian": (
        ("Mei", "Li", "Xin", "Yan", "Hui", "Jing", "Mai", "Linh"),
        ("Wei", "Jun", "Hao", "Chen", "Ming", "Tao", "Minh", "Jian"),
        ("Wang", "Li", "Zhang", "Chen", "Liu", "Wong", "Chan", "Nguyen", "Tran", "Yang"),
    ),
    "african": (
        ("Amara", "Chiamaka", "Ngozi", "Abena", "Fatou", "Adaeze", "Ama", "Nia"),
        ("Kwame", "Chinedu", "Emeka", "Kofi", "Tunde", "Yaw", "Olu", "Samuel"),
        ("Okafor", "Adeyemi", "Mensah", "Okonkwo", "Boateng", "Osei", "Abubakar", "Eze",
         "Owusu", "Adebayo"),
    ),
    "caribbean": (
        ("Shanice", "Keisha", "Jasmine", "Maya", "Simone", "Claudette"),
        ("Marcus", "Jermaine", "Tyrone", "Andre", "Winston", "Delroy"),
        ("Campbell", "Brown", "Williams", "Grant", "Thomas", "Francis", "Reid", "Clarke",
         "Henry", "Gordon"),
    ),
    "middle_eastern": (
        ("Layla", "Noor", "Yasmin", "Leila", "Rana", "Dina", "Elif", "Zeynep"),
        ("Ahmad", "Karim", "Mustafa", "Omar", "Samir", "Tariq", "Emre", "Yusuf"),
        ("Haddad", "Hassan", "Abbas", "Nasser", "Mansour", "Yilmaz", "Demir", "Karimi"),
    ),
}  # fmt: skip

# British given names by birth cohort: (born before 1965, 1965-1994, 1995 on).
BRITISH_GIVEN = {
    "female": (
        ("Margaret", "Patricia", "Jean", "Susan", "Christine", "Barbara", "Pauline", "Linda",
         "Janet", "Sheila", "Dorothy", "Joan", "Brenda", "Maureen", "Valerie", "Kathleen",
         "Elizabeth", "Ann", "Carol", "Irene", "Sandra", "Gillian"),
        ("Sarah", "Claire", "Emma", "Nicola", "Helen", "Rachel", "Lisa", "Karen", "Joanne",
         "Louise", "Michelle", "Rebecca", "Laura", "Kelly", "Amanda", "Victoria", "Hannah",
         "Catherine", "Gemma", "Jennifer", "Natalie", "Kate"),
        ("Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophie", "Grace", "Lily", "Freya",
         "Ella", "Chloe", "Ellie", "Poppy", "Evie", "Charlotte", "Jessica", "Mia", "Ruby",
         "Holly", "Megan", "Isabella", "Florence"),
    ),
    "male": (
        ("John", "David", "Michael", "Peter", "Robert", "Brian", "Alan", "Kenneth", "Keith",
         "Derek", "Geoffrey", "Colin", "Roy", "Malcolm", "Raymond", "Anthony", "William",
         "Terence", "Barry", "Graham", "Ronald", "Trevor"),
        ("Paul", "Mark", "Andrew", "Richard", "Stephen", "Simon", "Christopher", "James",
         "Daniel", "Matthew", "Lee", "Neil", "Darren", "Craig", "Stuart", "Gary", "Jonathan",
         "Martin", "Ian", "Wayne", "Thomas", "Adam"),
        ("Oliver", "Jack", "Harry", "George", "Noah", "Leo", "Charlie", "Alfie", "Oscar",
         "Thomas", "Jacob", "Freddie", "Archie", "Joshua", "Henry", "Theo", "Samuel", "Ethan",
         "William", "Max", "Lewis", "Ryan"),
    ),
}  # fmt: skip

STREET_STEMS = (
    "Elm", "Oak", "Ash", "Beech", "Rowan", "Willow", "Hawthorn", "Chestnut", "Sycamore",
    "Larch", "Hazel", "Holly", "Maple", "Linden", "Alder", "Birch", "Cedar", "Juniper",
    "Meadow", "Orchard", "Mill", "Church", "Station", "Park", "Priory", "Abbey", "Minster",
    "Foss", "Ouse", "Moor", "Field", "Garth", "Croft", "Manor", "Grange", "Hall", "Kings",
    "Queens", "Victoria", "Albert", "Lowther", "Howard", "Percy", "Neville", "Fairfax",
    "Fountains", "Rievaulx", "Jervaulx", "Ripon", "Thirsk", "Malton", "Pickering", "Selby",
    "Wetherby", "Tadcaster", "Beverley", "Swale", "Nidd", "Wharfe", "Derwent", "Heather",
    "Bramble", "Primrose", "Bluebell", "Foxglove", "Clover", "Lavender", "Kestrel", "Heron",
    "Lapwing", "Curlew", "Swallow", "Wren", "Falcon", "Plover",
)  # fmt: skip
STREET_SUFFIXES = (
    "Road", "Street", "Grove", "Avenue", "Close", "Lane", "Way", "Drive", "Court", "Gardens",
    "Terrace", "Crescent", "Walk", "Place", "Mews", "Rise", "View", "Green",
)  # fmt: skip

# Single-year age weights within each band (England-like).
CHILD_AGE_WEIGHTS = [(age, 1.0) for age in range(16)]
ADULT_AGE_WEIGHTS = [(age, 0.8 if age < 18 else 1.0) for age in range(16, 60)]
_OLDER_FIVE_YEAR = (3.3, 2.9, 2.8, 2.0, 1.4, 0.85, 0.38, 0.1)  # 60-64 ... 95-99
OLDER_AGE_WEIGHTS = [(60 + i, _OLDER_FIVE_YEAR[i // 5] / 5) for i in range(40)] + [(100, 0.01)]

# Base probability of living alone by age (lower bound of band, probability).
ALONE_BASE = ((90, 0.60), (80, 0.45), (70, 0.30), (60, 0.20), (50, 0.14), (25, 0.10),
              (18, 0.05), (0, 0.0))  # fmt: skip
SIBLING_SET_SIZES = ((1, 0.45), (2, 0.38), (3, 0.12), (4, 0.05))
SHARE_HOUSE_SIZES = (2, 3, 3, 4, 4, 5, 6)


def _weights(pairs: Sequence[tuple[object, float]]) -> tuple[list, list[float]]:
    values = [value for value, _ in pairs]
    return values, list(accumulate(weight for _, weight in pairs))


_ETHNICITY_TABLE = _weights(ETHNICITIES)
_HERITAGE_TABLES = {group: _weights(pairs) for group, pairs in HERITAGES.items()}
_BAND_TABLES = [_weights(CHILD_AGE_WEIGHTS), _weights(ADULT_AGE_WEIGHTS),
                _weights(OLDER_AGE_WEIGHTS)]  # fmt: skip
_SIBLING_TABLE = _weights(SIBLING_SET_SIZES)


def _pick(rng: random.Random, table: tuple[list, list[float]]):
    """One weighted draw (what ``rng.choices`` does, without its per-call overhead)."""
    values, cumulative = table
    return values[bisect_right(cumulative, rng.random() * cumulative[-1], 0, len(values) - 1)]


# --- public helpers ----------------------------------------------------------------------


def alone_probability(age: int, imd_decile: int) -> float:
    """Chance that a resident of this age in an LSOA of this IMD decile is set to live alone."""
    base = next(p for lower, p in ALONE_BASE if age >= lower)
    if base <= 0.0:
        return 0.0
    shift = DEPRIVATION_LOG_ODDS * (5.5 - imd_decile) / 4.5
    return 1.0 / (1.0 + math.exp(-(math.log(base / (1.0 - base)) + shift)))


def lone_parent_probability(imd_decile: int) -> float:
    """Chance that a family with children has one parent: 35% in decile 1 to 9% in decile 10."""
    return 0.35 - 0.26 * (imd_decile - 1) / 9


def age_on(date_of_birth: date, when: date) -> int:
    """Age in whole years on a date."""
    before_birthday = (when.month, when.day) < (date_of_birth.month, date_of_birth.day)
    return when.year - date_of_birth.year - before_birthday


def apportion(total: int, counts: Sequence[int]) -> list[int]:
    """Split ``total`` in proportion to ``counts`` by largest remainder (ties: first wins)."""
    whole = sum(counts)
    if whole <= 0:
        return [total] + [0] * (len(counts) - 1)
    quotas = [total * count / whole for count in counts]
    shares = [math.floor(quota) for quota in quotas]
    order = sorted(range(len(counts)), key=lambda i: (shares[i] - quotas[i], i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


# --- drafting residents ------------------------------------------------------------------

OTHER_SEX = {"female": "male", "male": "female"}


class _Member:
    """A resident being drafted: just an age and a sex until the household is known."""

    __slots__ = ("age", "sex")

    def __init__(self, age: int, sex: str) -> None:
        self.age, self.sex = age, sex


class _House:
    """A household being drafted. ``related`` is False for a house share of unrelated adults."""

    __slots__ = ("members", "related")

    def __init__(self, members: list[_Member], related: bool = True) -> None:
        self.members, self.related = members, related


def _female_share(age: int) -> float:
    if age < 16:
        return 0.487
    if age < 60:
        return 0.5
    return 0.53 if age < 80 else 0.62


def _band_counts(lsoa: Lsoa, n: int) -> list[int]:
    counts = apportion(n, [lsoa.age_0_15, lsoa.age_16_59, lsoa.age_60_plus])
    if counts[0] and not counts[1] + counts[2]:  # never leave children without any adult
        counts[0], counts[1] = counts[0] - 1, 1
    return counts


def _sexes(rng: random.Random, ages: list[int]) -> list[str]:
    """Sexes for ascending ages, spread evenly: the female count stays within one of its
    expectation at every age, so a small sample is not lopsided (couples can form)."""
    expected, females, offset = 0.0, 0, rng.random()
    sexes = []
    for age in ages:
        expected += _female_share(age)
        female = math.floor(expected + offset) > females
        females += female
        sexes.append("female" if female else "male")
    return sexes


def _draw_members(rng: random.Random, lsoa: Lsoa, n: int) -> list[_Member]:
    """``n`` residents whose band shares match the LSOA's; at least one 18+ if any children."""
    members = []
    for table, count in zip(_BAND_TABLES, _band_counts(lsoa, n), strict=True):
        ages = sorted(_pick(rng, table) for _ in range(count))
        members += [_Member(age, sex) for age, sex in zip(ages, _sexes(rng, ages), strict=True)]
    if any(m.age < 16 for m in members) and all(m.age < ADULT_AGE for m in members):
        next(m for m in members if m.age >= 16).age = rng.randint(25, 45)
    return members


class _Pool:
    """Residents waiting for a household, kept sorted by age within each sex."""

    def __init__(self) -> None:
        self._ages: dict[str, list[int]] = {"female": [], "male": []}
        self._items: dict[str, list[_Member]] = {"female": [], "male": []}

    def __len__(self) -> int:
        return len(self._ages["female"]) + len(self._ages["male"])

    def add(self, member: _Member) -> None:
        ages = self._ages[member.sex]
        index = bisect_left(ages, member.age + 1)  # after any equal ages: stable order
        ages.insert(index, member.age)
        self._items[member.sex].insert(index, member)

    def _pop(self, sex: str, index: int) -> _Member:
        self._ages[sex].pop(index)
        return self._items[sex].pop(index)

    def _nearest(self, sex: str, target: int, min_age: int) -> int | None:
        ages = self._ages[sex]
        first = bisect_left(ages, min_age)
        right = max(bisect_left(ages, target), first)
        options = [i for i in (right - 1, right) if first <= i < len(ages)]
        return min(options, key=lambda i: abs(ages[i] - target), default=None)

    def take_nearest(
        self, target: int, min_age: int, sex: str, max_gap: int = 200, strict: bool = False
    ) -> _Member | None:
        """The resident of ``sex`` (else, unless strict, the other sex) nearest ``target``."""
        for option in (sex,) if strict else (sex, OTHER_SEX[sex]):
            index = self._nearest(option, target, min_age)
            if index is not None and abs(self._ages[option][index] - target) <= max_gap:
                return self._pop(option, index)
        return None

    def take_random(self, rng: random.Random) -> _Member:
        females = len(self._ages["female"])
        index = rng.randrange(len(self))
        return self._pop("female", index) if index < females else self._pop("male", index - females)

    def take_range(self, low: int, high: int) -> list[_Member]:
        """Remove and return everyone aged low..high (females first, then by age)."""
        taken: list[_Member] = []
        for sex in ("female", "male"):
            ages, items = self._ages[sex], self._items[sex]
            start, stop = bisect_left(ages, low), bisect_left(ages, high + 1)
            taken.extend(items[start:stop])
            del ages[start:stop], items[start:stop]
        return taken

    def drain(self) -> list[_Member]:
        return self.take_range(0, 200)


# --- drafting households -----------------------------------------------------------------

STAY_HOME_18_24 = 0.45  # share of 18-24s not living alone who live with their parents
SHARE_18_29 = 0.40  # share of the remaining 18-29s in house shares
SAME_SEX_COUPLES = 0.05
JOIN_HOUSEHOLD = 0.6  # unpaired adults under 65 who live with relatives or as lodgers
MAX_JOINED_SIZE = 5  # households of this size take no more grown-up children or relatives


def _take_adult(pools: Sequence[_Pool], target: int, min_age: int, sex: str) -> _Member | None:
    """Nearest-age adult at least ``min_age``; relax to any adult 18+ only as a last resort."""
    for lowest in dict.fromkeys((min_age, ADULT_AGE)):
        for pool in pools:
            member = pool.take_nearest(target, lowest, sex)
            if member is not None:
                return member
    return None


def _choose_parents(
    rng: random.Random, pool: _Pool, alone: _Pool, eldest: int, decile: int
) -> list[_Member]:
    """One or two parents for children whose eldest is ``eldest``; [] if no adult is left."""
    min_age = max(ADULT_AGE, eldest + MIN_PARENT_GAP)
    lone = rng.random() < lone_parent_probability(decile)
    female_first = rng.random() < (0.9 if lone else 0.5)
    target = eldest + rng.randint(22, 38)
    first = _take_adult((pool, alone), target, min_age, "female" if female_first else "male")
    if first is None or lone:
        return [first] if first else []
    partner_target = first.age + (-2 if first.sex == "male" else 2) + round(rng.gauss(0, 3))
    second = pool.take_nearest(partner_target, min_age, OTHER_SEX[first.sex], max_gap=10)
    return [first, second] if second else [first]


def _make_families(
    rng: random.Random, children: list[_Member], pool: _Pool, alone: _Pool, decile: int
) -> list[_House]:
    """Sibling sets with their parents. Children never end up without an adult."""
    rng.shuffle(children)
    families: list[_House] = []
    start = 0
    while start < len(children):
        kids = children[start : start + _pick(rng, _SIBLING_TABLE)]
        start += len(kids)
        kids.sort(key=lambda kid: -kid.age)
        parents = _choose_parents(rng, pool, alone, kids[0].age, decile)
        if parents:
            families.append(_House(parents + kids))
        else:  # every adult is already a parent: the children join an existing family
            rng.choice(families).members.extend(kids)
    return families


def _home_for(rng: random.Random, houses: list[_House], age: int) -> _House | None:
    """A family or couple household whose lead is old enough to be the parent of ``age``."""
    for _ in range(12):
        house = rng.choice(houses)
        lead = house.members[0].age
        if len(house.members) < MAX_JOINED_SIZE and lead >= age + MIN_PARENT_GAP + 1:
            return house
    return rng.choice(houses) if age < ADULT_AGE else None


def _stay_at_home(rng: random.Random, pool: _Pool) -> list[_Member]:
    """Take out the 16-17s and the 18-24s who will live with their parents."""
    staying = []
    for member in pool.take_range(16, 24):
        if member.age < ADULT_AGE or rng.random() < STAY_HOME_18_24:
            staying.append(member)
        else:
            pool.add(member)
    return staying


def _place_at_home(
    rng: random.Random, staying: list[_Member], houses: list[_House], unpaired: list[_Member]
) -> None:
    """Grown-up children join a family or couple of the right age; else they are unpaired."""
    for member in staying:
        home = _home_for(rng, houses, member.age) if houses else None
        (home.members.append if home is not None else unpaired.append)(member)


def _make_shares(rng: random.Random, pool: _Pool) -> list[_House]:
    """House shares of 2-6 unrelated 18-29 year olds."""
    sharers = []
    for member in pool.take_range(ADULT_AGE, 29):
        (sharers.append if rng.random() < SHARE_18_29 else pool.add)(member)
    rng.shuffle(sharers)
    shares: list[_House] = []
    start = 0
    while start < len(sharers):
        group = sharers[start : start + rng.choice(SHARE_HOUSE_SIZES)]
        start += len(group)
        if len(group) > 1:
            shares.append(_House(group, related=False))
        else:
            pool.add(group[0])
    return shares


def _partner(rng: random.Random, pool: _Pool, member: _Member) -> _Member | None:
    """A partner near ``member``'s age: usually of the other sex, a closer match first."""
    same_sex = rng.random() < SAME_SEX_COUPLES
    sex = member.sex if same_sex else OTHER_SEX[member.sex]
    gap = 0 if same_sex else (2 if member.sex == "female" else -2)
    target = member.age + gap + round(rng.gauss(0, 3))
    for max_gap in (12, 25):
        partner = pool.take_nearest(target, ADULT_AGE, sex, max_gap=max_gap, strict=True)
        if partner is not None:
            return partner
    return None


def _make_couples(rng: random.Random, pool: _Pool) -> tuple[list[_House], list[_Member]]:
    """Pair everyone left by age. Returns the couples and the unpaired."""
    couples: list[_House] = []
    unpaired: list[_Member] = []
    while len(pool):
        member = pool.take_random(rng)
        partner = _partner(rng, pool, member)
        if partner is None:
            unpaired.append(member)
        else:
            couples.append(_House([member, partner]))
    return couples, unpaired


def _place_unpaired(
    rng: random.Random, unpaired: list[_Member], houses: list[_House], alone: _Pool
) -> None:
    """Unpaired adults under 65 often live with relatives or as lodgers; the rest alone."""
    for member in unpaired:
        joins = member.age < ADULT_AGE or (member.age < 65 and rng.random() < JOIN_HOUSEHOLD)
        if houses and joins:
            house = rng.choice(houses)
            if len(house.members) < MAX_JOINED_SIZE or member.age < ADULT_AGE:
                house.members.append(member)
                continue
        alone.add(member)


def _build_households(rng: random.Random, members: list[_Member], decile: int) -> list[_House]:
    """Group one LSOA's residents into households (see the module docstring)."""
    pool, alone = _Pool(), _Pool()
    for member in members:
        if member.age >= 16:
            lives_alone = member.age >= ADULT_AGE and (
                rng.random() < alone_probability(member.age, decile)
            )
            (alone if lives_alone else pool).add(member)
    children = [member for member in members if member.age < 16]
    families = _make_families(rng, children, pool, alone, decile)
    staying = _stay_at_home(rng, pool)
    shares = _make_shares(rng, pool)
    couples, unpaired = _make_couples(rng, pool)
    related = families + couples
    _place_at_home(rng, staying, related, unpaired)
    _place_unpaired(rng, unpaired, related, alone)
    return related + shares + [_House([member]) for member in alone.drain()]


# --- names, addresses, identifiers -------------------------------------------------------

SAME_FAMILY_NAME_CHILD = 0.92
SAME_FAMILY_NAME_ADULT = 0.75
MAX_PEOPLE = 800_000  # the 999 test range holds ~909,000 valid NHS numbers
JITTER_LAT, JITTER_LON = 0.00022, 0.00037  # about 25 m around the postcode centroid


_KEY_SPACE = len(KEY_ALPHABET) ** KEY_LENGTH
_KEY_PAIRS = [a + b for a in KEY_ALPHABET for b in KEY_ALPHABET]  # KEY_LENGTH is even


class _Ids:
    """Hands out pseudonymous keys and NHS numbers, unique across the whole output."""

    def __init__(self) -> None:
        self._keys: set[str] = set()
        self._nhs: set[str] = set()

    def key(self, rng: random.Random, prefix: str) -> str:
        """``prefix`` + KEY_LENGTH characters of KEY_ALPHABET, drawn as one big number."""
        while True:
            value, chars = rng.randrange(_KEY_SPACE), []
            for _ in range(KEY_LENGTH // 2):
                value, pair = divmod(value, len(_KEY_PAIRS))
                chars.append(_KEY_PAIRS[pair])
            key = prefix + "".join(chars)
            if key not in self._keys:
                self._keys.add(key)
                return key

    def nhs_number(self, rng: random.Random) -> str:
        """999 + six random digits + the modulus-11 check digit."""
        while True:
            first_nine = f"{NHS_TEST_PREFIX}{rng.randrange(1_000_000):06d}"
            digit = check_digit(first_nine)
            if digit is None:
                continue
            number = f"{first_nine}{digit}"
            if number not in self._nhs:
                self._nhs.add(number)
                return number


def _given_name(rng: random.Random, heritage: str, sex: str, birth_year: int) -> str:
    if heritage in ("british", "caribbean") and (heritage == "british" or rng.random() < 0.5):
        cohort = 0 if birth_year < 1965 else 1 if birth_year < 1995 else 2
        return rng.choice(BRITISH_GIVEN[sex][cohort])
    female, male, _ = NAMES[heritage]
    return rng.choice(female if sex == "female" else male)


def _ethnicity(rng: random.Random) -> tuple[str, str]:
    """An ethnic group and a name heritage within it."""
    group = _pick(rng, _ETHNICITY_TABLE)
    return group, _pick(rng, _HERITAGE_TABLES[group])


def _years_before(when: date, years: int) -> date:
    try:
        return when.replace(year=when.year - years)
    except ValueError:  # 29 February
        return when.replace(year=when.year - years, day=28)


def _birth_date(rng: random.Random, age: int, reference: date) -> date:
    """A date of birth before the reference date giving exactly ``age`` on it."""
    latest = min(_years_before(reference, age), reference - timedelta(days=1))
    earliest = _years_before(reference, age + 1) + timedelta(days=1)
    return earliest + timedelta(days=rng.randrange((latest - earliest).days + 1))


class _Street:
    """A synthetic street for one postcode, numbering its households upwards."""

    __slots__ = ("name", "next_number")

    def __init__(self, rng: random.Random) -> None:
        self.name = f"{rng.choice(STREET_STEMS)} {rng.choice(STREET_SUFFIXES)}"
        self.next_number = rng.randint(1, 30)

    def address(self, rng: random.Random) -> str:
        number = self.next_number
        self.next_number += rng.choice((1, 2, 2))
        return f"{number} {self.name}"


@dataclass
class _Context:
    """What one LSOA's households are built with."""

    rng: random.Random
    ids: _Ids
    lsoa: Lsoa
    postcodes: list[Postcode]
    reference: date
    streets: dict[str, _Street]


def _household(ctx: _Context) -> SyntheticHousehold:
    rng = ctx.rng
    postcode = rng.choice(ctx.postcodes)
    street = ctx.streets.get(postcode.pcds)
    if street is None:
        street = ctx.streets[postcode.pcds] = _Street(rng)
    return SyntheticHousehold(
        key=ctx.ids.key(rng, "H"),
        address_line_1=street.address(rng),
        town=TOWN,
        postcode=postcode.pcds,
        lsoa_code=ctx.lsoa.code,
        lat=round(postcode.lat + rng.uniform(-JITTER_LAT, JITTER_LAT), 6),
        lon=round(postcode.lon + rng.uniform(-JITTER_LON, JITTER_LON), 6),
    )


def _person(
    ctx: _Context, member: _Member, household: SyntheticHousehold, lives_alone: bool,
    identity: tuple[str, str, str], taken: set[str],
) -> SyntheticPerson:  # fmt: skip
    """One resident; ``taken`` holds given names already used in the household."""
    ethnicity, heritage, family_name = identity
    date_of_birth = _birth_date(ctx.rng, member.age, ctx.reference)
    for _ in range(5):  # avoid two members with the same given name
        given_name = _given_name(ctx.rng, heritage, member.sex, date_of_birth.year)
        if given_name not in taken:
            break
    taken.add(given_name)
    return SyntheticPerson(
        key=ctx.ids.key(ctx.rng, "P"),
        nhs_number=ctx.ids.nhs_number(ctx.rng),
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        sex=member.sex,
        ethnicity=ethnicity,
        household_key=household.key,
        lives_alone=lives_alone,
        lsoa_code=ctx.lsoa.code,
    )


def _identities(rng: random.Random, house: _House) -> list[tuple[str, str, str]]:
    """(ethnicity, name heritage, family name) per member; relatives mostly share them."""
    ethnicity, heritage = _ethnicity(rng)
    family_name = rng.choice(NAMES[heritage][2])
    out = [(ethnicity, heritage, family_name)]
    for member in house.members[1:]:
        own_ethnicity, own_heritage = _ethnicity(rng)
        if house.related and rng.random() < SAME_ETHNICITY:
            own_ethnicity, own_heritage = ethnicity, heritage
        share = SAME_FAMILY_NAME_CHILD if member.age < ADULT_AGE else SAME_FAMILY_NAME_ADULT
        own_name = rng.choice(NAMES[own_heritage][2])
        name = family_name if house.related and rng.random() < share else own_name
        out.append((own_ethnicity, own_heritage, name))
    return out


def _materialise(
    ctx: _Context, houses: list[_House]
) -> tuple[list[SyntheticHousehold], list[SyntheticPerson]]:
    households, people = [], []
    for house in houses:
        household = _household(ctx)
        households.append(household)
        alone = len(house.members) == 1
        identities, taken = _identities(ctx.rng, house), set()
        for member, identity in zip(house.members, identities, strict=True):
            people.append(_person(ctx, member, household, alone, identity, taken))
    return households, people


# --- entry point -------------------------------------------------------------------------


def _residential(postcodes: list[Postcode], lsoa: Lsoa) -> list[Postcode]:
    homes = [p for p in postcodes if not p.large_user and p.lsoa_code == lsoa.code]
    homes = homes or [p for p in postcodes if p.lsoa_code == lsoa.code]
    if not homes:
        raise ValueError(f"no postcodes for LSOA {lsoa.code}")
    return homes


def generate(
    lsoas: Sequence[Lsoa],
    postcodes: dict[str, list[Postcode]],
    *,
    fraction: float = 0.02,
    seed: int = 2024,
    reference_date: date = date(2026, 1, 1),
) -> tuple[list[SyntheticHousehold], list[SyntheticPerson]]:
    """Synthetic households and residents for the LSOAs (see the module docstring)."""
    if not fraction > 0:
        raise ValueError(f"fraction must be positive, got {fraction}")
    sizes = {lsoa.code: max(1, round(lsoa.population * fraction)) for lsoa in lsoas}
    if sum(sizes.values()) > MAX_PEOPLE:
        raise ValueError(f"fraction {fraction} asks for more than {MAX_PEOPLE:,} people")
    ids = _Ids()
    households: list[SyntheticHousehold] = []
    people: list[SyntheticPerson] = []
    for lsoa in sorted(lsoas, key=lambda item: item.code):
        rng = random.Random(f"{seed}/{lsoa.code}")
        homes = _residential(postcodes.get(lsoa.code, []), lsoa)
        houses = _build_households(rng, _draw_members(rng, lsoa, sizes[lsoa.code]), lsoa.imd_decile)
        ctx = _Context(rng, ids, lsoa, homes, reference_date, {})
        more_households, more_people = _materialise(ctx, houses)
        households.extend(more_households)
        people.extend(more_people)
    return households, people
