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

**Modules.** ``generate`` (entry counts and the run), ``state`` (the seeded ``Generator``),
``places`` (areas and supply weights), ``venues``, ``organisations``, ``services`` (one entry),
``service_details``, ``naming``, ``schedules``, ``taxonomy``, ``duplicates``, ``summary`` and
``files``; the data tables are in ``vocabulary`` and the templates in ``template`` and
``catalogue*``.
"""

from locality.demo.directory.files import generate_directory_files
from locality.demo.directory.generate import (
    DEFAULT_REFERENCE_DATE,
    DUPLICATE_SHARE,
    generate_directory,
)
from locality.demo.directory.places import Area, Point
from locality.demo.directory.service_details import format_phone
from locality.demo.directory.summary import directory_summary, is_stale
from locality.demo.directory.taxonomy import (
    ENTRY_KIND_TAXONOMY,
    NEEDS_TAXONOMY,
    TAXONOMY_NAMESPACE,
    entry_kind,
    has_flag,
    load_taxonomies,
)

__all__ = [
    "Area",
    "DEFAULT_REFERENCE_DATE",
    "DUPLICATE_SHARE",
    "ENTRY_KIND_TAXONOMY",
    "NEEDS_TAXONOMY",
    "Point",
    "TAXONOMY_NAMESPACE",
    "directory_summary",
    "entry_kind",
    "format_phone",
    "generate_directory",
    "generate_directory_files",
    "has_flag",
    "is_stale",
    "load_taxonomies",
]
