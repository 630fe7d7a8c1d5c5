"""A seeded synthetic community asset directory for York, as Open Referral UK / HSDS 3.0 JSON.

Everything an entry says about itself is **invented**: organisations, services, venue names,
street addresses, phone numbers, e-mails and web addresses. What is real is the place: every
physical location sits exactly on the centroid of a real live postcode of a York LSOA
(``place.load_postcodes``) and uses that postcode, and names are built from real York ward and
locality names ("Tang Hall Community Centre", "Acomb Lunch Club"). No entry claims to be a real
organisation (every organisation's description says so) and no real person is named. Phone
numbers come from Ofcom's drama range 01632 960000-960999; e-mails and web sites use the
reserved ``.example`` top-level domain. Pure Python, standard library only (plus ``place``).

``generate_directory(lsoas, postcodes, seed=..., services=...)`` returns::

    {"taxonomies": [...], "taxonomy_terms": [...], "services": [...nested HSDS 3.0 services...],
     "known_duplicates": [[id_a, id_b], ...]}

Every service validates against the ORUK (HSDS 3.0 UK profile) service schema. It also carries
the HSDS 3.0 fields the UK profile leaves out (``phones``, language ``name``/``code``, term
``code``, ``eligibility_description``...), which the profile allows. Taxonomies come from
``data/taxonomy/*.json`` (see its SOURCE.md): each service has 1-3 attributes from "Locality
needs" (``link_type`` "need"), one from "Locality entry kind" (``service`` or
``community-asset``, ``link_type`` "entry_kind") and, if confidential, the "Locality flags"
term ``confidential`` (``link_type`` "flag").

**What is generated** (``services`` entries in all, exactly):

- About 15% community assets (``ASSET_SHARE``): parks, community centres, village halls,
  libraries, allotments, community gardens and cafés (the asset *is* the venue) and lunch
  clubs. The rest are services from about 70 templates (coffee mornings, health walks,
  clinics, advice drop-ins, youth clubs, helplines...). Each template fixes the providers
  (council teams, NHS trusts, GP practices, charities, faith groups, community groups), the
  venues, the needs, the eligible ages (youth clubs 11-18, lunch clubs 60+...), the schedule
  pattern (weekly ``byday`` such as "MO,WE" with ``opens_at``/``closes_at``; a few monthly)
  and the cost (most free; some in GBP).
- 1-3 ``service_at_locations`` per in-person service (groups run by a faith or community
  group meet in one place). Venues are shared: a community centre hosts many services, and
  the community centre asset is the same location; a library, health centre, GP surgery,
  council hub, leisure centre, youth centre or village hall serves a whole locality (one per
  suburb or village), other venues a single LSOA. A few services per town are online (one
  virtual location, up to 11) or phone-only (no location, up to 5): 16 of 3,000 in York.
- ``assured_date`` 0-199 days before ``reference_date``, skewed to recent (``days =
  int(200 * u**2)``), so about a third are stale (over 90 days). ``last_modified`` is on or
  after it. About 94% are active, 3% inactive and 3% temporarily closed (with an ``alert``).
- About 0.3% (at least 3) confidential services (refuges, safe houses), flagged
  ``confidential``; they still carry their physical location so the product can be tested to
  hide it.
- About 0.5% (at least 3) deliberate near-duplicates: a joint council/NHS service listed a
  second time as if from the other body's feed, with new ids, a reworded name, the same venue
  with an abbreviated street, and either the same number formatted differently or the other
  body's number. The pairs are ``known_duplicates``. Nothing else is meant to be a duplicate:
  service and venue names are unique (a draw that would need a numbered name such as "Acomb
  Job Club (2)" is redrawn, up to ``RETRIES`` times) and a local group runs at most one of
  each kind of activity. But, as in real feeds, one body's services in different places look
  alike: they share the body's main phone number (councils, NHS bodies and charities give
  about a third of their services a direct line while unused drama numbers last) and web
  domain, and their names differ only in the place.

**Where entries go (the uneven spread).** Each area (LSOA) gets a supply weight::

    weight = population * (1 + 1.5 * exp(-d / 1.5 km)) * (0.6 if d > 6 km else 1) * gap

where ``d`` is the distance of its population-weighted centroid from the population-weighted
centre of its town (so the city centre draws extra services and the rural edge fewer), and
``gap`` is 0.1 for a seeded set of "thin" areas (each area independently with probability 0.25
if IMD decile <= 4, else 0.10) and 1 otherwise. So some areas, more often deprived ones, have
almost nothing: the gaps a neighbourhood team should find. Templates then scale the weight by
their audience: children's services by the share aged 0-15, older people's by the share 60+,
food and money help by deprivation ((11 - IMD decile) / 5.5), and city-wide services (the
council's housing options, a crisis café, the community equipment service) by closeness to
the centre. Extra sites of a multi-site service are drawn from the same quarter of town
(``place.neighbourhood_of``). With the defaults, 2 of York's 120 LSOAs get no location at all
and about a dozen get at most 4 entries (median about 30), while the busiest get 70-100. Output is
identical for the same inputs, seed and options; all ids are uuid5 of a seed-specific
namespace and a path such as ``service/17/sal/1``.

**Beyond York.** ``lsoas`` may be any sequence of objects with ``code``, ``lat``, ``lon`` and
``population`` (optional: ``name``, ``ward_name``, ``ward_code``, ``imd_decile``,
``age_0_15``, ``age_60_plus``, and ``town``/``county`` which override ``city`` and
``state_province`` per area); ``postcodes`` maps each area code to objects with ``pcds``,
``lat`` and ``lon`` (optional ``large_user``). ``Area`` and ``Point`` are ready-made
dataclasses for that, e.g. for a benchmark across England. Areas without points get nothing.
Locality names are built in for York wards; elsewhere the ward name (or the area name without
its trailing code) is used. Only 1,000 drama numbers exist, so in big directories unrelated
organisations share numbers.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import random
import re
import uuid
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

from locality.demo.place import load_lsoas, load_postcodes, neighbourhood_of, population_centre

TAXONOMY_DIR = Path(__file__).resolve().parents[2] / "data" / "taxonomy"
TAXONOMY_FILES = ("locality_needs.json", "locality_entry_kind.json", "locality_flags.json")
# uuid5(NAMESPACE_URL, "https://locality.example/taxonomies"); term id = uuid5(this, code).
TAXONOMY_NAMESPACE = uuid.UUID("5df4ffd5-8eb0-539c-b122-313d7b6b632d")
NEEDS_TAXONOMY = "Locality needs"
ENTRY_KIND_TAXONOMY = "Locality entry kind"
FLAGS_TAXONOMY = "Locality flags"
SERVICE, COMMUNITY_ASSET, CONFIDENTIAL = "service", "community-asset", "confidential"

DEFAULT_SEED = 2024
DEFAULT_SERVICES = 3000
DEFAULT_REFERENCE_DATE = date(2026, 11, 23)
ASSET_SHARE = 0.15
DUPLICATE_SHARE = 0.005
CONFIDENTIAL_SHARE = 0.003
ASSURED_WINDOW_DAYS = 200
STALE_AFTER_DAYS = 90
DRAMA_NUMBERS = range(960000, 961000)  # Ofcom drama range 01632 960000-960999
EMAIL_TLD = "example"
ONS_URI = "http://statistics.data.gov.uk/id/statistical-geography/"

# Localities inside each York ward (2025 wards), used to name venues and groups.
YORK_LOCALITIES: dict[str, tuple[str, ...]] = {
    "Acomb": ("Acomb",),
    "Bishopthorpe": ("Bishopthorpe", "Acaster Malbis"),
    "Clifton": ("Clifton",),
    "Copmanthorpe": ("Copmanthorpe",),
    "Dringhouses & Woodthorpe": ("Dringhouses", "Woodthorpe"),
    "Fishergate": ("Fishergate",),
    "Fulford & Heslington": ("Fulford", "Heslington"),
    "Guildhall": ("The Groves", "Guildhall"),
    "Haxby & Wigginton": ("Haxby", "Wigginton"),
    "Heworth": ("Heworth", "Tang Hall"),
    "Heworth Without": ("Heworth Without",),
    "Holgate": ("Holgate", "Leeman Road"),
    "Hull Road": ("Hull Road", "Tang Hall", "Badger Hill"),
    "Huntington & New Earswick": ("Huntington", "New Earswick"),
    "Micklegate": ("Micklegate", "South Bank", "Clementhorpe"),
    "Osbaldwick & Derwent": ("Osbaldwick", "Dunnington", "Murton"),
    "Rawcliffe & Clifton Without": ("Rawcliffe", "Clifton Moor"),
    "Rural West York": ("Upper Poppleton", "Nether Poppleton", "Rufforth", "Skelton"),
    "Strensall": ("Strensall", "Earswick", "Stockton-on-the-Forest"),
    "Westfield": ("Westfield", "Chapelfields", "Foxwood"),
    "Wheldrake": ("Wheldrake", "Elvington", "Deighton"),
}

LANGUAGES = (  # (name, ISO 639 code, chance a service also offers it)
    ("Polish", "pl", 0.04),
    ("Urdu", "ur", 0.02),
    ("Arabic", "ar", 0.02),
    ("Chinese", "zh", 0.02),
    ("British Sign Language", "bfi", 0.03),
)
ENGLISH = ("English", "en")

SAINTS = (
    "Mary", "Paul", "Luke", "Chad", "Hilda", "Aidan", "Oswald", "Lawrence", "Margaret", "Edward",
    "Wilfrid", "Cuthbert", "Andrew", "Barnabas", "Columba", "Helen", "Mark", "Stephen", "Thomas",
    "Michael", "Giles", "Bede", "Hugh", "Anne", "John", "James", "Peter", "Martin", "Nicholas",
    "Catherine", "Alban", "Leonard", "George", "Clement", "Saviour", "Barbara", "Ninian",
    "Philip", "Matthew", "Hilary", "Agatha", "Bridget",
)  # fmt: skip
STREET_STEMS = (
    "Elm", "Oak", "Ash", "Beech", "Rowan", "Willow", "Hawthorn", "Chestnut", "Sycamore", "Larch",
    "Hazel", "Holly", "Maple", "Linden", "Alder", "Birch", "Meadow", "Orchard", "Mill",
    "Church", "Station", "Park", "Priory", "Abbey", "Foss", "Moor", "Field", "Garth", "Croft",
    "Manor", "Grange", "Kings", "Queens", "Victoria", "Albert", "Fairfax", "Fountains",
    "Rievaulx", "Ripon", "Malton", "Pickering", "Selby", "Wetherby", "Swale", "Nidd", "Wharfe",
    "Heather", "Bramble", "Primrose", "Bluebell", "Clover", "Kestrel", "Heron", "Lapwing",
    "Curlew", "Swallow", "Wren", "Plover", "Cherry", "Laurel", "Poplar", "Walnut",
)  # fmt: skip
STREET_SUFFIXES = (
    "Road", "Street", "Grove", "Avenue", "Close", "Lane", "Way", "Drive", "Court", "Gardens",
    "Terrace", "Crescent", "Walk", "Place", "Mews", "Rise", "View", "Green",
)  # fmt: skip
ABBREVIATIONS = (
    ("Road", "Rd"), ("Street", "St"), ("Avenue", "Ave"), ("Grove", "Gr"), ("Close", "Cl"),
    ("Lane", "Ln"), ("Drive", "Dr"), ("Court", "Ct"), ("Gardens", "Gdns"), ("Terrace", "Ter"),
    ("Crescent", "Cres"), ("Place", "Pl"), ("Centre", "Ctr"),
)  # fmt: skip
ACCESSIBILITY = (
    "Step-free access to the main entrance",
    "Accessible toilet",
    "Hearing loop at reception",
    "Accessible parking bays",
    "Baby changing facilities",
)
DAY_NAMES = {
    "MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday",
    "SA": "Saturday", "SU": "Sunday",
}  # fmt: skip
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")
ALL_DAYS = (*WEEKDAYS, "SA", "SU")

# --- venues ----------------------------------------------------------------------------

VENUE_NAMES: dict[str, tuple[str, ...]] = {
    "community-centre": ("{area} Community Centre", "{area} Community House",
                         "{stem} Community Centre"),
    "church-hall": ("{church} Hall",),  # St X's Church Hall, Area / Area Methodist Church Hall
    "village-hall": ("{area} Village Hall", "{area} Memorial Hall"),
    "library": ("{area} Library", "{area} Library and Learning Centre"),
    "gp-surgery": ("{area} Family Practice", "{area} Medical Centre", "{street} Surgery"),
    "health-centre": ("{area} Health Centre", "{area} Health and Wellbeing Hub"),
    "council-hub": ("{area} Council Hub", "{area} Neighbourhood Office"),
    "school": ("{area} Primary School", "{area} Academy", "{stem} Primary School"),
    "youth-centre": ("{area} Youth Centre", "{area} Young People's Centre"),
    "park": ("{area} Park", "{area} Recreation Ground", "{stem} Park", "{area} Green",
             "{stem} Nature Area"),
    "allotment": ("{area} Allotments", "{stem} Lane Allotments"),
    "garden": ("{area} Community Garden", "{stem} Community Orchard"),
    "cafe": ("{area} Community Café", "The {stem} Café"),
    "sports-centre": ("{area} Leisure Centre", "{area} Sports Club"),
    "playing-field": ("{area} Playing Fields", "{stem} Playing Field"),
    "office": ("{area} Resource Centre", "{stem} House"),
    "pharmacy": ("{area} Pharmacy", "{street} Pharmacy"),
    "refuge": ("{stem} House", "{stem} Lodge"),
}  # fmt: skip
# How many venues of a kind one area can have. Everything else is reused.
VENUE_CAPS = {"church-hall": 3, "park": 2, "school": 2, "office": 2, "refuge": 3}
# Venues shared by a whole locality (one library per village or suburb), not one per area.
LOCALITY_VENUES = frozenset(
    {"library", "health-centre", "council-hub", "sports-centre", "youth-centre", "gp-surgery",
     "village-hall"}
)  # fmt: skip
# Venues that sit on large-user (organisation) postcodes when the area has one.
LARGE_USER_VENUES = frozenset(
    {"gp-surgery", "health-centre", "council-hub", "library", "school", "sports-centre"}
)
NO_ACCESSIBILITY = frozenset({"park", "allotment", "garden", "playing-field", "refuge"})

# --- organisations ---------------------------------------------------------------------

COUNCIL_TEAMS = {
    "asc": "Adult Social Care",
    "housing": "Housing Services",
    "ph": "Public Health",
    "family": "Children and Family Services",
    "parks": "Parks and Open Spaces",
    "communities": "Communities and Neighbourhoods",
    "libraries": "Library Service",
    "money": "Financial Inclusion Team",
    "learning": "Adult Learning Service",
}
NHS_BODIES = {
    "community": "{city} Community Health NHS Trust",
    "mental": "{city} and District Mental Health NHS Trust",
    "pcn": "{quarter} {city} Primary Care Network",
}
CHARITIES = {
    "befriending": "{city} Befriending Scheme",
    "carers": "{city} Carers Together",
    "money": "{city} Money Advice Network",
    "food": "{city} Community Food Network",
    "mind": "{city} Wellbeing Collective",
    "older": "{city} Later Life Trust",
    "da": "{city} Safe Homes Trust",
    "youth": "{city} Youth Futures",
    "digital": "Connected {city}",
    "dementia": "{city} Memory Friends",
    "recovery": "{city} Recovery Together",
    "sensory": "{city} Sight and Sound",
    "transport": "{city} Community Wheels",
    "sport": "{city} Active Together",
    "learning": "{city} Learning Exchange",
    "housing": "{city} Housing Aid",
    "volunteering": "{city} Volunteer Centre",
    "send": "{city} Family SEND Network",
}
FAITH_GROUPS = (
    "St {saint}'s Church", "St {saint}'s Church", "St {saint}'s Church",
    "{area} Methodist Church", "{area} Baptist Church", "{area} United Reformed Church",
    "{area} Quaker Meeting", "{area} Islamic Centre",
)  # fmt: skip
ORG_DESCRIPTIONS = {
    "council": "The {team} team of {city} Council.",
    "nhs": "An NHS body providing community and primary care services in {city}.",
    "gp": "A GP practice serving {area} and the surrounding area.",
    "charity": "A local charity working across {city}.",
    "faith": "A faith community in {area} that runs groups open to everyone.",
    "community": "A volunteer-run community group in {area}.",
}
NOT_REAL = " Invented for the Locality demo: not a real organisation."
PREFERRED_VENUE = {
    "faith": "church-hall",
    "gp": "gp-surgery",
    "council:libraries": "library",
    "local:{area} Community Association": "community-centre",
}
COUNTERPART = {"council": ("nhs", "community"), "nhs": ("council", "ph"), "gp": ("council", "ph")}


# --- templates -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Template:
    key: str
    names: tuple[str, ...]
    providers: tuple[str, ...]
    venues: tuple[str, ...]
    needs: tuple[str, ...]
    description: str
    weight: float = 1.0
    kind: str = SERVICE
    audience: str = "all"  # all, children, older, deprived, central
    ages: tuple[int | None, int | None] = (None, None)
    schedule: str = "daytime-1"
    cost: tuple[float, tuple[float, ...], str] = (0.0, (), "")
    access: str = "Just turn up."
    mode: str = "in_person"  # in_person, online, phone
    sites: int = 1  # 0 single site, 1 usually one, 2 often several
    shared: bool = False  # listed by both council and NHS: a duplicate candidate
    confidential: bool = False
    per_city: int = 0  # at most this many per town (0: no limit)
    self_venue: bool = False  # the asset is the venue itself
    extra_languages: float = 1.0


T = _Template
N = "social-isolation."
MW = "mental-wellbeing."
PA = "physical-activity."
HE = "healthy-eating."
MD = "money-debt."
HH = "housing-home."
CA = "caring."
LT = "long-term-conditions."
FM = "falls-mobility."
ES = "employment-skills."
FC = "family-children."
DI = "digital-inclusion."
SU = "substance-use."
DA = "domestic-abuse-safety."
FREE_OR_DONATION = (0.3, (1.0, 1.5, 2.0), "suggested donation per session")

TEMPLATES: tuple[_Template, ...] = (
    # --- social isolation
    T("befriending", ("{area} Befriending Scheme", "Good Neighbours Befriending — {area}"),
      ("charity:befriending", "charity:older"), ("office", "community-centre"),
      (N + "befriending", N + "social-groups"),
      "Volunteers who visit or phone someone who feels lonely every week, for a chat and "
      "company. Volunteers are checked and trained.", 2.5, ages=(18, None), schedule="office",
      access="Refer yourself, or ask anyone who supports you to refer you.", sites=0),
    T("social-prescribing", ("Social Prescribing — {area}", "{area} Social Prescribing Link "
      "Workers"), ("nhs:pcn", "council:communities"), ("gp-surgery", "health-centre"),
      (N + "social-groups", MW + "peer-support", MD + "benefits-advice"),
      "Link workers who spend time with you to find out what matters to you and connect you "
      "with local groups, activities and advice.", 2.5, ages=(18, None), schedule="office",
      access="Ask your GP practice, or refer yourself.", sites=2, shared=True),
    T("local-area-coordination", ("Local Area Coordination — {area}",),
      ("council:communities",), ("council-hub", "community-centre", "library"),
      (N + "social-groups", N + "volunteering", HH + "tenancy-support"),
      "A local area coordinator helps people find their own solutions and connect with "
      "neighbours and community groups, without the need for an assessment.", 1.5,
      ages=(18, None), schedule="office", access="Contact the coordinator directly.",
      shared=True),
    T("coffee-morning", ("{area} Coffee Morning", "Coffee and Chat at {venue}",
                         "Coffee Morning at {venue}"),
      ("faith", "local:{area} Community Association", "local:{area} Good Neighbours"),
      ("church-hall", "community-centre", "cafe", "library"),
      (N + "social-groups", N + "community-spaces"),
      "A relaxed weekly coffee morning: tea, coffee, cake and friendly faces. Everyone "
      "welcome.", 4.0, cost=FREE_OR_DONATION, sites=0),
    T("craft-group", ("{area} Knit and Natter", "{area} Craft Circle", "Crafty Friends at "
                      "{venue}"),
      ("faith", "local:{area} Community Association"), ("church-hall", "community-centre",
                                                          "library", "cafe"),
      (MW + "creative-activities", N + "social-groups"),
      "Bring your knitting, sewing or any craft, or learn something new. Materials "
      "available.", 2.5, cost=FREE_OR_DONATION, sites=0),
    T("mens-shed", ("{area} Men's Shed", "{area} Community Shed"),
      ("local:{area} Men's Shed Group",), ("community-centre", "office"),
      (N + "social-groups", MW + "peer-support"),
      "A workshop space to make, mend and chat shoulder to shoulder. Open to all adults.",
      1.2, ages=(18, None), schedule="daytime-2", cost=(0.5, (2.0, 3.0), "per session"),
      sites=0),
    T("volunteering", ("Volunteering Drop-in — {area}", "{city} Volunteer Centre at {venue}"),
      ("charity:volunteering",), ("library", "community-centre", "office"),
      (N + "volunteering", ES + "job-support"),
      "Find a volunteering role that suits you. Advisers help you choose and get started.",
      1.0, ages=(16, None)),
    # --- mental wellbeing
    T("talking-therapies", ("{city} Talking Therapies — {area} Clinic",
                            "Talking Therapies at {venue}"),
      ("nhs:mental",), ("health-centre", "gp-surgery"), (MW + "talking-therapies",),
      "Free NHS talking therapies for common problems such as stress, anxiety and low "
      "mood, one to one or in groups.", 1.5, ages=(16, None), schedule="office",
      access="Refer yourself online or by phone, or ask your GP.", sites=2),
    T("peer-support", ("{area} Mental Health Peer Support", "Mind Matters Group — {area}",
                       "{area} Anxiety Support Group"),
      ("charity:mind",), ("community-centre", "church-hall", "office"),
      (MW + "peer-support", N + "social-groups"),
      "A friendly group for people living with mental health problems, run by people with "
      "lived experience.", 2.0, ages=(18, None), schedule="evening-1"),
    T("crisis-cafe", ("{city} Crisis Café", "{city} Safe Haven"),
      ("nhs:mental", "charity:mind"), ("office", "health-centre"),
      (MW + "crisis-support",),
      "An evening drop-in for anyone in emotional distress or mental health crisis. No "
      "appointment needed.", 0.4, audience="central", ages=(16, None), schedule="evenings",
      per_city=2),
    T("bereavement", ("{area} Bereavement Café", "Bereavement Support Group — {area}"),
      ("faith", "charity:mind"), ("church-hall", "community-centre", "cafe"),
      (MW + "bereavement", N + "social-groups"),
      "A safe, relaxed space to talk with others who have lost someone close.", 1.5,
      ages=(18, None)),
    T("arts-wellbeing", ("{area} Arts for Wellbeing", "Creative Minds {area}",
                         "{area} Community Choir"),
      ("charity:mind", "local:{area} Community Association"),
      ("community-centre", "church-hall", "library"),
      (MW + "creative-activities", N + "social-groups"),
      "Creative sessions to relax, learn and connect. No experience needed.", 2.0,
      cost=(0.3, (2.0, 3.0, 4.0), "per session")),
    # --- physical activity
    T("health-walk", ("{area} Health Walk", "{area} Walking Group", "Walk and Talk {area}"),
      ("council:ph", "local:{area} Walkers"), ("park", "community-centre", "library"),
      (PA + "walking", N + "social-groups", PA + "green-spaces"),
      "A short, friendly led walk at an easy pace on paths, followed by a cuppa.", 3.5,
      schedule="morning-1", shared=True, sites=0),
    T("chair-exercise", ("Chair-Based Exercise at {venue}", "Seated Exercise {area}",
                         "{area} Gentle Movement"),
      ("charity:older", "council:ph", "local:{area} Community Association"),
      ("church-hall", "community-centre", "village-hall"),
      (PA + "gentle-exercise", FM + "falls-prevention"),
      "Gentle exercise to music, mostly seated, to improve strength, balance and "
      "confidence.", 2.5, audience="older", ages=(60, None),
      cost=(0.6, (2.0, 2.5, 3.0), "per class")),
    T("falls-prevention", ("Strength and Balance — {area}", "Falls Prevention Programme — "
                           "{area}"),
      ("council:asc", "nhs:community"), ("health-centre", "community-centre",
                                          "sports-centre"),
      (FM + "falls-prevention", PA + "gentle-exercise"),
      "A 24-week strength and balance programme for people who have fallen or are worried "
      "about falling, led by trained instructors.", 1.8, audience="older", ages=(65, None),
      schedule="daytime-2", access="Referral from a GP, physiotherapist or social "
      "prescriber; or refer yourself.", shared=True, sites=2),
    T("junior-sport", ("{area} Junior Football", "{area} Juniors Multi-Sports",
                       "{area} Netball Club (Juniors)"),
      ("local:{area} Sports Club", "charity:sport"), ("playing-field", "school",
                                                       "sports-centre"),
      (PA + "sport-leisure", FC + "youth-activities"),
      "Coached sessions for children and young people of all abilities.", 2.0,
      audience="children", ages=(6, 16), schedule="weekend",
      cost=(0.8, (2.0, 3.0, 4.0), "per session"), sites=0),
    T("adult-sport", ("{area} Walking Football", "{area} Bowls Club", "{area} Badminton "
                      "Club", "{area} Table Tennis Club"),
      ("local:{area} Sports Club", "charity:sport"), ("sports-centre", "playing-field",
                                                       "community-centre"),
      (PA + "sport-leisure", N + "social-groups"),
      "A friendly club for adults. Equipment can be borrowed and beginners are welcome.",
      2.0, ages=(18, None), schedule="evening-1", cost=(0.8, (3.0, 4.0, 5.0), "per session"),
      sites=0),
    T("active-sessions", ("Active {area} Sessions", "{area} Swim and Gym Sessions"),
      ("council:ph", "charity:sport"), ("sports-centre",),
      (PA + "sport-leisure", HE + "weight-management"),
      "Low-cost swimming and gym sessions with concessions for people on low incomes.", 1.2,
      ages=(16, None), schedule="daytime-2", cost=(1.0, (2.5, 3.5, 4.5), "per session")),
    # --- healthy eating and food
    T("food-bank", ("{area} Food Bank", "Food Bank at {venue}"),
      ("faith", "charity:food"), ("church-hall", "community-centre"),
      (HE + "emergency-food", MD + "crisis-grants"),
      "Emergency food parcels for people in crisis, with signposting to money and debt "
      "advice.", 2.5, audience="deprived", schedule="daytime-2",
      access="Bring a food bank voucher from an agency such as your GP, social prescriber, "
      "Citizens Advice or the council.", sites=0),
    T("pantry", ("{area} Community Pantry", "{area} Food Club", "Pantry at {venue}"),
      ("charity:food", "local:{area} Community Association"), ("community-centre",
                                                                "church-hall", "cafe"),
      (HE + "community-pantries", MD + "budgeting"),
      "A membership food club: pay a small weekly amount and choose groceries worth much "
      "more.", 2.2, audience="deprived", cost=(1.0, (3.5, 4.0, 5.0), "per weekly shop"),
      access="Join on your first visit. Live in the area.", sites=0),
    T("cooking", ("Cook and Eat {area}", "{area} Cooking on a Budget"),
      ("council:ph", "charity:food"), ("community-centre", "school"),
      (HE + "cooking-skills", HE + "weight-management", MD + "budgeting"),
      "A six-week course: cook healthy, low-cost meals together and take the recipes home.",
      1.3, ages=(16, None), schedule="course"),
    T("weight-management", ("{city} Healthy Weight Programme — {area}",
                            "Healthy Weight Group at {venue}"),
      ("nhs:community", "council:ph"), ("health-centre", "community-centre"),
      (HE + "weight-management", LT + "diabetes", PA + "gentle-exercise"),
      "A free 12-week programme on eating well and moving more, with weekly weigh-ins.",
      1.4, ages=(18, None), schedule="course", access="Referral from your GP practice, or "
      "refer yourself if your BMI is over 30.", shared=True, sites=2),
    T("holiday-club", ("{area} Holiday Club", "Holiday Activities and Food — {area}"),
      ("council:family", "charity:youth", "local:{area} Community Association"),
      ("school", "community-centre", "youth-centre"),
      (HE + "holiday-food", FC + "youth-activities"),
      "School holiday activities with a free healthy lunch. Free for children who get "
      "benefits-related free school meals.", 1.8, audience="children", ages=(5, 16),
      schedule="holiday", access="Book through the school or the organiser."),
    # --- money and debt
    T("benefits-advice", ("Benefits Advice Drop-in — {area}", "Welfare Rights at {venue}"),
      ("council:money", "charity:money"), ("library", "community-centre", "council-hub",
                                            "office"),
      (MD + "benefits-advice", MD + "debt-advice"),
      "Free, confidential help to check what you are entitled to, make claims and "
      "challenge decisions.", 2.5, audience="deprived", ages=(18, None), sites=2),
    T("debt-advice", ("Debt Advice — {area}", "{area} Money Matters"),
      ("charity:money",), ("office", "community-centre", "library"),
      (MD + "debt-advice", MD + "budgeting"),
      "Free, confidential debt advice: we help you deal with creditors and make a plan.",
      1.8, audience="deprived", ages=(18, None), access="Phone for an appointment."),
    T("energy-advice", ("Warm Homes Advice — {area}", "{area} Energy Advice Drop-in"),
      ("council:housing", "charity:money"), ("library", "community-centre"),
      (MD + "energy-bills", HH + "repairs-adaptations"),
      "Help with energy bills, debt with suppliers, grants for insulation and heating, and "
      "keeping warm for less.", 1.3, audience="deprived"),
    T("warm-space", ("Warm Space at {venue}", "{area} Warm Welcome"),
      ("faith", "council:libraries", "local:{area} Community Association"),
      ("church-hall", "library", "community-centre", "cafe"),
      (N + "community-spaces", MD + "energy-bills", N + "social-groups"),
      "A warm, welcoming place to spend time with a hot drink, wi-fi and company. No need "
      "to book.", 2.2, schedule="drop-in", sites=0),
    T("crisis-grants", ("{city} Financial Assistance Scheme",),
      ("council:money",), ("council-hub",), (MD + "crisis-grants", HE + "emergency-food"),
      "Emergency help with food, fuel and essential household items for residents in "
      "financial crisis.", 0.2, audience="central", ages=(16, None), schedule="office",
      mode="phone", per_city=1, access="Apply by phone or online."),
    # --- housing
    T("housing-options", ("{city} Council Housing Options", "Housing Options Drop-in — {area}"),
      ("council:housing",), ("council-hub",), (HH + "housing-options", HH + "tenancy-support"),
      "Advice for anyone homeless or at risk of losing their home, including emergency "
      "accommodation.", 0.5, audience="central", ages=(16, None), schedule="office",
      per_city=3),
    T("tenancy-support", ("{area} Tenancy Sustainment", "Tenancy Support — {area}"),
      ("council:housing", "charity:housing"), ("office", "council-hub", "community-centre"),
      (HH + "tenancy-support", MD + "budgeting"),
      "Practical help to set up and keep your home: bills, benefits, repairs and "
      "neighbours.", 1.3, audience="deprived", ages=(16, None), schedule="office",
      access="Referral from a housing officer, support worker or social prescriber."),
    T("handyperson", ("{city} Handyperson Service", "Home Repairs and Adaptations — {area}"),
      ("council:housing", "charity:older"), ("office",),
      (HH + "repairs-adaptations", FM + "falls-prevention", FM + "equipment"),
      "Small repairs and safety adaptations such as grab rails and key safes for older and "
      "disabled people.", 0.8, audience="older", ages=(60, None), schedule="office",
      cost=(0.5, (15.0, 20.0), "per hour, materials extra"), per_city=2),
    T("home-from-hospital", ("Home from Hospital — {area}", "{city} Hospital to Home"),
      ("charity:older", "nhs:community"), ("office", "health-centre"),
      (HH + "home-from-hospital", N + "befriending"),
      "Up to six weeks of practical and social support when you come home from hospital.",
      0.9, audience="older", ages=(18, None), schedule="office",
      access="Referral from the hospital ward, your GP or a social prescriber.",
      shared=True),
    # --- caring
    T("carers-group", ("{area} Carers' Group", "Carers' Café {area}"),
      ("charity:carers",), ("community-centre", "church-hall", "cafe"),
      (CA + "carer-support", MW + "peer-support"),
      "Time out for unpaid carers: a cuppa, information and people who understand.", 2.0,
      ages=(18, None)),
    T("carers-advice", ("Carers' Assessment and Advice — {area}", "{city} Carers' Advice Line"),
      ("council:asc", "charity:carers"), ("office", "council-hub"),
      (CA + "carer-advice", CA + "carer-support"),
      "Carer's assessments, information about your rights and help to plan for "
      "emergencies.", 1.0, ages=(18, None), schedule="office", shared=True),
    T("day-centre", ("{area} Day Centre", "{area} Day Opportunities"),
      ("council:asc", "charity:older"), ("community-centre", "church-hall"),
      (CA + "respite", LT + "dementia", N + "social-groups"),
      "Day care with activities, lunch and personal care, giving carers a regular break.",
      1.3, audience="older", ages=(60, None), schedule="weekdays",
      cost=(0.8, (28.0, 35.0, 45.0), "per day, including lunch"),
      access="Referral through a social care assessment, or contact us to self-fund."),
    T("young-carers", ("{city} Young Carers — {area} Group",),
      ("charity:carers", "council:family"), ("youth-centre", "community-centre"),
      (CA + "young-carers", FC + "youth-activities"),
      "Activities, trips and a listening ear for young people who care for someone at "
      "home.", 0.9, audience="children", ages=(8, 18), schedule="evening-1"),
    # --- long-term conditions
    T("diabetes", ("Diabetes Education — {area}", "Type 2 Diabetes Prevention — {area}"),
      ("nhs:community", "gp"), ("health-centre", "gp-surgery"),
      (LT + "diabetes", LT + "self-management", HE + "weight-management"),
      "A free course for people with, or at risk of, type 2 diabetes: food, activity and "
      "looking after yourself.", 1.3, ages=(18, None), schedule="course",
      access="Referral from your GP practice.", shared=True, sites=2),
    T("better-breathing", ("{area} Better Breathing Group", "Pulmonary Rehabilitation — "
                           "{area}"),
      ("nhs:community",), ("health-centre", "sports-centre", "community-centre"),
      (LT + "heart-lung", PA + "gentle-exercise"),
      "Exercise and education for people with COPD and other lung conditions.", 0.9,
      ages=(18, None), schedule="daytime-2", access="Referral from your GP or nurse.",
      sites=2),
    T("cardiac-rehab", ("Cardiac Rehabilitation — {area}",),
      ("nhs:community",), ("health-centre", "sports-centre"),
      (LT + "heart-lung", PA + "gentle-exercise"),
      "Supervised exercise and advice after a heart attack or heart surgery.", 0.7,
      ages=(18, None), schedule="daytime-2", access="Referral from the hospital.",
      sites=2),
    T("memory-cafe", ("{area} Memory Café", "Dementia Café at {venue}"),
      ("charity:dementia", "faith"), ("church-hall", "community-centre", "cafe"),
      (LT + "dementia", CA + "carer-support", N + "social-groups"),
      "A relaxed café for people living with dementia and the people who care for them.",
      1.8, audience="older"),
    T("dementia-advice", ("Dementia Advice and Support — {area}",
                          "{city} Memory Support Service"),
      ("council:asc", "nhs:mental"), ("health-centre", "office"),
      (LT + "dementia", CA + "carer-advice"),
      "Advice, planning and support after a dementia diagnosis, for the person and their "
      "family.", 0.8, ages=(18, None), schedule="office", shared=True),
    T("self-management", ("Living Well with a Long-Term Condition — {area}",),
      ("nhs:community",), ("health-centre", "library", "community-centre"),
      (LT + "self-management", LT + "persistent-pain", MW + "peer-support"),
      "A six-week course to build confidence in managing any long-term condition.", 0.9,
      ages=(18, None), schedule="course", access="Refer yourself or ask your GP."),
    T("pain-group", ("{area} Living with Pain Group",),
      ("nhs:community", "charity:mind"), ("health-centre", "community-centre"),
      (LT + "persistent-pain", MW + "peer-support"),
      "Peer support and practical tips for living well with persistent pain.", 0.7,
      ages=(18, None)),
    T("health-check", ("NHS Health Check at {venue}", "Health Checks — {area}"),
      ("gp", "council:ph"), ("gp-surgery", "pharmacy", "library"),
      (LT + "heart-lung", LT + "diabetes"),
      "A free check for adults aged 40 to 74 to spot early signs of stroke, kidney "
      "disease, heart disease, type 2 diabetes or dementia.", 1.3, ages=(40, 74),
      schedule="daytime-2", access="Book with your GP practice when invited, or drop in.",
      shared=True),
    # --- falls and mobility
    T("equipment", ("{city} Community Equipment Service",),
      ("council:asc", "nhs:community"), ("office",), (FM + "equipment", FM +
                                                       "falls-prevention"),
      "Loan of equipment for daily living at home, such as walking frames, bath seats and "
      "beds, after an assessment.", 0.2, audience="central", schedule="office", per_city=1,
      access="Referral from an occupational therapist, nurse or social worker.",
      shared=True),
    T("community-transport", ("{city} Dial-a-Ride", "{area} Volunteer Car Scheme"),
      ("charity:transport",), ("office",), (FM + "community-transport",
                                            N + "social-groups"),
      "Door-to-door transport for people who find buses hard to use, for shopping, "
      "appointments and social activities.", 0.9, ages=(18, None), schedule="weekdays",
      cost=(1.0, (3.0, 4.0, 6.0), "per single trip"), access="Register by phone, then book "
      "trips a day ahead."),
    T("sensory", ("Sight and Hearing Drop-in — {area}", "Hearing Aid Clinic at {venue}"),
      ("charity:sensory", "nhs:community"), ("library", "health-centre", "community-centre"),
      (FM + "sensory-loss", FM + "equipment"),
      "Advice, equipment demonstrations and hearing aid maintenance (new tubing and "
      "batteries).", 1.0, ages=(18, None), extra_languages=3.0),
    # --- employment and skills
    T("job-club", ("{area} Job Club", "Work and Skills Hub — {area}"),
      ("council:learning", "charity:learning"), ("library", "community-centre",
                                                  "council-hub"),
      (ES + "job-support", DI + "digital-skills"),
      "Help with job searching, CVs, applications and interviews, with computers to use.",
      1.8, audience="deprived", ages=(16, 66)),
    T("adult-learning", ("{area} Adult Learning: Maths", "{area} Adult Learning: English",
                         "{area} Adult Learning: Confidence Building",
                         "{area} Adult Learning: Creative Writing"),
      ("council:learning",), ("library", "community-centre", "school"),
      (ES + "adult-learning", MW + "creative-activities"),
      "Friendly courses for adults. Maths and English are free; other courses have "
      "concessions.", 1.8, ages=(19, None), schedule="course",
      cost=(0.4, (35.0, 60.0, 85.0), "per course, concessions available"),
      access="Enrol online, by phone or at the first session."),
    T("esol", ("{area} English Conversation Club", "ESOL Classes — {area}"),
      ("charity:learning", "faith", "council:learning"), ("library", "church-hall",
                                                           "community-centre"),
      (ES + "esol", N + "social-groups"),
      "Practise everyday English in a friendly group, from beginner to confident.", 1.3,
      ages=(16, None), extra_languages=6.0),
    # --- family and children
    T("stay-and-play", ("Stay and Play at {venue}", "{area} Baby and Toddler Group",
                        "{area} Tots"),
      ("faith", "council:family", "local:{area} Community Association"),
      ("church-hall", "community-centre", "library"), (FC + "early-years",
                                                       N + "social-groups"),
      "Play, songs and a snack for babies and toddlers, and a cuppa for parents and "
      "carers.", 3.2, audience="children", ages=(0, 4), schedule="morning-1",
      cost=(0.6, (1.0, 1.5, 2.0), "per family"), sites=0),
    T("parenting", ("Parenting Together — {area}", "{area} Family Hub Parenting Course"),
      ("council:family", "nhs:community"), ("community-centre", "school", "health-centre"),
      (FC + "parenting", MW + "peer-support"),
      "A free group course for parents and carers on routines, behaviour and looking after "
      "yourself.", 1.4, audience="children", ages=(16, None), schedule="course",
      shared=True),
    T("infant-feeding", ("{area} Infant Feeding Drop-in", "Baby Feeding Support — {area}"),
      ("nhs:community", "council:family"), ("health-centre", "community-centre"),
      (FC + "infant-feeding", FC + "early-years"),
      "Health visitors and peer supporters help with breastfeeding and bottle feeding.",
      1.0, audience="children", schedule="morning-1", shared=True),
    T("youth-club", ("{area} Youth Club", "Youth Night at {venue}", "{area} Junior Youth Club"),
      ("council:family", "charity:youth", "faith"), ("youth-centre", "community-centre",
                                                      "church-hall"),
      (FC + "youth-activities", N + "social-groups"),
      "Games, sport, music and a safe place to hang out with youth workers.", 2.8,
      audience="children", ages=(11, 18), schedule="evening-2",
      cost=(0.4, (0.5, 1.0), "per session"), sites=0),
    T("send-support", ("{area} Inclusive Play Scheme", "SEND Family Support — {area}"),
      ("charity:send", "council:family"), ("school", "community-centre", "youth-centre"),
      (FC + "send", FC + "parenting"),
      "Activities and support for disabled children and young people and their families.",
      1.0, audience="children", ages=(0, 25), schedule="weekend"),
    # --- digital inclusion
    T("digital-drop-in", ("Digital Drop-in at {venue}", "Get Online {area}"),
      ("council:libraries", "charity:digital"), ("library", "community-centre", "cafe"),
      (DI + "digital-skills", DI + "online-access"),
      "Bring your phone, tablet or laptop and get one-to-one help to get online, use apps "
      "and stay safe.", 2.2),
    T("device-bank", ("{city} Device Bank",),
      ("charity:digital",), ("office",), (DI + "devices-data", DI + "digital-skills"),
      "Free refurbished laptops, tablets and data SIMs for people who cannot afford them.",
      0.2, audience="central", schedule="office", per_city=1,
      access="Referral from any support worker, school or social prescriber."),
    # --- substance use
    T("stop-smoking", ("Stop Smoking Clinic at {venue}", "{city} Stop Smoking Service — "
                       "{area}"),
      ("council:ph", "gp"), ("pharmacy", "gp-surgery", "health-centre"),
      (SU + "stop-smoking",), "Free support to stop smoking: a weekly adviser session, "
      "nicotine replacement and vapes.", 1.8, ages=(12, None), schedule="daytime-2",
      shared=True, sites=2),
    T("alcohol", ("Alcohol Support — {area}", "Drink Less {area}"),
      ("charity:recovery", "nhs:mental"), ("office", "health-centre"),
      (SU + "alcohol", SU + "recovery"),
      "Advice and treatment for anyone worried about their own or someone else's drinking.",
      0.8, ages=(18, None), schedule="office", access="Refer yourself or ask your GP."),
    T("drug-service", ("{city} Drug and Alcohol Service",),
      ("charity:recovery",), ("office",), (SU + "drugs", SU + "alcohol"),
      "Treatment, harm reduction and needle exchange for people who use drugs.", 0.3,
      audience="central", ages=(18, None), schedule="office", per_city=1,
      access="Just turn up or phone."),
    T("recovery", ("{area} Recovery Café", "Mutual Aid Recovery Meeting — {area}"),
      ("charity:recovery", "local:{area} Recovery Group"), ("community-centre",
                                                             "church-hall", "cafe"),
      (SU + "recovery", MW + "peer-support"),
      "A friendly, alcohol- and drug-free space for people in recovery and their families.",
      0.9, ages=(18, None), schedule="evening-1", sites=0),
    # --- domestic abuse and safety
    T("da-outreach", ("Domestic Abuse Outreach — {area}", "{city} Domestic Abuse Drop-in"),
      ("charity:da",), ("office", "health-centre"),
      (DA + "domestic-abuse",),
      "Confidential advice, safety planning and advocacy for anyone experiencing domestic "
      "abuse.", 0.6, ages=(16, None), schedule="office",
      access="Phone or drop in. If you are in danger, call 999."),
    T("scams", ("Scams Awareness Session — {area}",),
      ("council:communities",), ("library", "community-centre", "church-hall"),
      (DA + "scams", DI + "digital-skills"),
      "Learn how to spot and report scams on the phone, online and at the door.", 0.7,
      audience="older", schedule="monthly"),
    T("hate-crime", ("Hate Crime Reporting Centre at {venue}",),
      ("council:communities", "faith"), ("library", "council-hub", "community-centre"),
      (DA + "hate-crime",),
      "A safe place to report hate crime and get support, with or without involving the "
      "police.", 0.5, schedule="weekdays"),
    # --- online and phone-only
    T("mh-helpline", ("{city} Mental Health Helpline",), ("nhs:mental",), (),
      (MW + "crisis-support", MW + "talking-therapies"),
      "Free, round-the-clock phone support for anyone in mental health crisis.", 0.15,
      ages=(16, None), schedule="24-7", mode="phone", per_city=1,
      access="Phone at any time."),
    T("da-helpline", ("{city} Domestic Abuse Helpline",), ("charity:da",), (),
      (DA + "domestic-abuse",),
      "Confidential phone support and safety advice. If you are in danger, call 999.", 0.15,
      ages=(16, None), schedule="office", mode="phone", per_city=1),
    T("money-line", ("{city} Money Advice Line",), ("charity:money",), (),
      (MD + "debt-advice", MD + "benefits-advice"),
      "Free phone advice on debts, benefits and budgeting.", 0.15, ages=(18, None),
      schedule="office", mode="phone", per_city=1),
    T("phone-befriending", ("{city} Telephone Befriending",), ("charity:befriending",), (),
      (N + "befriending",),
      "A regular friendly phone call from a trained volunteer.", 0.15, ages=(18, None),
      schedule="office", mode="phone", per_city=1),
    T("online-peer", ("{city} Online Peer Support: Anxiety",
                      "{city} Online Peer Support: Low Mood",
                      "{city} Online Peer Support: Long Covid", "{city} Online Carers' Group",
                      "{city} Online Carers' Evening", "{city} Online Parents' Circle"),
      ("charity:mind", "charity:carers"), (), (MW + "peer-support", CA + "carer-support"),
      "A weekly video call peer support group: join from home.", 1.2, ages=(18, None),
      schedule="evening-1", mode="online", per_city=6),
    T("online-skills", ("{city} Online Digital Skills Course",
                        "Learn Online in {city}: Money and Budgeting",
                        "Learn Online in {city}: Staying Safe Online",
                        "Learn Online in {city}: Using the NHS App",
                        "Learn Online in {city}: Video Calls with Family"),
      ("charity:digital", "council:learning"), (), (DI + "digital-skills", MD + "budgeting"),
      "A short online course you can follow at your own pace, with a weekly live session.",
      1.0, ages=(16, None), schedule="evening-1", mode="online", per_city=5),
    # --- confidential (only through the confidential quota)
    T("refuge", ("{city} Safe Homes Refuge", "Safe Accommodation for Women and Children",
                 "{city} Women's Refuge", "Refuge for Women and Children", "{city} Family Refuge"),
      ("charity:da",), ("refuge",), (DA + "refuge", DA + "domestic-abuse"),
      "Safe, short-term accommodation for women and children fleeing domestic abuse. The "
      "address is confidential.", 0.0, ages=(16, None), schedule="24-7",
      access="Referral through the domestic abuse helpline or the police.",
      confidential=True, sites=0),
    T("safe-house", ("Young People's Safe House", "{city} Safe Stay", "{city} Youth Safe House",
                     "Safe Beds for Young People"),
      ("charity:youth",), ("refuge",), (DA + "refuge", HH + "housing-options"),
      "Emergency safe accommodation for young people aged 16 to 25 at risk. The address "
      "is confidential.", 0.0, ages=(16, 25), schedule="24-7",
      access="Referral through children's or housing services.", confidential=True,
      sites=0),
    T("sv-support", ("Sexual Violence Support Service", "{city} Survivors' Support",
                     "Survivors' Counselling Service", "{city} Sexual Violence Advocacy"),
      ("charity:da",), ("refuge",), (DA + "domestic-abuse", MW + "talking-therapies"),
      "Counselling and advocacy for survivors of sexual violence at a confidential venue.",
      0.0, ages=(13, None), schedule="office", confidential=True, sites=0),
    # --- community assets
    T("park", (), ("council:parks", "local:Friends of {venue}"), ("park",),
      (PA + "green-spaces", PA + "walking"),
      "A public park with paths, benches and a play area. Free to visit.", 4.0,
      kind=COMMUNITY_ASSET, schedule="daily", self_venue=True, sites=0),
    T("community-centre", (), ("local:{area} Community Association", "council:communities"),
      ("community-centre",), (N + "community-spaces", N + "social-groups"),
      "A community building with rooms to hire and regular groups for all ages.", 4.0,
      kind=COMMUNITY_ASSET, schedule="centre", self_venue=True, sites=0),
    T("village-hall", (), ("local:{area} Village Hall Trust",), ("village-hall",),
      (N + "community-spaces", N + "social-groups"),
      "The village hall: a meeting place for clubs, classes and events.", 1.2,
      kind=COMMUNITY_ASSET, schedule="centre", self_venue=True, sites=0),
    T("library", (), ("council:libraries",), ("library",),
      (N + "community-spaces", DI + "online-access", ES + "adult-learning"),
      "Books, free wi-fi and computers, and a warm space to read, work or meet.", 1.5,
      kind=COMMUNITY_ASSET, schedule="library", self_venue=True, sites=0),
    T("allotments", (), ("council:parks", "local:{area} Allotment Society"), ("allotment",),
      (PA + "gardening", PA + "green-spaces"),
      "Allotment plots to rent, with a waiting list. Half plots and raised beds available.",
      1.4, kind=COMMUNITY_ASSET, schedule="daily", cost=(1.0, (35.0, 50.0, 70.0), "per "
      "plot per year"), self_venue=True, sites=0),
    T("community-garden", (), ("local:{area} Community Garden Group",), ("garden",),
      (PA + "gardening", N + "volunteering", MW + "creative-activities"),
      "A community garden where anyone can help grow food and flowers. Tools provided.",
      1.4, kind=COMMUNITY_ASSET, schedule="daytime-2", self_venue=True, sites=0),
    T("community-cafe", (), ("local:{area} Community Association", "charity:food"),
      ("cafe",), (N + "community-spaces", HE + "community-pantries"),
      "A pay-as-you-feel community café: good food, low prices and a warm welcome.", 1.2,
      kind=COMMUNITY_ASSET, schedule="drop-in", self_venue=True, sites=0),
    T("playing-field", (), ("council:parks",), ("playing-field",),
      (PA + "sport-leisure", PA + "green-spaces"),
      "Open playing fields with football pitches. Free to use when not booked.", 0.8,
      kind=COMMUNITY_ASSET, schedule="daily", self_venue=True, sites=0),
    T("lunch-club", ("{area} Lunch Club", "Lunch Club at {venue}", "{area} Friendship Lunch"),
      ("faith", "charity:older", "local:{area} Community Association"),
      ("church-hall", "community-centre", "village-hall"),
      (N + "lunch-clubs", N + "social-groups", HE + "community-pantries"),
      "A hot two-course lunch and good company for older people, every week. Transport "
      "can sometimes be arranged.", 4.0, kind=COMMUNITY_ASSET, audience="older",
      ages=(60, None), schedule="lunch", cost=(0.9, (4.0, 4.5, 5.0, 6.0), "per meal"),
      access="Phone to book your first lunch.", sites=0),
)  # fmt: skip
TEMPLATE_BY_KEY = {template.key: template for template in TEMPLATES}
FALLBACK_ASSET = "lunch-club"
RETRIES = 20  # draws before accepting a numbered name


# --- public inputs and helpers ---------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """An LSOA-like area for directories outside York (``place.Lsoa`` works as it is)."""

    code: str
    lat: float
    lon: float
    population: int
    name: str = ""
    ward_name: str = ""
    ward_code: str = ""
    imd_decile: int = 5
    age_0_15: int = 0
    age_60_plus: int = 0
    town: str = ""
    county: str = ""


@dataclass(frozen=True)
class Point:
    """A postcode-like point (``place.Postcode`` works as it is)."""

    pcds: str
    lat: float
    lon: float
    large_user: bool = False


def load_taxonomies(folder: Path | None = None) -> tuple[list[dict], list[dict]]:
    """The Locality taxonomies and all their terms, from ``data/taxonomy``."""
    taxonomies, terms = [], []
    for filename in TAXONOMY_FILES:
        path = Path(folder or TAXONOMY_DIR) / filename
        data = json.loads(path.read_text(encoding="utf-8"))
        taxonomies.append(data["taxonomy"])
        terms.extend(data["taxonomy_terms"])
    return taxonomies, terms


def format_phone(number: int) -> str:
    """A drama-range number in UK national format, e.g. ``01632 960123``."""
    return f"01632 {number}"


def is_stale(
    service: Mapping[str, Any], reference_date: date, days: int = STALE_AFTER_DAYS
) -> bool:
    """True if the service was last assured more than ``days`` before ``reference_date``."""
    assured = service.get("assured_date")
    return not assured or (reference_date - date.fromisoformat(assured)).days > days


def entry_kind(service: Mapping[str, Any]) -> str:
    """``service`` or ``community-asset``, from the service's entry-kind attribute."""
    for attribute in service.get("attributes", ()):
        term = attribute.get("taxonomy_term") or {}
        if term.get("taxonomy") == ENTRY_KIND_TAXONOMY:
            return term["code"]
    return SERVICE


def has_flag(service: Mapping[str, Any], code: str = CONFIDENTIAL) -> bool:
    """True if the service carries this "Locality flags" term (``confidential`` by default)."""
    return any(
        (a.get("taxonomy_term") or {}).get("taxonomy") == FLAGS_TAXONOMY
        and a["taxonomy_term"]["code"] == code
        for a in service.get("attributes", ())
    )


# --- generation internals --------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "").replace("&", "and")).strip("-")


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    x = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 111.2 * math.hypot(x, lat2 - lat1)


@dataclass
class _Place:
    code: str
    area: str
    localities: tuple[str, ...]
    ward_name: str
    ward_code: str
    quarter: str
    city: str
    county: str
    lat: float
    lon: float
    points: list[Any]
    large_points: list[Any]
    population: int
    children_share: float
    older_share: float
    imd_decile: int
    distance_km: float = 0.0
    gap: bool = False


@dataclass
class _Venue:
    id: str
    kind: str
    name: str
    place: _Place
    point: Any
    address_1: str
    accessibility: tuple[str, ...]
    church: str = ""
    asset: bool = False
    json: dict | None = None


@dataclass
class _Org:
    id: str
    kind: str
    name: str
    description: str
    email: str
    website: str
    phone: int


class _Table:
    """Weighted choice over places by cumulative weights (bisect)."""

    def __init__(self, places: list[_Place], weights: list[float]) -> None:
        pairs = [(p, w) for p, w in zip(places, weights, strict=True) if w > 0]
        self.places = [p for p, _ in pairs]
        self.cumulative = list(accumulate(w for _, w in pairs))

    def pick(self, rng: random.Random) -> _Place:
        total = self.cumulative[-1]
        index = bisect_right(self.cumulative, rng.random() * total)
        return self.places[min(index, len(self.places) - 1)]


def _area_name(lsoa: Any) -> str:
    ward = getattr(lsoa, "ward_name", "") or ""
    if ward:
        return ward
    name = getattr(lsoa, "name", "") or lsoa.code
    return re.sub(r"\s+\d{3}[A-Z]$", "", name)


def _prepare_places(
    lsoas: Sequence[Any], postcodes: Mapping[str, Sequence[Any]], seed: int, city: str,
    county: str,
) -> list[_Place]:  # fmt: skip
    gap_rng = random.Random(f"{seed}/gaps")
    items = sorted((lsoa for lsoa in lsoas if postcodes.get(lsoa.code)), key=lambda x: x.code)
    if not items:
        raise ValueError("no area has any postcodes to place venues at")
    by_town: dict[str, list[Any]] = {}
    for lsoa in items:
        by_town.setdefault(getattr(lsoa, "town", "") or city, []).append(lsoa)
    centres = {town: population_centre(group) for town, group in by_town.items()}
    ward_seen: Counter[str] = Counter()
    places = []
    for lsoa in items:
        town = getattr(lsoa, "town", "") or city
        centre = centres[town]
        ward = _area_name(lsoa)
        localities = YORK_LOCALITIES.get(ward, (ward,)) if town == "York" else (ward,)
        area = localities[ward_seen[ward] % len(localities)]
        ward_seen[ward] += 1
        population = max(int(lsoa.population), 1)
        children = getattr(lsoa, "age_0_15", 0) or 0.16 * population
        older = getattr(lsoa, "age_60_plus", 0) or 0.23 * population
        decile = int(getattr(lsoa, "imd_decile", 5) or 5)
        points = sorted(postcodes[lsoa.code], key=lambda p: p.pcds)
        place = _Place(
            code=lsoa.code, area=area, localities=localities, ward_name=ward,
            ward_code=getattr(lsoa, "ward_code", "") or "",
            quarter=neighbourhood_of(lsoa, centre), city=town,
            county=getattr(lsoa, "county", "") or county, lat=lsoa.lat, lon=lsoa.lon,
            points=points, large_points=[p for p in points if getattr(p, "large_user", False)],
            population=population, children_share=children / population,
            older_share=older / population, imd_decile=decile,
            distance_km=_distance_km(centre[1], centre[0], lsoa.lat, lsoa.lon),
            gap=gap_rng.random() < (0.25 if decile <= 4 else 0.10),
        )  # fmt: skip
        places.append(place)
    return places


def _supply(place: _Place) -> float:
    d = place.distance_km
    weight = place.population * (1 + 1.5 * math.exp(-d / 1.5))
    weight *= 0.6 if d > 6 else 1.0
    return weight * (0.1 if place.gap else 1.0)


AUDIENCE_FACTORS = {
    "all": lambda p: 1.0,
    "children": lambda p: p.children_share / 0.16,
    "older": lambda p: p.older_share / 0.23,
    "deprived": lambda p: (11 - p.imd_decile) / 5.5,
    "central": lambda p: 0.05 + 10 * math.exp(-p.distance_km / 2),
}


class _Generator:
    def __init__(
        self, places: list[_Place], seed: int, reference_date: date, city: str, la_code: str
    ) -> None:
        self.places = places
        self.default_city = city
        self.seed = seed
        self.reference_date = reference_date
        self.la_code = la_code
        self.rng = random.Random(f"{seed}/directory")
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"https://locality.example/demo/{seed}")
        self.namespace_bytes = self.namespace.bytes
        self.tables = {
            audience: _Table(places, [_supply(p) * factor(p) for p in places])
            for audience, factor in AUDIENCE_FACTORS.items()
        }
        quarters: dict[tuple[str, str], list[_Place]] = {}
        for place in places:
            quarters.setdefault((place.city, place.quarter), []).append(place)
        self.quarter_tables = {
            key: _Table(group, [_supply(p) for p in group]) for key, group in quarters.items()
        }
        numbers = list(DRAMA_NUMBERS)
        random.Random(f"{seed}/phones").shuffle(numbers)
        self.numbers = numbers
        self.number_index = 0
        self.orgs: dict[str, _Org] = {}
        self.pools: dict[tuple[str, str], list[_Venue]] = {}
        self.orgs_by_id: dict[str, _Org] = {}
        self.template_of: dict[str, _Template] = {}
        self.place_of: dict[str, _Place] = {}
        self.venue_names: set[str] = set()
        self.service_names: set[str] = set()
        self.name_numbers: dict[str, int] = {}
        self.group_runs: set[tuple[str, str]] = set()
        self.exhausted: set[tuple[str, str, str]] = set()
        self.per_city: Counter[tuple[str, str]] = Counter()
        self.taxonomies, self.terms = load_taxonomies()
        self.term_by_code = {term["code"]: term for term in self.terms}
        self.taxonomy_names = {tax["id"]: tax["name"] for tax in self.taxonomies}
        weights = [(t, t.weight) for t in TEMPLATES if t.kind == SERVICE and t.weight > 0]
        self.service_templates = ([t for t, _ in weights],
                                  list(accumulate(w for _, w in weights)))  # fmt: skip
        weights = [(t, t.weight) for t in TEMPLATES if t.kind == COMMUNITY_ASSET]
        self.asset_templates = ([t for t, _ in weights],
                                list(accumulate(w for _, w in weights)))  # fmt: skip
        self.confidential_templates = [t for t in TEMPLATES if t.confidential]

    # --- small helpers

    def id(self, *parts: object) -> str:
        """uuid5(namespace, "a/b/c") as a string, computed directly because it is hot."""
        name = "/".join(map(str, parts))
        digest = bytearray(hashlib.sha1(self.namespace_bytes + name.encode()).digest()[:16])
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        h = digest.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def spare_number(self) -> int | None:
        """A number no one has yet, if any is left (for a service's direct line)."""
        return self.next_number() if self.number_index < len(self.numbers) else None

    def next_number(self) -> int:
        number = self.numbers[self.number_index % len(self.numbers)]
        self.number_index += 1
        return number

    def pick_template(self, table: tuple[list[_Template], list[float]]) -> _Template:
        templates, cumulative = table
        index = bisect_right(cumulative, self.rng.random() * cumulative[-1])
        return templates[min(index, len(templates) - 1)]

    def street(self) -> str:
        return f"{self.rng.choice(STREET_STEMS)} {self.rng.choice(STREET_SUFFIXES)}"

    # --- venues

    def church_name(self, place: _Place, area: str | None = None) -> str:
        pattern = self.rng.choice(FAITH_GROUPS[:6])  # halls belong to churches
        return pattern.format(saint=self.rng.choice(SAINTS), area=area or place.area)

    def pool(self, place: _Place, kind: str) -> list[_Venue]:
        """The venues of a kind shared by this place: its own, or its locality's."""
        scope = f"{place.city}|{place.area}" if kind in LOCALITY_VENUES else place.code
        return self.pools.setdefault((scope, kind), [])

    def venue_name(self, place: _Place, kind: str) -> tuple[str, str]:
        """A venue name not used before (and, for church halls, the church)."""
        rng = self.rng
        patterns = list(VENUE_NAMES[kind])
        rng.shuffle(patterns)
        areas = (place.area, *[loc for loc in place.localities if loc != place.area])
        for attempt in range(len(areas) * len(patterns) + 10):
            area = areas[min(attempt // len(patterns), len(areas) - 1)]
            church = self.church_name(place, area) if kind == "church-hall" else ""
            name = patterns[attempt % len(patterns)].format(
                area=area, stem=rng.choice(STREET_STEMS), street=self.street(), church=church
            )
            if church.startswith("St "):
                name = f"{name}, {area}"
            if name not in self.venue_names:
                return name, church
        while name in self.venue_names:
            name = f"{name.split(' (')[0]} ({self.street()})"
        return name, church

    def new_venue(self, place: _Place, kind: str) -> _Venue:
        rng = self.rng
        name, church = self.venue_name(place, kind)
        self.venue_names.add(name)
        large = place.large_points if kind in LARGE_USER_VENUES else None
        point = rng.choice(large or place.points)
        number = rng.randint(1, 180)
        address = self.street() if rng.random() < 0.2 else f"{number} {self.street()}"
        access: tuple[str, ...] = ()
        if kind not in NO_ACCESSIBILITY:
            access = tuple(a for a in ACCESSIBILITY if rng.random() < 0.45)
        pool = self.pool(place, kind)
        venue = _Venue(
            id=self.id("location", place.code, kind, len(pool)), kind=kind, name=name,
            place=place, point=point, address_1=address, accessibility=access, church=church,
        )  # fmt: skip
        pool.append(venue)
        return venue

    def venue(self, place: _Place, kind: str) -> _Venue:
        existing = self.pool(place, kind)
        cap = VENUE_CAPS.get(kind, 1)
        if existing and (len(existing) >= cap or self.rng.random() < 0.7):
            return self.rng.choice(existing)
        return self.new_venue(place, kind)

    def asset_venue(self, place: _Place, kind: str) -> _Venue | None:
        """A venue of this kind near the place that is not yet listed as an asset."""
        existing = self.pool(place, kind)
        free = [v for v in existing if not v.asset]
        if free:
            venue = self.rng.choice(free)
        elif len(existing) < VENUE_CAPS.get(kind, 1):
            venue = self.new_venue(place, kind)
        else:
            return None
        venue.asset = True
        return venue

    # --- organisations

    def org(self, spec: str, place: _Place, venue: _Venue | None) -> _Org:
        kind, _, detail = spec.partition(":")
        city = place.city
        if kind == "council":
            team = COUNCIL_TEAMS[detail]
            name = f"{city} Council {team}"
            description = ORG_DESCRIPTIONS["council"].format(team=team, city=city)
        elif kind == "nhs":
            name = NHS_BODIES[detail].format(city=city, quarter=place.quarter)
            description = ORG_DESCRIPTIONS["nhs"].format(city=city)
        elif kind == "charity":
            name = CHARITIES[detail].format(city=city)
            description = ORG_DESCRIPTIONS["charity"].format(city=city)
        elif kind == "gp":
            surgery = venue if venue and venue.kind == "gp-surgery" else None
            surgery = surgery or self.venue(place, "gp-surgery")
            name = surgery.name
            description = ORG_DESCRIPTIONS["gp"].format(area=place.area)
        elif kind == "faith":
            if venue and venue.church:
                church = venue.church
            else:
                church = self.rng.choice(FAITH_GROUPS).format(
                    saint=self.rng.choice(SAINTS), area=place.area
                )
            name = f"{church}, {place.area}" if church.startswith("St ") else church
            description = ORG_DESCRIPTIONS["faith"].format(area=place.area)
        else:  # local:<name pattern>
            kind = "community"
            name = detail.format(area=place.area, venue=venue.name if venue else place.area)
            description = ORG_DESCRIPTIONS["community"].format(area=place.area)
        found = self.orgs.get(name)
        if found:
            return found
        slug = _slug(name)
        org = _Org(
            id=self.id("organization", name), kind=kind, name=name,
            description=description + NOT_REAL, email=f"hello@{slug}.{EMAIL_TLD}",
            website=f"https://{slug}.{EMAIL_TLD}/", phone=self.next_number(),
        )  # fmt: skip
        self.orgs[name] = org
        self.orgs_by_id[org.id] = org
        return org

    # --- HSDS pieces

    def location(self, venue: _Venue) -> dict:
        """The venue as a nested HSDS location (a fresh copy each time)."""
        if venue.json is None:
            place, point, lid = venue.place, venue.point, venue.id
            address = {
                "id": self.id(lid, "address"),
                "location_id": lid,
                "address_1": venue.address_1,
                **({"address_2": place.area} if place.area != place.city else {}),
                "city": place.city,
                "state_province": place.county,
                "postal_code": point.pcds,
                "country": "GB",
                "address_type": "physical",
            }
            venue.json = {
                "id": lid,
                "location_type": "physical",
                "name": venue.name,
                "latitude": point.lat,
                "longitude": point.lon,
                "addresses": [address],
            }
            if venue.accessibility:
                venue.json["accessibility"] = [
                    {"id": self.id(lid, "accessibility", i), "location_id": lid,
                     "description": text}
                    for i, text in enumerate(venue.accessibility)
                ]  # fmt: skip
        location = dict(venue.json)
        location["addresses"] = [dict(a) for a in location["addresses"]]
        if "accessibility" in location:
            location["accessibility"] = [dict(a) for a in location["accessibility"]]
        return location

    def schedule_parts(self, pattern: str) -> list[tuple[str, str, str, str, str]]:
        """(freq, byday, opens_at, closes_at, note) rows for a schedule pattern."""
        rng = self.rng

        def days(pool: Sequence[str], count: int) -> str:
            chosen = set(rng.sample(list(pool), count))
            return ",".join(d for d in ALL_DAYS if d in chosen)

        def slot(starts: Sequence[str], minutes: Sequence[int]) -> tuple[str, str]:
            start = rng.choice(starts)
            h, m = map(int, start.split(":"))
            end = h * 60 + m + rng.choice(minutes)
            return start, f"{end // 60:02d}:{end % 60:02d}"

        weekday_slots = ("09:30", "10:00", "10:30", "11:00", "13:00", "13:30", "14:00")
        if pattern == "office":
            opens, closes = rng.choice((("09:00", "17:00"), ("08:30", "16:30"),
                                        ("09:00", "16:00")))  # fmt: skip
            return [("WEEKLY", ",".join(WEEKDAYS), opens, closes, "")]
        if pattern == "weekdays":
            return [("WEEKLY", ",".join(WEEKDAYS), "09:30", "15:30", "")]
        if pattern in ("daytime-1", "daytime-2"):
            return [("WEEKLY", days(WEEKDAYS, int(pattern[-1])),
                     *slot(weekday_slots, (60, 90, 120)), "")]  # fmt: skip
        if pattern == "morning-1":
            return [
                ("WEEKLY", days(WEEKDAYS, 1), *slot(("09:30", "10:00", "10:30"), (60, 90, 120)), "")
            ]
        if pattern == "lunch":
            return [("WEEKLY", days(WEEKDAYS, rng.choice((1, 1, 2))),
                     *slot(("11:30", "12:00"), (120, 150)), "")]  # fmt: skip
        if pattern in ("evening-1", "evening-2"):
            return [("WEEKLY", days(WEEKDAYS, int(pattern[-1])),
                     *slot(("18:00", "18:30", "19:00"), (90, 120)), "")]  # fmt: skip
        if pattern == "evenings":
            return [("WEEKLY", ",".join(ALL_DAYS), "18:00", "23:00", "")]
        if pattern == "weekend":
            return [("WEEKLY", rng.choice(("SA", "SU")), *slot(("09:00", "10:00"), (120, 180)), "")]
        if pattern == "drop-in":
            return [("WEEKLY", days(WEEKDAYS, 3), "10:00", "16:00", "")]
        if pattern == "daily":
            return [("WEEKLY", ",".join(ALL_DAYS), "07:00", "21:00", "Closes at dusk in winter.")]
        if pattern == "24-7":
            return [("WEEKLY", ",".join(ALL_DAYS), "00:00", "23:59", "Open 24 hours.")]
        if pattern == "centre":
            return [("WEEKLY", ",".join(WEEKDAYS), "09:00", "21:30", ""),
                    ("WEEKLY", "SA", "09:00", "13:00", "")]  # fmt: skip
        if pattern == "library":
            return [("WEEKLY", days(WEEKDAYS, rng.choice((3, 4, 5))), "09:30", "17:00", ""),
                    ("WEEKLY", "SA", "09:30", "12:30", "")]  # fmt: skip
        if pattern == "course":
            return [
                (
                    "WEEKLY",
                    days(WEEKDAYS, 1),
                    *slot(weekday_slots + ("18:00",), (120,)),
                    "A six-week course; new courses start every school term.",
                )
            ]
        if pattern == "holiday":
            return [
                (
                    "WEEKLY",
                    "MO,TU,WE,TH",
                    "10:00",
                    "14:00",
                    "School holidays only (Easter, summer and Christmas).",
                )
            ]
        if pattern == "monthly":
            ordinal = rng.choice(("1", "2", "3", "-1"))
            return [("MONTHLY", ordinal + rng.choice(WEEKDAYS),
                     *slot(("10:00", "14:00"), (60, 90)), "Once a month.")]  # fmt: skip
        raise ValueError(f"unknown schedule pattern {pattern!r}")

    def schedules(self, template: _Template, owner_id: str, link: dict) -> list[dict]:
        out = []
        for i, (freq, byday, opens, closes, note) in enumerate(
            self.schedule_parts(template.schedule)
        ):
            description = _describe_days(freq, byday) + f", {opens} to {closes}"
            schedule = {
                "id": self.id(owner_id, "schedule", i),
                **link,
                "freq": freq,
                "interval": 1,
                "byday": byday,
                "opens_at": opens,
                "closes_at": closes,
                "description": description + (f". {note}" if note else ""),
            }
            if template.mode == "in_person":
                schedule["attending_type"] = "in person"
            out.append(schedule)
        return out

    def attribute(self, service_id: str, code: str, link_type: str) -> dict:
        term = self.term_by_code[code]
        nested = {**term, "taxonomy": self.taxonomy_names[term["taxonomy_id"]]}
        return {
            "id": self.id(service_id, "attribute", code),
            "link_id": service_id,
            "link_type": link_type,
            "link_entity": "service",
            "taxonomy_term_id": term["id"],
            "taxonomy_term": nested,
        }

    def org_json(self, org: _Org) -> dict:
        return {
            "id": org.id,
            "name": org.name,
            "description": org.description,
            "email": org.email,
            "website": org.website,
        }

    def phone(self, owner_id: str, number: int, description: str, text: str | None = None):
        return {
            "id": self.id(owner_id, "phone", number),
            "service_id": owner_id,
            "number": text or format_phone(number),
            "type": "voice",
            "description": description,
        }

    # --- one entry

    def names_exhausted(self, template: _Template, place: _Place) -> bool:
        """True if every name this template could give here, whatever the venue, is taken."""
        if not template.names or any("{venue}" in p for p in template.names):
            return False
        key = (template.key, place.city, place.area)
        if key in self.exhausted:
            return True
        fields = {"city": place.city, "quarter": place.quarter}
        for area in place.localities:
            for pattern in template.names:
                if pattern.format(area=area, venue="", **fields) not in self.service_names:
                    return False
        self.exhausted.add(key)
        return True

    def name_for(
        self, template: _Template, place: _Place, venue: _Venue | None, numbered_ok: bool = True
    ) -> str | None:
        """A unique name; a numbered one ("... (2)") only if ``numbered_ok``, else None."""
        rng = self.rng
        if template.self_venue and venue is not None:
            name = venue.name
            if name not in self.service_names:
                self.service_names.add(name)
                return name
        patterns = list(template.names) or ["{venue}"]
        rng.shuffle(patterns)
        fields = {"city": place.city, "venue": venue.name if venue else place.area,
                  "quarter": place.quarter}  # fmt: skip
        candidates = []
        for area in (place.area, *[loc for loc in place.localities if loc != place.area]):
            candidates += [p.format(area=area, **fields) for p in patterns]
        for name in candidates:
            if name not in self.service_names:
                break
        else:  # number it, carrying on from the last number used for this name
            if not numbered_ok:
                return None
            base = candidates[0]
            k = self.name_numbers.get(base, 1)
            while name in self.service_names:
                k += 1
                name = f"{base} ({k})"
            self.name_numbers[base] = k
        self.service_names.add(name)
        return name

    def languages(self, service_id: str, template: _Template) -> list[dict]:
        chosen = [ENGLISH] + [
            (name, code) for name, code, chance in LANGUAGES
            if self.rng.random() < min(0.9, chance * template.extra_languages)
        ]  # fmt: skip
        return [
            {"id": self.id(service_id, "language", code), "service_id": service_id,
             "name": name, "code": code}
            for name, code in chosen
        ]  # fmt: skip

    def cost_options(self, service_id: str, template: _Template) -> tuple[list[dict], str]:
        chance, amounts, unit = template.cost
        if amounts and self.rng.random() < chance:
            amount = self.rng.choice(amounts)
            options = [{"id": self.id(service_id, "cost", 0), "service_id": service_id,
                        "option": "Standard", "amount": amount, "currency": "GBP",
                        "amount_description": unit}]  # fmt: skip
            text = f"£{amount:.2f} {unit}."
            if amount >= 3 and self.rng.random() < 0.4:
                concession = round(amount / 2, 2)
                options.append({"id": self.id(service_id, "cost", 1), "service_id": service_id,
                                "option": "Concessions", "amount": concession,
                                "currency": "GBP", "amount_description": unit})  # fmt: skip
                text += f" Concessions £{concession:.2f}."
            return options, text
        return [{"id": self.id(service_id, "cost", 0), "service_id": service_id,
                 "option": "Free", "amount": 0, "currency": "GBP",
                 "amount_description": "No charge"}], "Free."  # fmt: skip

    def dates(self) -> tuple[str, str]:
        days_ago = int(ASSURED_WINDOW_DAYS * self.rng.random() ** 2)
        assured = self.reference_date - timedelta(days=days_ago)
        modified = assured + timedelta(days=self.rng.randint(0, days_ago // 4))
        seconds = self.rng.randint(8 * 3600, 18 * 3600)
        stamp = (f"{modified.isoformat()}T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:"
                 f"{seconds % 60:02d}.{self.rng.randint(0, 999):03d}Z")  # fmt: skip
        return assured.isoformat(), stamp

    def status(self) -> tuple[str, str]:
        r = self.rng.random()
        if r < 0.03:
            return "inactive", "This service is no longer running."
        if r < 0.06:
            return "temporarily closed", self.rng.choice((
                "Closed until further notice while the venue is refurbished.",
                "Paused for the school holidays; restarting next term.",
                "Temporarily closed while we recruit new volunteers.",
            ))  # fmt: skip
        return "active", ""

    def entry(self, index: int, template: _Template, place: _Place, venue: _Venue | None,
              numbered_ok: bool = True) -> dict | None:  # fmt: skip
        rng = self.rng
        if not numbered_ok and venue is None and self.names_exhausted(template, place):
            return None  # fail fast: no venue could give a fresh name
        sid = self.id("service", index)
        venues: list[_Venue] = []
        provider = rng.choice(template.providers)
        if template.mode == "in_person":
            kind = rng.choice(template.venues)
            if PREFERRED_VENUE.get(provider) in template.venues:
                kind = PREFERRED_VENUE[provider]  # e.g. a faith group meets in its own hall
            venues.append(venue or self.venue(place, kind))
            n_sites = 1
            if provider.startswith(("faith", "local:")):
                pass  # a local group meets in one place
            elif template.sites == 1:
                n_sites = rng.choices((1, 2, 3), (75, 17, 8))[0]
            elif template.sites == 2:
                n_sites = rng.choices((1, 2, 3), (40, 35, 25))[0]
            table = self.quarter_tables[(place.city, place.quarter)]
            for _ in range(n_sites - 1):
                other = self.venue(table.pick(rng), rng.choice(template.venues))
                if all(other.id != v.id for v in venues):
                    venues.append(other)
        name = self.name_for(template, place, venues[0] if venues else None, numbered_ok)
        if name is None:
            return None  # every good name is taken: the caller draws again
        org = self.org(provider, place, venues[0] if venues else None)
        if org.kind in ("community", "faith") and not numbered_ok:
            if (org.id, template.key) in self.group_runs:
                return None  # a local group runs one of each kind of activity
            self.group_runs.add((org.id, template.key))
        self.per_city[(template.key, place.city)] += 1
        self.template_of[sid] = template
        self.place_of[sid] = place
        status, alert = ("active", "") if template.confidential else self.status()
        assured, modified = self.dates()
        costs, fees = self.cost_options(sid, template)
        low, high = template.ages
        direct_line = org.kind in ("council", "nhs", "charity") and rng.random() < 0.35
        number = (self.spare_number() if direct_line else None) or org.phone
        service: dict[str, Any] = {
            "id": sid,
            "organization_id": org.id,
            "name": name,
            "description": template.description,
            "url": f"{org.website}{_slug(name)}",
            "email": self.service_email(org, template, place),
            "status": status,
        }
        if alert:
            service["alert"] = alert
        service["application_process"] = template.access
        service["fees_description"] = fees
        service["eligibility_description"] = _eligibility(low, high)
        if low is not None:
            service["minimum_age"] = low
        if high is not None:
            service["maximum_age"] = high
        if rng.random() < 0.1:
            service["interpretation_services"] = (
                "Interpreters, including British Sign Language, can be booked: tell us when "
                "you get in touch."
            )
        service["assured_date"] = assured
        service["assurer_email"] = f"directory@{_slug(place.city)}.{EMAIL_TLD}"
        service["last_modified"] = modified
        service["phones"] = [self.phone(sid, number, "Main number")]
        if template.mode == "in_person":
            sals = []
            for k, site in enumerate(venues):
                sal_id = self.id("service", index, "sal", k)
                sals.append({
                    "id": sal_id,
                    "service_id": sid,
                    "location_id": site.id,
                    "schedules": self.schedules(template, sal_id,
                                                {"service_at_location_id": sal_id}),
                    "location": self.location(site),
                })  # fmt: skip
            service["service_at_locations"] = sals
        else:
            service["schedules"] = self.schedules(template, sid, {"service_id": sid})
            if template.mode == "online":
                lid = self.id("service", index, "virtual")
                service["service_at_locations"] = [{
                    "id": self.id("service", index, "sal", 0),
                    "service_id": sid,
                    "location_id": lid,
                    "location": {"id": lid, "location_type": "virtual",
                                 "name": f"{name} (online)",
                                 "url": f"{org.website}{_slug(name)}/join"},
                }]  # fmt: skip
            else:
                service["service_at_locations"] = []
        service["service_areas"] = [self.service_area(sid, template, place)]
        service["languages"] = self.languages(sid, template)
        service["organization"] = self.org_json(org)
        service["cost_options"] = costs
        if rng.random() < 0.3:
            service["contacts"] = [{"id": self.id(sid, "contact"), "service_id": sid,
                                    "title": rng.choice(("Service coordinator", "Duty worker",
                                                         "Volunteer coordinator",
                                                         "Reception"))}]  # fmt: skip
        needs = [template.needs[0]]
        others = list(template.needs[1:])
        rng.shuffle(others)
        needs += others[: rng.choice((0, 1, 1, 2))]
        attributes = [self.attribute(sid, code, "need") for code in needs]
        attributes.append(self.attribute(sid, template.kind, "entry_kind"))
        if template.confidential:
            attributes.append(self.attribute(sid, CONFIDENTIAL, "flag"))
            service["alert"] = "Confidential address: contact by phone only."
        service["attributes"] = attributes
        return service

    def service_email(self, org: _Org, template: _Template, place: _Place) -> str:
        """Big bodies give each service its own mailbox; small groups have one address."""
        if org.kind not in ("council", "nhs", "charity"):
            return org.email
        local = template.key if template.per_city else f"{template.key}.{_slug(place.area)}"
        return f"{local}@{org.email.split('@')[1]}"

    def service_area(self, sid: str, template: _Template, place: _Place) -> dict:
        citywide = (
            template.per_city or template.mode != "in_person" or template.audience == "central"
        )
        if citywide or not place.ward_code:
            area = {"id": self.id(sid, "area"), "service_id": sid, "name": place.city,
                    "description": f"Residents of {place.city}."}  # fmt: skip
            if self.la_code and place.city == self.default_city:
                area["uri"] = ONS_URI + self.la_code
            return area
        return {"id": self.id(sid, "area"), "service_id": sid, "name": place.ward_name,
                "description": f"Mainly for people living in and around {place.ward_name} "
                f"ward, {place.city}; others welcome.",
                "uri": ONS_URI + place.ward_code}  # fmt: skip

    # --- kinds of entry

    def pick_service(self) -> tuple[_Template, _Place]:
        for _ in range(50):
            template = self.pick_template(self.service_templates)
            place = self.tables[template.audience].pick(self.rng)
            if not template.per_city or self.per_city[(template.key, place.city)] < (
                template.per_city
            ):
                return template, place
        raise RuntimeError("no service template left to use")  # pragma: no cover

    def make_service(self, index: int) -> dict:
        """A service; names that would need a number ("Acomb Job Club (2)") are redrawn."""
        for attempt in range(RETRIES + 1):
            template, place = self.pick_service()
            service = self.entry(index, template, place, None, numbered_ok=attempt == RETRIES)
            if service is not None:
                return service
        raise AssertionError("unreachable: the last attempt accepts a numbered name")

    def make_asset(self, index: int) -> dict:
        for _ in range(RETRIES):
            template = self.pick_template(self.asset_templates)
            place = self.tables[template.audience].pick(self.rng)
            venue = self.asset_venue(place, template.venues[0]) if template.self_venue else None
            if template.self_venue and venue is None:
                continue
            service = self.entry(index, template, place, venue, numbered_ok=False)
            if service is not None:
                return service
        template = TEMPLATE_BY_KEY[FALLBACK_ASSET]
        place = self.tables[template.audience].pick(self.rng)
        service = self.entry(index, template, place, None)
        assert service is not None
        return service

    def make_confidential(self, index: int) -> dict:
        template = self.rng.choice(self.confidential_templates)
        place = self.tables["all"].pick(self.rng)
        return self.entry(index, template, place, self.new_venue(place, "refuge"))

    # --- duplicates

    def duplicate_candidate(self, service: dict) -> bool:
        """A joint council/NHS service at a physical venue: one both feeds would list."""
        return (
            self.template_of[service["id"]].shared
            and self.orgs_by_id[service["organization_id"]].kind in COUNTERPART
            and service["status"] == "active"
            and bool(service["service_at_locations"])
            and not has_flag(service)
        )

    def duplicate(self, original: dict, index: int) -> dict:
        rng = self.rng
        dup = copy.deepcopy(original)
        remap: dict[str, str] = {}

        def collect(node: Any, skip: bool = False) -> None:
            if isinstance(node, dict):
                if not skip and isinstance(node.get("id"), str):
                    remap[node["id"]] = self.id("duplicate", index, node["id"])
                for key, value in node.items():
                    collect(value, skip or key in ("taxonomy_term", "organization"))
            elif isinstance(node, list):
                for value in node:
                    collect(value, skip)

        def apply(node: Any) -> Any:
            if isinstance(node, dict):
                return {
                    k: (remap.get(v, v) if isinstance(v, str) and (k == "id" or k.endswith("_id"))
                        and k != "taxonomy_term_id" and k != "taxonomy_id" else apply(v))
                    for k, v in node.items()
                }  # fmt: skip
            if isinstance(node, list):
                return [apply(v) for v in node]
            return node

        collect(dup)
        dup = apply(dup)
        old_org = self.orgs_by_id[original["organization_id"]]
        kind, detail = COUNTERPART.get(old_org.kind, ("council", "ph"))
        place = self.place_of[original["id"]]
        new_org = self.org(f"{kind}:{detail}", place, None)
        dup["organization_id"] = new_org.id
        dup["organization"] = self.org_json(new_org)
        dup["name"] = _near_name(original["name"], rng, place.city)
        self.service_names.add(dup["name"])
        dup["url"] = f"{new_org.website}{_slug(dup['name'])}"
        dup["email"] = f"{original['email'].split('@')[0]}@{new_org.email.split('@')[1]}"
        old_number = original["phones"][0]["number"].replace("01632 ", "")
        if rng.random() < 0.5:
            text = rng.choice((f"+44 1632 {old_number}", f"01632{old_number}",
                               f"(01632) {old_number}"))  # fmt: skip
            dup["phones"][0]["number"] = text
        else:
            dup["phones"][0]["number"] = format_phone(new_org.phone)
        dup["assured_date"], dup["last_modified"] = self.dates()
        for sal in dup.get("service_at_locations", []):
            for address in sal["location"].get("addresses", []):
                for full, short in ABBREVIATIONS:
                    address["address_1"] = re.sub(rf"\b{full}\b", short, address["address_1"])
        dup["description"] = original["description"] + rng.choice((
            " Ask your GP or care coordinator about a referral.",
            " Part of the joint health and care offer.",
            "",
        ))  # fmt: skip
        return dup


def _describe_days(freq: str, byday: str) -> str:
    days = byday.split(",")
    if freq == "MONTHLY":
        ordinal = {"1": "First", "2": "Second", "3": "Third", "-1": "Last"}
        prefix, day = byday[:-2], byday[-2:]
        return f"{ordinal.get(prefix, prefix)} {DAY_NAMES[day]} of the month"
    if days == list(ALL_DAYS):
        return "Every day"
    if days == list(WEEKDAYS):
        return "Monday to Friday"
    names = [DAY_NAMES[d] + "s" for d in days]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _eligibility(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return "Everyone is welcome."
    if high is None:
        return f"People aged {low} and over."
    if low in (None, 0):
        return f"Children aged {high} and under, with a parent or carer."
    return f"People aged {low} to {high}."


def _near_name(name: str, rng: random.Random, city: str) -> str:
    """A plausible rewording of a service name as another feed might list it."""
    options = []
    if " — " in name:
        first, second = name.split(" — ", 1)
        options += [f"{second} {first}", f"{first} ({second})", f"{first} - {second}"]
    if " at " in name:
        first, second = name.split(" at ", 1)
        options += [f"{first} - {second}", f"{first}, {second}"]
    if " and " in name:
        options.append(name.replace(" and ", " & "))
    if name.startswith(city + " "):
        options.append(name[len(city) + 1 :])
    options += [f"{name} Service", name.replace("Programme", "Program"), name.upper()]
    options = [o for o in dict.fromkeys(options) if o != name]
    return rng.choice(options)


# --- entry points ----------------------------------------------------------------------


def generate_directory(
    lsoas: Sequence[Any],
    postcodes: Mapping[str, Sequence[Any]],
    *,
    seed: int = DEFAULT_SEED,
    services: int = DEFAULT_SERVICES,
    reference_date: date = DEFAULT_REFERENCE_DATE,
    city: str = "York",
    state_province: str = "North Yorkshire",
    la_code: str = "E06000014",
    asset_share: float = ASSET_SHARE,
) -> dict[str, list]:
    """A synthetic HSDS 3.0 / ORUK directory of ``services`` entries (see the module docstring).

    ``lsoas`` and ``postcodes`` are ``place.load_lsoas()`` and ``place.load_postcodes()`` for
    York, or any LSOA-like areas and postcode-like points (see ``Area`` and ``Point``).
    """
    if services < 1:
        raise ValueError(f"services must be at least 1, got {services}")
    if not 0 <= asset_share < 1:
        raise ValueError(f"asset_share must be in [0, 1), got {asset_share}")
    places = _prepare_places(lsoas, postcodes, seed, city, state_province)
    gen = _Generator(places, seed, reference_date, city, la_code)
    n_dup = round(services * DUPLICATE_SHARE)
    n_conf = round(services * CONFIDENTIAL_SHARE)
    if services >= 200:
        n_dup, n_conf = max(3, n_dup), max(3, n_conf)
    n_orig = services - n_dup
    n_assets = min(round(services * asset_share), n_orig - n_conf)
    kinds = ["confidential"] * n_conf + ["asset"] * n_assets
    kinds += ["service"] * (n_orig - len(kinds))
    gen.rng.shuffle(kinds)
    makers = {"service": gen.make_service, "asset": gen.make_asset,
              "confidential": gen.make_confidential}  # fmt: skip
    originals = [makers[kind](index) for index, kind in enumerate(kinds)]
    candidates = [s for s in originals if gen.duplicate_candidate(s)]
    if len(candidates) < n_dup:  # small directories: any non-confidential entry will do
        taken = {s["id"] for s in candidates}
        extra = [s for s in originals if s["id"] not in taken and not has_flag(s)]
        candidates += extra[: n_dup - len(candidates)]
    chosen = sorted(gen.rng.sample(range(len(candidates)), min(n_dup, len(candidates))))
    duplicates, known = [], []
    for k, position in enumerate(chosen):
        original = candidates[position]
        dup = gen.duplicate(original, k)
        duplicates.append(dup)
        known.append([original["id"], dup["id"]])
    entries = originals + duplicates
    gen.rng.shuffle(entries)
    return {
        "taxonomies": gen.taxonomies,
        "taxonomy_terms": gen.terms,
        "services": entries,
        "known_duplicates": known,
    }


def directory_summary(
    directory: Mapping[str, Any], reference_date: date = DEFAULT_REFERENCE_DATE
) -> dict[str, Any]:
    """Counts for a generated directory: entries, assets, stale, confidential, locations..."""
    services = directory["services"]
    locations: dict[str, dict] = {}
    for service in services:
        for sal in service.get("service_at_locations", []):
            location = sal["location"]
            if location["location_type"] == "physical":
                locations[location["id"]] = location
    return {
        "services": len(services),
        "community_assets": sum(entry_kind(s) == COMMUNITY_ASSET for s in services),
        "stale": sum(is_stale(s, reference_date) for s in services),
        "confidential": sum(has_flag(s) for s in services),
        "known_duplicates": len(directory.get("known_duplicates", [])),
        "status": dict(Counter(s["status"] for s in services)),
        "online_or_phone_only": sum(
            not any(
                sal["location"]["location_type"] == "physical"
                for sal in s.get("service_at_locations", [])
            )
            for s in services
        ),  # fmt: skip
        "distinct_physical_locations": len(locations),
        "organizations": len({s["organization_id"] for s in services}),
    }


def generate_directory_files(
    out_dir: Path | str,
    lsoas: Sequence[Any] | None = None,
    postcodes: Mapping[str, Sequence[Any]] | None = None,
    **options: Any,
) -> dict[str, Path]:
    """Write services.json (a JSON list of nested services, an HSDS 3.0 feed), taxonomies.json,
    taxonomy_terms.json and known_duplicates.json to ``out_dir``; York data by default.

    ``options`` are passed to ``generate_directory``. Returns the written paths by name.
    """
    lsoas = load_lsoas() if lsoas is None else lsoas
    postcodes = load_postcodes() if postcodes is None else postcodes
    directory = generate_directory(lsoas, postcodes, **options)
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for key in ("services", "taxonomies", "taxonomy_terms", "known_duplicates"):
        path = folder / f"{key}.json"
        with path.open("w", encoding="utf-8") as handle:
            json.dump(directory[key], handle, ensure_ascii=False, separators=(",", ":"))
            handle.write("\n")
        paths[key] = path
    return paths


__all__ = [
    "Area",
    "DEFAULT_REFERENCE_DATE",
    "Point",
    "directory_summary",
    "entry_kind",
    "format_phone",
    "generate_directory",
    "generate_directory_files",
    "has_flag",
    "is_stale",
    "load_taxonomies",
]
