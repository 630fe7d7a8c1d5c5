"""Likely duplicate services, scored from the facts `selectors.service_facts` gathers.

Pure Python: no database, no Django. A score between 0 and 1 (see `pair_score`)::

    score = 0.60 * name + 0.25 * contact + 0.15 * near - 0.20 * places_differ

- places: the place names in a service's name, found among those the compared services give:
  their service areas ("Haxby & Wigginton": Haxby, Wigginton), their locations ("St Mark's
  Church Hall") and a few words after a dash in a name ("Strength and Balance — Haxby"),
  longest first. A name that is a place and nothing more (a community centre listing itself)
  is that place, and its words still say what it is;
- name: how alike the names are once the places they agree on are set aside: the mean of
  `difflib`'s ratio of the letters (forgives typos) and the Jaccard index of the words (stops
  short names that merely share letters looking alike), of names normalised by
  `normalise_name`. When the places do not differ, every place is set aside ("York Stop
  Smoking — The Groves" is "Stop Smoking — The Groves" listed again); when they do, only
  those both name. So "Lunch Club at St Mark's Church Hall" and "Food Bank at St Mark's
  Church Hall" are compared as "lunch club" and "food bank". Should that leave a name empty,
  the whole names are compared;
- contact: 1 for a phone number (digits only, +44 as 0) or email address that only these two
  services have, of two organisations; 0.5 for one more services have (a switchboard, a
  team's mailbox) or two services of one organisation share (that says who runs them, not
  that they are one), or for the same website domain (social media and booking sites do not
  count); else 0;
- near: 1 when any of their locations are within 100 m of each other, else 0;
- places_differ: 1 when each name names a place the other does not ("— Haxby", "— Heworth").

So two services of one organisation whose places differ are never candidates unless they
meet within 100 m of each other (and then only with names 7/8 alike): one programme in two
places, however much of the organisation's contact details they share.

A pair scoring `MIN_SCORE` (0.6) or more is a candidate. So identical names alone qualify;
alike names need some other evidence; unlike names (below 1/3 alike) never qualify, however
much else they share (two groups meeting in one hall, on the hall's phone number); names
whose places differ must be 2/3 alike even with a phone number only they have and one place.
Pairs are only scored when they share a word of their names that is no place name, the name
of a place listed in its own right, a phone number or email address only the two have, or a
100 m grid square: names sharing only place names or a switchboard are never alike enough.
A block of more than `MAX_BLOCK` services (a word like "club") says nothing and is skipped.
"""

import difflib
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any
from urllib.parse import urlsplit

NAME_WEIGHT, CONTACT_WEIGHT, NEAR_WEIGHT, PLACE_WEIGHT = 0.60, 0.25, 0.15, 0.20
MIN_SCORE = 0.6
NEAR_METRES = 100
MAX_BLOCK = 150
RARE = 2  # a phone number or email address more services have is weak evidence
# "service" too: every entry is one, so "Stop Smoking Service" and "Stop Smoking" are alike
STOP_WORDS = frozenset("the and of for a an at in on to with service services".split())
# hosts shared by unrelated groups: the same one says nothing
SHARED_DOMAINS = frozenset(
    "facebook.com instagram.com x.com twitter.com eventbrite.co.uk eventbrite.com linktr.ee "
    "google.com sites.google.com".split()
)
DASH = re.compile(r"\s[-–—]\s")
AREA_SEPARATORS = re.compile(r"&|,|/|\band\b", re.IGNORECASE)
MAX_QUALIFIER_WORDS = 3

Place = tuple[str, ...]


def name_words(name: str) -> list[str]:
    """Lower case ASCII words in their order, "&" as "and", stop words dropped."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['’]", "", text.replace("&", " and "))
    return [w for w in re.findall(r"[a-z0-9]+", text) if w not in STOP_WORDS]


def normalise_name(name: str) -> str:
    """The name's words (see `name_words`), sorted: word order is noise."""
    return " ".join(sorted(name_words(name)))


def name_similarity(a: str, b: str) -> float:
    """0 to 1: the mean of difflib's ratio and the words' Jaccard index, normalised names."""
    a, b = normalise_name(a), normalise_name(b)
    return (difflib.SequenceMatcher(None, a, b).ratio() + _jaccard(a, b)) / 2


def _jaccard(a: str, b: str) -> float:
    words_a, words_b = set(a.split()), set(b.split())
    union = words_a | words_b
    return len(words_a & words_b) / len(union) if union else 0.0


def normalise_phone(number: str) -> str:
    digits = re.sub(r"\D", "", (number or "").split("ext")[0])
    if digits.startswith("44") and len(digits) == 12:
        digits = "0" + digits[2:]
    return digits if len(digits) >= 6 else ""


def domain_of(url: str) -> str:
    host = (urlsplit(url if "://" in url else f"https://{url}").hostname or "") if url else ""
    host = host.removeprefix("www.")
    return "" if host in SHARED_DOMAINS else host


def metres_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance between two (latitude, longitude) points (equirectangular: fine at 100 m)."""
    mean_lat = math.radians((a[0] + b[0]) / 2)
    dy = math.radians(b[0] - a[0])
    dx = math.radians(b[1] - a[1]) * math.cos(mean_lat)
    return 6_371_000 * math.hypot(dx, dy)


@dataclass(eq=False)
class ServiceFacts:
    """What the matcher compares, for one service."""

    service: Any  # the Service: only its id is read here
    rank: int  # position in the database's own order of ids: pairs are (lower, higher)
    name: str  # `normalise_name` of the name
    phones: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    domains: set[str] = field(default_factory=set)
    points: list[tuple[float, float]] = field(default_factory=list)
    organization: str = ""  # the organisation's id
    label: str = ""  # the name as written: its word order and dashes
    areas: list[str] = field(default_factory=list)  # its service areas' names
    venues: list[str] = field(default_factory=list)  # its locations' names
    # set by `find_places`: the places in the name, and its other words
    places: frozenset[Place] = frozenset()
    plain: tuple[str, ...] = ()


def _qualifier(label: str) -> Place:
    """The words after the last dash of a name, if a few: "Strength and Balance — Haxby"."""
    parts = DASH.split(label)
    words = tuple(name_words(parts[-1])) if len(parts) > 1 else ()
    return words if len(words) <= MAX_QUALIFIER_WORDS else ()


def place_names(facts: Iterable[ServiceFacts]) -> set[Place]:
    """The place names the services give (module docstring), as tuples of words."""
    names = set()
    for f in facts:
        parts = [p for area in f.areas for p in AREA_SEPARATORS.split(area)]
        names.update(tuple(name_words(p)) for p in [*parts, *f.venues])
        names.add(_qualifier(f.label))
    return names - {()}


def find_places(facts: list[ServiceFacts]) -> None:
    """Set each service's `places` and `plain` words: longest place names first."""
    by_first = defaultdict(list)
    for place in sorted(place_names(facts), key=len, reverse=True):
        by_first[place[0]].append(place)
    for f in facts:
        words = tuple(name_words(f.label) if f.label else f.name.split())
        places, plain, i = set(), [], 0
        if words in by_first.get(words[0] if words else "", ()):
            # the name is a place (a community centre listing itself): what it is, and where
            f.places, f.plain = frozenset([words]), words
            continue
        while i < len(words):
            place = next(
                (p for p in by_first.get(words[i], ()) if words[i : i + len(p)] == p), None
            )
            if place:
                places.add(place)
                i += len(place)
            else:
                plain.append(words[i])
                i += 1
        f.places, f.plain = frozenset(places), tuple(plain)


def _compared_names(a: ServiceFacts, b: ServiceFacts, differ: bool) -> tuple[str, str]:
    aside = (a.places & b.places) if differ else (a.places | b.places)
    if not aside:
        return a.name, b.name
    names = [
        " ".join(sorted([*f.plain, *(w for p in f.places - aside for w in p)])) for f in (a, b)
    ]
    return (names[0], names[1]) if all(names) else (a.name, b.name)


def _contact(a, b, held: Counter | None) -> tuple[float, list[str]]:
    if not (a.phones & b.phones or a.emails & b.emails or a.domains & b.domains):
        return 0.0, []
    same_org = a.organization == b.organization != ""
    contact, reasons = 0.0, []
    for kind, label in (("phones", "phone number"), ("emails", "email address")):
        shared = getattr(a, kind) & getattr(b, kind)
        if not shared:
            continue
        fewest = min(held[(kind, x)] for x in shared) if held else RARE
        if same_org:
            contact, why = max(contact, 0.5), f"same {label}, one organisation"
        elif fewest > RARE:
            contact, why = max(contact, 0.5), f"same {label}, {fewest} services have it"
        else:
            contact, why = 1.0, f"same {label}"
        reasons.append(why)
    if a.domains & b.domains:
        contact = max(contact, 0.5)
        reasons.append("same website domain")
    return contact, reasons


def pair_score(
    a: ServiceFacts, b: ServiceFacts, held: Counter | None = None, near: bool | None = None
) -> tuple[float, list[str]]:
    """The documented score (module docstring) and the reasons, in words.

    `held`: how many compared services have each ("phones", number) or ("emails", address);
    without it every shared one counts as only theirs. `near`: if already known.
    Call `find_places` on the compared services first.
    """
    differ = bool(a.places - b.places) and bool(b.places - a.places)
    if near is None:
        near = any(metres_between(p, q) <= NEAR_METRES for p in a.points for q in b.points)
    contact, reasons = _contact(a, b, held)
    evidence = CONTACT_WEIGHT * contact + NEAR_WEIGHT * near - PLACE_WEIGHT * differ
    if evidence < 0:
        return 0.0, []  # not even identical names would do: one programme in two places
    name_a, name_b = _compared_names(a, b, differ)
    jaccard = _jaccard(name_a, name_b)
    needed = 2 * (MIN_SCORE - evidence) / NAME_WEIGHT - jaccard  # of difflib's ratio
    if needed > 1 or 2 * min(len(name_a), len(name_b)) < needed * (len(name_a) + len(name_b)):
        return 0.0, []  # cannot reach MIN_SCORE: skip the full comparison
    matcher = difflib.SequenceMatcher(None, name_a, name_b)
    ratio = matcher.ratio() if matcher.quick_ratio() >= needed else 0.0
    if ratio < needed:
        return 0.0, []
    name = (ratio + jaccard) / 2
    if near:
        reasons.append(f"within {NEAR_METRES} m")
    if differ:
        places = sorted(" ".join(p) for p in a.places ^ b.places)
        reasons.append(f"places differ: {', '.join(places)}")
    return round(NAME_WEIGHT * name + evidence, 3), [f"names {name:.0%} alike", *reasons]


def _blocks(facts: list[ServiceFacts], held: Counter) -> Iterable[list[ServiceFacts]]:
    """Groups of services sharing a word of their names that is no place name, the name of a
    place listed in its own right (a community centre), or a phone number or email address
    only two services have."""
    listed = {f.plain for f in facts if f.places == {f.plain}}
    blocks = defaultdict(list)
    for f in facts:
        keys = {("word", w) for w in f.plain} | {("place", p) for p in f.places & listed}
        for kind in ("phones", "emails"):
            keys |= {(kind, x) for x in getattr(f, kind) if held[(kind, x)] <= RARE}
        for key in keys:
            blocks[key].append(f)
    return (b for b in blocks.values() if 1 < len(b) <= MAX_BLOCK)


def _near_pairs(facts: list[ServiceFacts]) -> set[tuple[int, int]]:
    """(lower, higher) ranks of the pairs with locations within `NEAR_METRES`.

    Only points in the same or a neighbouring grid square of at least 100 m are measured.
    """
    size = NEAR_METRES / 111_000  # degrees of latitude; longitude squares are wider still
    cells = defaultdict(list)
    for f in facts:
        for lat, lon in f.points:
            cells[(math.floor(lat / size), math.floor(lon / size))].append((f.rank, (lat, lon)))
    near = set()
    for (y, x), here in cells.items():
        if len(here) > MAX_BLOCK:
            continue
        pairs = list(combinations(here, 2))
        for dy, dx in ((0, 1), (1, -1), (1, 0), (1, 1)):
            there = cells.get((y + dy, x + dx), [])
            if len(there) <= MAX_BLOCK:
                pairs += [(a, b) for a in here for b in there]
        near.update(
            (min(i, j), max(i, j))
            for (i, p), (j, q) in pairs
            if i != j and metres_between(p, q) <= NEAR_METRES
        )
    return near


def match_pairs(facts: list[ServiceFacts], only: set[str] | None = None):
    """(first, second, score, reasons) for each candidate pair, first ranked lower."""
    find_places(facts)
    held = Counter(
        (kind, x) for f in facts for kind in ("phones", "emails") for x in getattr(f, kind)
    )
    near = _near_pairs(facts)
    pairs = set(near)
    for block in _blocks(facts, held):
        pairs.update(combinations(sorted(f.rank for f in block), 2))
    by_rank = {f.rank: f for f in facts}
    found = []
    for i, j in sorted(pairs):
        a, b = by_rank[i], by_rank[j]
        if only is not None and a.service.id not in only and b.service.id not in only:
            continue
        score, reasons = pair_score(a, b, held, (i, j) in near)
        if score >= MIN_SCORE:
            found.append((a.service, b.service, score, reasons))
    return found
