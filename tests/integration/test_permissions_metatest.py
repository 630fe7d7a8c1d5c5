"""Walk every URL and API route as a signed-in user with no relationship to anyone.

Each must refuse (redirect, 401, 403, 404 or 405) and never show the resident's
identifiers, unless it is listed below as public or about the user themself.
A new route fails this test until it is protected or deliberately listed.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from locality.governance.services import break_glass_start, token_create
from tests.factories import PASSWORD

# Routes any signed-in user may open: they show nothing about residents.
PUBLIC_OR_SELF = {
    "home",  # the user's own caseload: empty for this user
    "healthz",
    "governance:login",
    "governance:two_factor",
    "api:openapi-json",
    "api:openapi-view",
    "api:me",
    "api:person_list",  # the user's own related people: none
    "people:break_glass",  # the emergency-access warning and reason form: no resident data
    # the community asset directory: public service information, no resident data
    "directory:search",
    "directory:service",
    "directory:near_you",
    "directory:near_you_text",
    "directory:suggest",
    "directory:suggest_thanks",
    "directory:staff_search",  # any signed-in staff: directory data only
    "directory:my_services",  # the directory records the user owns: none for this user
    "directory:gaps",  # aggregate directory figures for every staff role
    "directory:gaps_csv",
    "directory:gaps_png",
    # places: published small-area figures (population, IMD 2019) by neighbourhood, no residents
    "places:index",
    "places:neighbourhood",
    "places:neighbourhood_png",
    "places:neighbourhoods_png",
    # outreach lists: the user's own team's (none here); the upload form holds no resident data
    "population:outreach_lists",
    "population:outreach_upload",
    "api:outreach_lists",
}
# The Open Referral UK feed is public by design (`oruk:` routes): no resident data.
PUBLIC_PREFIXES = ("oruk:",)
# POSTs that are the designed way in for anyone with the role, tested elsewhere.
POST_ALLOWED = {
    "people:break_glass",
    "governance:login",
    "governance:logout",
    "governance:two_factor",
}
REFUSED = {302, 401, 403, 404, 405}


def is_public(name: str) -> bool:
    return name in PUBLIC_OR_SELF or name.startswith(PUBLIC_PREFIXES)


def walk(patterns=None, prefix="", namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


ROUTES = sorted(set(walk()))


def test_the_walk_finds_the_routes():
    names = {name for name, _ in ROUTES}
    assert {"people:detail", "ig:audit", "api:person_detail", "home"} <= names


def concrete(route: str, values: dict) -> str:
    route = route.lstrip("^").rstrip("$")
    route = re.sub(r"<int:(\w+)>", lambda m: str(values["int"]), route)
    route = re.sub(r"<(?:str:|slug:)?(\w+)>", lambda m: values["str"], route)
    route = route.replace("\\Z", "").replace("\\", "")
    return "/" + route


@pytest.fixture
def world(coordinator, person_on_caseload, stranger):
    someone_else = coordinator
    grant = break_glass_start(
        by=someone_else,
        person=person_on_caseload,
        reason="Other user's emergency access for the metatest",
    )
    return {"str": person_on_caseload.pseudo_id, "int": grant.pk, "person": person_on_caseload}


def assert_refused(response, name, person):
    body = response.content.decode(errors="replace")
    assert person.nhs_number not in body, f"{name} shows the NHS number"
    assert person.family_name not in body, f"{name} shows the resident's name"
    if not is_public(name):
        assert response.status_code in REFUSED, f"{name}: {response.status_code}"


@pytest.mark.parametrize("name,route", ROUTES, ids=[n for n, _ in ROUTES])
def test_every_page_refuses_an_unrelated_user(client, world, stranger, name, route):
    client.post("/account/login/", {"email": stranger.email, "password": PASSWORD})
    url = concrete(route, world)
    assert_refused(client.get(url), name, world["person"])
    if name not in POST_ALLOWED:
        assert_refused(
            client.post(
                url,
                {
                    "reason": "x" * 20,
                    "outcome": "appropriate",
                    "purpose": "evaluation",
                    "status": "withdrawn",
                },
            ),
            name,
            world["person"],
        )


@pytest.mark.parametrize(
    "name,route",
    [r for r in ROUTES if r[0].startswith("api:")],
    ids=[n for n, _ in ROUTES if n.startswith("api:")],
)
def test_every_api_route_refuses_an_unrelated_token(client, world, stranger, name, route):
    headers = {"Authorization": f"Bearer {token_create(by=stranger, user=stranger)}"}
    url = concrete(route, world)
    assert_refused(client.get(url, headers=headers), name, world["person"])


@pytest.mark.parametrize("name,route", ROUTES, ids=[n for n, _ in ROUTES])
def test_every_page_refuses_when_signed_out(client, world, name, route):
    response = client.get(concrete(route, world))
    assert_refused(response, name, world["person"])
    if not is_public(name) and not name.startswith("api:"):
        assert response.status_code == 405 or (
            response.status_code == 302 and "/account/login/" in response["Location"]
        )
