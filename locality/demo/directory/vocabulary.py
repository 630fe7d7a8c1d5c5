"""Word lists and small data tables for the demo directory: York localities, languages,
saints and streets for names, venue kinds, and the bodies that provide services.

The ward and locality names are real York places; every organisation, venue and street built
from these lists is invented. Phone numbers are Ofcom's drama range and web addresses use the
reserved ``.example`` domain.
"""

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
