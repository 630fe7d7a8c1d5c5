"""The catalogue of templates the generator draws from: about 70 kinds of service (in
``catalogue_living`` and ``catalogue_support``) and the community assets, in a fixed order.

The order matters: the generator draws templates by cumulative weight, so reordering them
changes every directory.
"""

from __future__ import annotations

from locality.demo.directory.catalogue_living import LIVING_TEMPLATES
from locality.demo.directory.catalogue_support import SUPPORT_TEMPLATES
from locality.demo.directory.taxonomy import COMMUNITY_ASSET
from locality.demo.directory.template import DI, ES, HE, MW, PA, N, T, Template

ASSET_TEMPLATES: tuple[Template, ...] = (
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
TEMPLATES: tuple[Template, ...] = (*LIVING_TEMPLATES, *SUPPORT_TEMPLATES, *ASSET_TEMPLATES)
TEMPLATE_BY_KEY = {template.key: template for template in TEMPLATES}
FALLBACK_ASSET = "lunch-club"
