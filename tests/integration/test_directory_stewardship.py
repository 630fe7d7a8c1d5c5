"""Directory stewardship: confirming services, stale flags, resident suggestions, duplicates."""

import datetime
import json
import random
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from locality.directory import models as m
from locality.directory import stewardship as st
from locality.governance.actors import SystemActor
from locality.governance.exceptions import AccessDenied, GovernanceError
from locality.governance.models import AuditEvent
from tests.factories import UserFactory
from tests.factories.directory_stewardship import (
    AssetSuggestionFactory,
    AttributeFactory,
    ContactFactory,
    DuplicateCandidateFactory,
    OrganizationFactory,
    PhoneFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    service_at,
)

TODAY = datetime.date(2025, 6, 30)
OPERATOR = SystemActor(login="tester")

MY_SERVICES = reverse("directory:my_services")
SUGGEST = reverse("directory:suggest")
THANKS = reverse("directory:suggest_thanks")
MODERATION = reverse("directory:moderation")
DUPLICATES = reverse("directory:duplicates")


def events(action, actor=None):
    found = AuditEvent.objects.filter(action=action)
    return found.filter(actor=actor.email) if actor is not None else found


def days_ago(days):
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def editor(organisation):
    return UserFactory(
        email="editor@example.org", role="directory_editor", organisation=organisation
    )


# --- stale rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "assured,stale", [(0, False), (89, False), (90, False), (91, True), (None, True)]
)
def test_is_stale_at_exactly_90_and_91_days(assured, stale):
    service = m.Service(assured_date=None if assured is None else days_ago(assured))

    assert st.is_stale(service, today=TODAY) is stale
    assert st.is_unverified(service, today=TODAY) is stale


def test_is_unverified_when_flagged_even_if_recent():
    service = m.Service(assured_date=TODAY, flagged_stale_at=timezone.now())

    assert st.is_unverified(service, today=TODAY)


def test_services_flag_stale_flags_91_days_not_90(db):
    fresh = ServiceFactory(assured_date=days_ago(90))
    stale = ServiceFactory(assured_date=days_ago(91))
    never = ServiceFactory(assured_date=None)
    ServiceFactory(assured_date=None, status=m.Service.Status.DEFUNCT)

    flagged = st.services_flag_stale(by=OPERATOR, today=TODAY)

    assert {s.id for s in flagged} == {stale.id, never.id}
    fresh.refresh_from_db()
    stale.refresh_from_db()
    assert fresh.flagged_stale_at is None
    assert stale.flagged_stale_at is not None
    # the stale flag is Locality's own field: audited, but not HSDS metadata in the open feed
    assert not m.Metadata.objects.filter(resource_id=stale.id).exists()
    event = events("directory.flag_stale").get()
    assert event.detail["flagged"] == 2
    assert event.actor == "cli:tester"


def test_services_flag_stale_is_idempotent(db):
    stale = ServiceFactory(assured_date=days_ago(200))
    st.services_flag_stale(by=OPERATOR, today=TODAY)
    stale.refresh_from_db()
    first_flag = stale.flagged_stale_at

    again = st.services_flag_stale(by=OPERATOR, today=TODAY)

    assert again == []
    stale.refresh_from_db()
    assert stale.flagged_stale_at == first_flag
    assert events("directory.flag_stale").count() == 2


def test_services_flag_stale_clears_flag_once_confirmed_by_a_feed(db):
    service = ServiceFactory(assured_date=TODAY, flagged_stale_at=timezone.now())

    st.services_flag_stale(by=OPERATOR, today=TODAY)

    service.refresh_from_db()
    assert service.flagged_stale_at is None


def test_services_flag_stale_refused_for_coordinator(coordinator):
    ServiceFactory(assured_date=None)

    with pytest.raises(AccessDenied):
        st.services_flag_stale(by=coordinator, today=TODAY)

    assert not m.Service.objects.filter(flagged_stale_at__isnull=False).exists()
    assert events("directory.edit", coordinator).get().outcome == "refused"


def test_flag_stale_command(db):
    ServiceFactory(name="Old Club", assured_date=days_ago(400))
    out = StringIO()

    call_command("directory_flag_stale", stdout=out)

    assert "Old Club" in out.getvalue()
    assert "1 services newly flagged" in out.getvalue()


# --- owners confirm -----------------------------------------------------------------------


def test_service_assure_by_owner_confirms_today(coordinator):
    service = ServiceFactory(owner=coordinator, assured_date=None, flagged_stale_at=timezone.now())

    st.service_assure(by=coordinator, service=service)

    service.refresh_from_db()
    assert service.assured_date == timezone.localdate()
    assert service.assurer_email == coordinator.email
    assert service.flagged_stale_at is None
    changed = set(m.Metadata.objects.filter(resource_id=service.id).values_list("field_name"))
    assert changed == {("assured_date",), ("assurer_email",)}
    assert events("directory.assure", coordinator).get().object_id == service.id


def test_service_assure_by_directory_editor(editor, coordinator):
    service = ServiceFactory(owner=coordinator, assured_date=None)

    st.service_assure(by=editor, service=service)

    service.refresh_from_db()
    assert service.assurer_email == editor.email


def test_service_assure_by_someone_else_refused(stranger, coordinator):
    service = ServiceFactory(owner=coordinator, assured_date=None)

    with pytest.raises(AccessDenied):
        st.service_assure(by=stranger, service=service)

    service.refresh_from_db()
    assert service.assured_date is None
    assert events("directory.edit", stranger).get().outcome == "refused"
    assert not m.Metadata.objects.exists()


def test_my_services_lists_own_unverified_first(login, coordinator):
    ServiceFactory(owner=coordinator, name="Fresh Club")
    ServiceFactory(owner=coordinator, name="Stale Club", assured_date=None)
    ServiceFactory(name="Somebody Else's Club", assured_date=None)

    response = login(coordinator).get(MY_SERVICES)

    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("Stale Club") < body.index("Fresh Club")
    assert "Unverified" in body
    assert "Somebody Else" not in body
    assert "Confirm this is still right" in body


def test_my_services_shows_editors_every_unverified_service(login, editor):
    ServiceFactory(name="Nobody's Club", assured_date=None)

    body = login(editor).get(MY_SERVICES).content.decode()

    assert "All unverified services" in body
    assert "Nobody&#x27;s Club" in body


def test_assure_page_by_owner(login, coordinator):
    service = ServiceFactory(owner=coordinator, assured_date=None)

    response = login(coordinator).post(reverse("directory:assure", args=[service.id]))

    assert response.status_code == 302
    assert response["Location"] == MY_SERVICES
    service.refresh_from_db()
    assert service.assured_date == timezone.localdate()


def test_assure_page_by_stranger_404(login, stranger, coordinator):
    service = ServiceFactory(owner=coordinator, assured_date=None)

    response = login(stranger).post(reverse("directory:assure", args=[service.id]))

    assert response.status_code == 404
    service.refresh_from_db()
    assert service.assured_date is None


# --- suggestions -------------------------------------------------------------------------

GOOD = {
    "name": "Acomb Community Garden",
    "description": "Grow vegetables with neighbours.",
    "address": "Behind the library, Front Street",
    "postcode": "yo26 5dy",
    "when": "Saturdays, 10am to 1pm",
    "website": "www.acomb-garden.example.org",
    "suggested_by_name": "Pat Resident",
    "suggested_by_email": "pat@example.com",
}


def test_suggestion_submit_creates_pending_and_normalises(db):
    suggestion = st.suggestion_submit(**GOOD)

    assert suggestion.status == m.AssetSuggestion.Status.PENDING
    assert suggestion.postcode == "YO26 5DY"
    assert suggestion.website == "https://www.acomb-garden.example.org"
    event = events("directory.suggest").get()
    assert event.actor == "anonymous"
    assert "pat" not in json.dumps(event.detail).lower()


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"name": "  "}, "name"),
        ({"description": ""}, "description"),
        ({"postcode": "not a postcode"}, "postcode"),
        ({"website": "not a web address"}, "website"),
        ({"suggested_by_email": "pat at example"}, "suggested_by_email"),
        ({"name": "x" * 201}, "name"),
    ],
)
def test_suggestion_submit_validation_errors(db, changes, field):
    with pytest.raises(ValidationError) as raised:
        st.suggestion_submit(**{**GOOD, **changes})

    assert set(raised.value.message_dict) == {field}
    assert not m.AssetSuggestion.objects.exists()
    assert not AuditEvent.objects.exists()


def test_suggest_page_is_public(client, db):
    response = client.get(SUGGEST)

    assert response.status_code == 200
    assert "Suggest a community asset" in response.content.decode()


def test_suggest_page_signed_out_submits(client, db):
    response = client.post(SUGGEST, GOOD)

    assert response.status_code == 302
    assert response["Location"] == THANKS
    assert m.AssetSuggestion.objects.get().name == "Acomb Community Garden"
    assert client.get(THANKS).status_code == 200


def test_suggest_page_honeypot_pretends_and_drops(client, db):
    response = client.post(SUGGEST, {**GOOD, "organisation_reference": "buy pills"})

    assert response.status_code == 302
    assert response["Location"] == THANKS
    assert not m.AssetSuggestion.objects.exists()


def test_suggest_page_shows_errors(client, db):
    response = client.post(SUGGEST, {**GOOD, "name": "", "postcode": "YO99"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter the name of the place, group or activity" in body
    assert "Enter a full postcode, like YO1 7HH" in body
    assert 'href="#id_name"' in body
    assert not m.AssetSuggestion.objects.exists()


def test_suggestion_accept_creates_a_community_asset(editor):
    from locality.places.models import Postcode

    Postcode.objects.create(
        postcode="YO26 5DY", latitude=53.961202, longitude=-1.127451, lsoa_code="E01013370"
    )
    suggestion = AssetSuggestionFactory(name="Jubilee Garden", postcode="YO26 5DY")

    service = st.suggestion_accept(by=editor, suggestion=suggestion, organization_name="Friends")

    assert service.is_asset
    assert (service.owner, service.assured_date) == (editor, timezone.localdate())
    assert service.assurer_email == editor.email
    assert service.organization.name == "Friends"
    assert service.status == "active"
    location = service.service_at_locations.get().location
    assert (location.latitude, location.longitude) == (53.961202, -1.127451)
    assert location.addresses.get().postal_code == "YO26 5DY"
    assert service.schedules.get().description == "Saturdays, 10am to 1pm"
    created = set(m.Metadata.objects.filter(last_action_type="create")
                  .values_list("resource_type", flat=True))  # fmt: skip
    assert {"service", "organization", "location", "address", "attribute"} <= created
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.service, suggestion.reviewed_by) == (
        "accepted",
        service,
        editor,
    )
    assert events("directory.suggestion_accept", editor).get().detail == {"service": service.id}


def test_suggestion_accept_as_service_reuses_organisation(editor):
    council = OrganizationFactory(name="City of York Council")
    suggestion = AssetSuggestionFactory(postcode="", address="")

    service = st.suggestion_accept(
        by=editor, suggestion=suggestion, organization_name="city of york council", is_asset=False
    )

    assert service.organization == council
    assert not service.is_asset
    assert not service.service_at_locations.exists()


def test_suggestion_accept_twice_refused(editor):
    suggestion = AssetSuggestionFactory()
    st.suggestion_accept(by=editor, suggestion=suggestion)

    with pytest.raises(GovernanceError):
        st.suggestion_accept(by=editor, suggestion=suggestion)

    assert m.Service.objects.count() == 1


def test_suggestion_accept_by_coordinator_refused(coordinator):
    suggestion = AssetSuggestionFactory()

    with pytest.raises(AccessDenied):
        st.suggestion_accept(by=coordinator, suggestion=suggestion)

    assert not m.Service.objects.exists()
    assert events("directory.edit", coordinator).get().outcome == "refused"


def test_suggestion_reject_needs_a_note(editor):
    suggestion = AssetSuggestionFactory()

    with pytest.raises(GovernanceError):
        st.suggestion_reject(by=editor, suggestion=suggestion, note=" ")

    st.suggestion_reject(by=editor, suggestion=suggestion, note="Closed last year")
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.review_note) == ("rejected", "Closed last year")
    assert events("directory.suggestion_reject", editor).count() == 1


def test_moderation_pages_accept(login, editor):
    suggestion = AssetSuggestionFactory(name="Jubilee Garden")
    client = login(editor)

    assert "Jubilee Garden" in client.get(MODERATION).content.decode()
    url = reverse("directory:moderation_review", args=[suggestion.pk])
    page = client.get(url).content.decode()
    assert "pat@example.com" in page
    assert events("read", editor).get().object_id == str(suggestion.pk)
    response = client.post(url, {"decision": "accept", "kind": "asset"})

    assert response.status_code == 302
    assert m.Service.objects.get().name == "Jubilee Garden"


def test_moderation_page_reject_without_note_shows_error(login, editor):
    suggestion = AssetSuggestionFactory()
    url = reverse("directory:moderation_review", args=[suggestion.pk])

    response = login(editor).post(url, {"decision": "reject", "note": ""})

    assert response.status_code == 200
    assert "Say why it is not being added" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"


# --- duplicates ----------------------------------------------------------------------------


def test_normalise_name():
    assert st.normalise_name("The Acomb Lunch Club (NHS)") == "acomb club lunch nhs"
    assert st.normalise_name("St John's Café & Hub") == "cafe hub johns st"


@pytest.mark.parametrize(
    "a,b,low,high",
    [
        ("Acomb Lunch Club", "Acomb Lunch Club (NHS)", 0.81, 0.83),  # letters .89, words .75
        ("Acomb Luncheon Club", "Acomb Lunch Club", 0.7, 0.72),  # a typo: letters .92, words .5
        ("Acomb Lunch Club", "Lunch Club, Acomb", 1.0, 1.0),
        ("Acomb Lunch Club", "Carers Support Group", 0.0, 0.2),
        ("Community Money Advice", "Community Art Centre", 0.3, 0.45),  # letters .62, words .2
    ],
)
def test_name_similarity(a, b, low, high):
    assert low <= st.name_similarity(a, b) <= high


def test_normalise_phone():
    assert st.normalise_phone("+44 (0)1904 551234") != ""
    assert st.normalise_phone("+44 1904 551234") == st.normalise_phone("01904 551234")
    assert st.normalise_phone("n/a") == ""


def test_duplicates_find_planted_pair(db):
    council = ServiceFactory(id="svc-b", name="Acomb Lunch Club", source="council")
    nhs = ServiceFactory(id="svc-a", name="Acomb Lunch Club (NHS)", source="nhs")
    PhoneFactory(service=council, number="01904 551234")
    PhoneFactory(service=nhs, number="+44 1904 551234")

    found = st.duplicates_find(by=OPERATOR)

    assert len(found) == 1
    pair = m.DuplicateCandidate.objects.get()
    assert (pair.first_id, pair.second_id) == ("svc-a", "svc-b")
    assert pair.reasons == ["names 82% alike", "same phone number"]
    assert pair.score == pytest.approx(0.6 * (0.8889 + 0.75) / 2 + 0.25, abs=0.001)
    assert events("directory.duplicates_find").get().detail == {"services": 2, "found": 1}


def test_duplicates_find_not_for_unlike_names_sharing_a_hall(db):
    one = service_at(53.9576, -1.1160, name="Acomb Lunch Club")
    two = service_at(53.9576, -1.1160, name="Carers Support Group")
    PhoneFactory(service=one)
    PhoneFactory(service=two)

    assert st.duplicates_find(by=OPERATOR) == []


def test_duplicates_find_by_nearness_within_100_metres(db):
    service_at(53.95760, -1.1160, name="Tang Hall Community Centre")
    service_at(53.95800, -1.1160, name="Tang Hall Community Centre (Council)")  # 44 m north
    service_at(53.96500, -1.1160, name="Tang Hall Community Centre CIC")  # 820 m north

    found = st.duplicates_find(by=OPERATOR)

    assert len(found) == 1
    assert {found[0].first.name, found[0].second.name} == {
        "Tang Hall Community Centre",
        "Tang Hall Community Centre (Council)",
    }
    assert "within 100 m" in found[0].reasons


def test_duplicates_find_never_suggests_a_pair_twice(editor):
    ServiceFactory(name="Acomb Lunch Club")
    ServiceFactory(name="Acomb Lunch Club")
    [candidate] = st.duplicates_find(by=editor)
    st.duplicate_dismiss(by=editor, candidate=candidate)

    assert st.duplicates_find(by=editor) == []
    assert m.DuplicateCandidate.objects.get().status == "distinct"


def test_duplicates_find_only_pairs_involving_given_services(editor):
    ServiceFactory(name="Acomb Lunch Club")
    ServiceFactory(name="Acomb Lunch Club")
    new = ServiceFactory(name="Haxby Walking Group")
    ServiceFactory(name="Haxby Walking Group")

    found = st.duplicates_find(by=editor, services=[new])

    assert [c.first.name for c in found] == ["Haxby Walking Group"]


def test_duplicates_find_ignores_defunct_services(editor):
    ServiceFactory(name="Acomb Lunch Club")
    ServiceFactory(name="Acomb Lunch Club", status=m.Service.Status.DEFUNCT)

    assert st.duplicates_find(by=editor) == []


def test_match_pairs_blocks_5000_services():
    """5,000 services: blocking keeps it to seconds, and the planted pair is still found."""
    rng = random.Random(7)
    words = [f"w{i}" for i in range(400)] + ["york", "club", "group", "support"] * 50
    facts = [
        st.ServiceFacts(
            m.Service(id=f"s{i:05d}"),
            rank=i,
            name=st.normalise_name(" ".join(rng.sample(words, 4))),
            phones={f"01904{rng.randrange(10**6):06d}"},
            points=[(53.9 + rng.random() * 0.1, -1.15 + rng.random() * 0.1)],
        )
        for i in range(5000)
    ]
    facts[10].name = st.normalise_name("Acomb Lunch Club")
    facts[20].name = st.normalise_name("Acomb Lunch Club (NHS)")
    facts[20].phones = set(facts[10].phones)

    found = st.match_pairs(facts)

    assert ("s00010", "s00020") in {(a.id, b.id) for a, b, _, _ in found}


# The score's other terms (`matching` docstring): how widely a contact is shared, whose it is,
# and the places the names name. Facts built by hand: the matcher never reads the database.

HALL = (53.9576, -1.1160)
HAXBY, HEWORTH, ACOMB = (54.0166, -1.0747), (53.9680, -1.0600), (53.9550, -1.1300)
PHONE = {"01904551234"}


def fact(rank, label, **fields):
    return st.ServiceFacts(
        m.Service(id=f"s{rank}", name=label), rank, st.normalise_name(label), label=label, **fields
    )


def scored(facts):
    return [(a.id, b.id, score, reasons) for a, b, score, reasons in st.match_pairs(facts)]


def test_a_phone_number_more_than_two_services_share_is_weak_evidence():
    one, two = (
        fact(0, "Acomb Lunch Club", phones=PHONE),
        fact(1, "Acomb Lunch Club (NHS)", phones=PHONE),
    )
    switchboard = fact(2, "Carers Support Group", phones=PHONE)

    assert scored([one, two]) == [("s0", "s1", 0.742, ["names 82% alike", "same phone number"])]
    assert scored([one, two, switchboard]) == [
        ("s0", "s1", 0.617, ["names 82% alike", "same phone number, 3 services have it"])
    ]


def test_one_organisations_shared_phone_number_is_weak_evidence():
    one = fact(0, "Acomb Lunch Club", phones=PHONE, organization="nhs")
    two = fact(1, "Acomb Lunch Club (NHS)", phones=PHONE, organization="nhs")

    assert scored([one, two]) == [
        ("s0", "s1", 0.617, ["names 82% alike", "same phone number, one organisation"])
    ]


def test_one_programme_in_several_places_is_not_a_duplicate():
    """One organisation, its main number, its team's emails: names differ only in the place."""
    facts = [
        fact(
            i,
            f"Strength and Balance — {place}",
            organization="nhs",
            points=[point],
            phones={"01904000333"},
            emails={"falls@nhs.example"},
        )
        for i, (place, point) in enumerate(
            [("Haxby", HAXBY), ("Heworth", HEWORTH), ("Acomb", ACOMB)]
        )
    ]
    facts.append(fact(3, "Strength and Balance — Westfield", organization="nhs", points=[ACOMB]))

    assert scored(facts) == []  # the old score found all four pairs of the first three


def test_places_that_differ_count_against_a_match():
    one = fact(0, "Strength and Balance — Haxby", phones=PHONE, points=[HALL], organization="a")
    two = fact(1, "Strength and Balance — Heworth", phones=PHONE, points=[HALL], organization="b")
    again = fact(2, "Strength and Balance (Haxby)", points=[HALL], organization="b")
    st.find_places([one, two, again])

    # 0.6 * 0.64 + 0.25 + 0.15 - 0.2 = 0.585; without the places it was 0.785
    assert st.pair_score(one, two) == (0.0, [])
    assert st.pair_score(one, again) == (0.75, ["names 100% alike", "within 100 m"])


def test_a_venue_both_names_carry_is_set_aside():
    """Two groups meeting in one hall on its number: alike only for the hall's long name."""
    hall = ["St Mark's Church Hall"]
    lunch = fact(0, "Lunch Club at St Mark's Church Hall", phones=PHONE, points=[HALL], venues=hall)
    food = fact(1, "Food Bank at St Mark's Church Hall", phones=PHONE, points=[HALL], venues=hall)

    assert st.name_similarity(lunch.label, food.label) > 0.59  # the old score: 0.757
    assert scored([lunch, food]) == []


def test_a_community_centre_listing_itself():
    """The centre's own entry is not a duplicate of an activity there; a second entry is."""
    centre = {"points": [HALL], "venues": ["Tang Hall Community Centre"]}
    itself = fact(0, "Tang Hall Community Centre", organization="tc", phones=PHONE, **centre)
    there = fact(1, "Warm Space at Tang Hall Community Centre", organization="tc", phones=PHONE,
                 **centre)  # fmt: skip
    again = fact(2, "Tang Hall Community Centre", organization="council", **centre)

    assert scored([itself, there, again]) == [
        ("s0", "s2", 0.75, ["names 100% alike", "within 100 m"])
    ]


def test_a_place_only_one_name_gives_is_set_aside():
    """ "York" is a service area's name: a place, and only one of the two names says it."""
    one = fact(0, "York Stop Smoking Service — The Groves", points=[HALL], areas=["York"])
    two = fact(1, "Stop Smoking Service — The Groves", points=[HALL], areas=["Guildhall"])
    st.find_places([one, two])

    assert one.places == {("york",), ("groves",)}
    assert st.pair_score(one, two) == (0.75, ["names 100% alike", "within 100 m"])


def test_service_area_names_split_into_places():
    facts = [
        fact(0, "Walking Group — Haxby", areas=["Haxby & Wigginton"]),
        fact(1, "Wigginton Walking Group", areas=["Rural West York, Skelton"]),
        fact(2, "Skelton Walking Group and Lunch"),
    ]
    st.find_places(facts)

    assert [(f.places, f.plain) for f in facts] == [
        ({("haxby",)}, ("walking", "group")),
        ({("wigginton",)}, ("walking", "group")),
        ({("skelton",)}, ("walking", "group", "lunch")),
    ]


def test_service_facts_gathers_organisation_areas_and_venues(db):
    service = service_at(53.9576, -1.1160, name="Strength and Balance — Haxby")
    m.ServiceArea.objects.create(id="area-1", service=service, name="Haxby & Wigginton")

    [facts] = st.service_facts(m.Service.objects.all())

    assert facts.organization == service.organization_id
    assert facts.label == "Strength and Balance — Haxby"
    assert facts.areas == ["Haxby & Wigginton"]
    assert facts.venues == [service.service_at_locations.get().location.name]
    assert facts.points == [(53.9576, -1.1160)]


def test_duplicates_find_not_for_one_programme_in_two_places(db):
    council = OrganizationFactory(name="City of York Council")
    for place, (lat, lon) in (("Haxby", HAXBY), ("Heworth", HEWORTH), ("Acomb", ACOMB)):
        service = service_at(lat, lon, name=f"Strength and Balance — {place}", organization=council)
        PhoneFactory(service=service, number="01904 551234")

    assert st.duplicates_find(by=OPERATOR) == []


def test_matching_is_pure_python():
    """The matcher never touches the database: it imports the standard library only."""
    import ast
    import sys
    from pathlib import Path

    source = Path(st.__file__).with_name("matching.py").read_text()
    imported = {
        (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported <= sys.stdlib_module_names, imported - sys.stdlib_module_names


def test_duplicate_merge_moves_children_and_writes_metadata(editor):
    keep = service_at(53.9576, -1.1160, id="keep", name="Acomb Lunch Club")
    other = ServiceFactory(id="other", name="Acomb Lunch Club (NHS)", email="lunch@nhs.example")
    sal = ServiceAtLocationFactory(service=other)
    phone = PhoneFactory(service=other)
    contact = ContactFactory(service=other)
    schedule = ScheduleFactory(service=other)
    attribute = AttributeFactory(service=other)
    candidate = DuplicateCandidateFactory(pair=(keep, other))

    st.duplicate_merge(by=editor, candidate=candidate, keep=keep)

    for child in (sal, phone, contact, schedule):
        child.refresh_from_db()
        assert child.service_id == "keep"
        record = m.Metadata.objects.get(resource_id=child.id)
        assert (record.field_name, record.previous_value, record.replacement_value) == (
            "service_id",
            "other",
            "keep",
        )
        assert record.updated_by == editor.email
    attribute.refresh_from_db()
    assert attribute.link_id == "keep"
    other.refresh_from_db()
    keep.refresh_from_db()
    assert other.status == "defunct"
    assert keep.alternate_name == "Acomb Lunch Club (NHS)"
    status = m.Metadata.objects.get(resource_id="other", field_name="status")
    assert (status.previous_value, status.replacement_value) == ("active", "defunct")
    candidate.refresh_from_db()
    assert (candidate.status, candidate.resolved_by) == ("merged", editor)
    event = events("directory.duplicate_merge", editor).get()
    assert event.detail["kept"] == "keep"
    assert event.detail["moved"]["phone"] == 1


def test_duplicate_merge_keep_must_be_one_of_the_pair(editor):
    candidate = DuplicateCandidateFactory()

    with pytest.raises(GovernanceError):
        st.duplicate_merge(by=editor, candidate=candidate, keep=ServiceFactory())

    candidate.refresh_from_db()
    assert candidate.status == "open"


def test_duplicate_dismiss_by_coordinator_refused(coordinator):
    candidate = DuplicateCandidateFactory()

    with pytest.raises(AccessDenied):
        st.duplicate_dismiss(by=coordinator, candidate=candidate)

    candidate.refresh_from_db()
    assert candidate.status == "open"
    assert events("directory.edit", coordinator).get().outcome == "refused"


def test_duplicate_pages_compare_and_merge(login, editor):
    first = ServiceFactory(id="a", name="Acomb Lunch Club")
    second = ServiceFactory(id="b", name="Acomb Lunch Club (NHS)")
    PhoneFactory(service=second, number="01904 000111")
    candidate = DuplicateCandidateFactory(pair=(first, second))
    client = login(editor)

    assert "Acomb Lunch Club (NHS)" in client.get(DUPLICATES).content.decode()
    url = reverse("directory:duplicate_review", args=[candidate.pk])
    page = client.get(url).content.decode()
    assert "01904 000111" in page
    response = client.post(url, {"decision": "first"})

    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == "defunct"
    assert client.get(url).status_code == 404  # resolved: off the queue


def test_duplicate_page_not_duplicates(login, editor):
    candidate = DuplicateCandidateFactory()
    url = reverse("directory:duplicate_review", args=[candidate.pk])

    login(editor).post(url, {"decision": "distinct"})

    candidate.refresh_from_db()
    assert candidate.status == "distinct"
    assert events("directory.duplicate_dismiss", editor).count() == 1


def test_find_duplicates_command(db):
    ServiceFactory(name="Acomb Lunch Club")
    ServiceFactory(name="Acomb Lunch Club")
    out = StringIO()

    call_command("directory_find_duplicates", "--json", stdout=out)

    [pair] = json.loads(out.getvalue())
    assert pair["score"] == 0.6
    assert pair["reasons"] == ["names 100% alike"]


# --- permissions -----------------------------------------------------------------------------


@pytest.fixture
def queue_urls(db):
    suggestion = AssetSuggestionFactory()
    candidate = DuplicateCandidateFactory()
    return [
        MODERATION,
        reverse("directory:moderation_review", args=[suggestion.pk]),
        DUPLICATES,
        reverse("directory:duplicate_review", args=[candidate.pk]),
    ]


def test_queue_pages_404_for_coordinator(login, coordinator, queue_urls):
    client = login(coordinator)
    for url in queue_urls:
        before = events("directory.edit", coordinator).count()
        assert client.get(url).status_code == 404, url
        assert events("directory.edit", coordinator).count() == before + 1, url
    for url in queue_urls[1::2]:  # the review pages: a decision posted is refused too
        assert client.post(url, {"decision": "accept", "kind": "asset"}).status_code == 404
        assert client.post(url, {"decision": "first"}).status_code == 404
    assert m.AssetSuggestion.objects.get().status == "pending"
    assert m.DuplicateCandidate.objects.get().status == "open"


def test_stewardship_pages_redirect_when_signed_out(client, queue_urls):
    service = ServiceFactory()
    for url in [MY_SERVICES, reverse("directory:assure", args=[service.id]), *queue_urls]:
        response = client.post(url) if "confirm" in url else client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/account/login/"), url


def test_every_stewardship_service_writes_its_audit_event(editor):
    service = ServiceFactory(assured_date=None)
    st.service_assure(by=editor, service=service)
    st.services_flag_stale(by=editor)
    st.suggestion_accept(by=editor, suggestion=st.suggestion_submit(**GOOD))
    st.suggestion_reject(by=editor, suggestion=AssetSuggestionFactory(), note="Not local")
    ServiceFactory(name="Haxby Walking Group")
    ServiceFactory(name="Haxby Walking Group")
    ServiceFactory(name="Acomb Lunch Club")
    ServiceFactory(name="Acomb Lunch Club")
    one, two = st.duplicates_find(by=editor)
    st.duplicate_merge(by=editor, candidate=one, keep=one.first)
    st.duplicate_dismiss(by=editor, candidate=two)

    actions = set(AuditEvent.objects.values_list("action", flat=True))

    assert {
        "directory.assure",
        "directory.flag_stale",
        "directory.suggest",
        "directory.suggestion_accept",
        "directory.suggestion_reject",
        "directory.duplicates_find",
        "directory.duplicate_merge",
        "directory.duplicate_dismiss",
    } <= actions
