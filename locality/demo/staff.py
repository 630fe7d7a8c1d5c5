"""The demo's partner organisations and staff: one of every role, and a coordinator
and a practitioner in each of York's four neighbourhood teams.

The statutory bodies are York's real ones (public names and ODS codes); the GP
practices and voluntary organisations are invented for the demo.
"""

PASSWORD = "york-demo-password"
EMAIL_DOMAIN = "york.example"

ORGANISATIONS = [
    {"key": "council", "name": "City of York Council", "kind": "council"},
    {
        "key": "trust",
        "name": "York and Scarborough Teaching Hospitals NHS Foundation Trust",
        "kind": "nhs_trust",
        "ods_code": "RCB",
    },
    {
        "key": "icb",
        "name": "NHS Humber and North Yorkshire Integrated Care Board",
        "kind": "icb",
        "ods_code": "QOQ",
    },
    {
        "key": "mental_health",
        "name": "Tees, Esk and Wear Valleys NHS Foundation Trust",
        "kind": "nhs_trust",
        "ods_code": "RX3",
    },
    {"key": "pcn", "name": "York Neighbourhoods Primary Care Network (demo)", "kind": "pcn"},
    {"key": "practice_north", "name": "Clifton Green Surgery (demo)", "kind": "gp_practice"},
    {"key": "practice_east", "name": "Heworth Village Practice (demo)", "kind": "gp_practice"},
    {"key": "practice_south", "name": "Fulford Road Medical Centre (demo)", "kind": "gp_practice"},
    {"key": "practice_west", "name": "Acomb Green Health Centre (demo)", "kind": "gp_practice"},
    {"key": "vcs", "name": "York Community Connectors (demo)", "kind": "vcs"},
    {"key": "housing", "name": "City of York Council Housing Services", "kind": "housing"},
    {"key": "fire", "name": "North Yorkshire Fire and Rescue Service", "kind": "police_fire"},
]

# role, given name, organisation key; people without a team work across York.
CENTRAL_STAFF = [
    ("team_lead", "Priya Shah", "council", "North"),
    ("ig_lead", "Gareth Evans", "icb", None),
    ("analyst", "Mei Chen", "icb", None),
    ("directory_editor", "Tom Hughes", "vcs", None),
    ("administrator", "Ruth Okafor", "council", None),
]

TEAM_STAFF = {
    "North": [
        ("coordinator", "Alex Morgan", "council"),
        ("practitioner", "Dr Sam Patel", "practice_north"),
    ],
    "East": [("coordinator", "Jo Walker", "council"), ("practitioner", "Kerry Lister", "vcs")],
    "South": [("coordinator", "Dan Murphy", "council"), ("practitioner", "Nadia Rahman", "trust")],
    "West": [("coordinator", "Lucy Bennett", "council"), ("practitioner", "Owen Price", "housing")],
}


def _email(role: str, name: str, team: str | None) -> str:
    base = role.replace("_", "-") if team is None else f"{role.replace('_', '-')}.{team.lower()}"
    return f"{base}@{EMAIL_DOMAIN}"


def staff_for_teams(teams) -> list[dict]:
    rows = []
    for role, name, org, team in CENTRAL_STAFF:
        rows.append(
            {
                "email": _email(role, name, team),
                "name": name,
                "role": role,
                "organisation": org,
                "team": team,
            }
        )
    for team, members in TEAM_STAFF.items():
        for role, name, org in members:
            rows.append(
                {
                    "email": _email(role, name, team),
                    "name": name,
                    "role": role,
                    "organisation": org,
                    "team": team,
                }
            )
    return rows
