"""Search results shaped for the pages, the map and a text message. Reads only.

A confidential location is never put on a map or in a text message, even for staff.
"""

import datetime as dt
import unicodedata
from collections import defaultdict

from django.conf import settings
from django.core.paginator import Paginator
from django.urls import reverse

from locality.directory import models as m
from locality.directory import schedule_utils as sched
from locality.directory.geo_utils import distance_text
from locality.directory.need_catalogue import NeedCatalogue, need_catalogue, need_names_by_service
from locality.directory.search import is_fresh
from locality.places.models import Lsoa

MAP_MARGIN_DEGREES = 0.01  # about 1 km of outlines around the markers
SMS_LIMIT = 459  # three concatenated GSM-7 segments of 153 characters
SMS_LINE = 150  # at most, per service
SMS_HEADER = 60
# GSM 03.38: the basic set (one unit each) and the extension table (two units each).
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = set("^{}\\[~]|€")
GSM_REPLACEMENTS = {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."}
# Only the columns the result list shows, as rows rather than model objects.
COST_FIELDS = ("service_id", "amount", "amount_description", "option")
ADDRESS_FIELDS = ("location_id", "address_1", "address_2", "city", "postal_code", "address_type")


# --- bits of a result ------------------------------------------------------------------


def address_text(address: m.Address | None) -> str:
    if address is None:
        return ""
    lines = [address.address_1, address.address_2, address.city]
    text = ", ".join(line.strip() for line in lines if line and line.strip())
    return f"{text} {address.postal_code}".strip()


def cost_text(service: m.Service, options) -> str:
    """The cost in words: "Free", "£3.50", "From £2 (per session)", or "Cost not given"."""
    amounts = [o.amount for o in options if o.amount is not None]
    if amounts and max(amounts) == 0:
        return "Free"
    paid = sorted((o for o in options if o.amount), key=lambda o: o.amount)
    if paid:
        cheapest = paid[0]
        money = f"£{cheapest.amount:,.2f}".replace(".00", "")
        text = f"From {money}" if len({o.amount for o in paid}) > 1 else money
        detail = cheapest.amount_description or cheapest.option
        return f"{text} ({detail})" if detail else text
    return service.fees_description.strip() or "Cost not given"


def ages_text(service: m.Service) -> str:
    low, high = service.minimum_age, service.maximum_age
    if low is not None and high is not None:
        return f"Ages {low:g} to {high:g}"
    if low is not None:
        return f"Ages {low:g} and over"
    if high is not None:
        return f"Ages up to {high:g}"
    return ""


def assurance_text(service: m.Service) -> str:
    if service.assured_date is None:
        return "Not yet checked by the directory team"
    when = sched.date_text(service.assured_date)
    return f"Last checked on {when}" + ("" if is_fresh(service) else " (due a check)")


def long_times(schedules) -> list[str]:
    """Every schedule in words, for the printed sheet."""
    return [text for text in (sched.schedule_text(s) for s in schedules) if text]


def _by(queryset, key: str) -> dict[str, list]:
    out = defaultdict(list)
    for obj in queryset:
        out[getattr(obj, key)].append(obj)
    return out


# --- result rows -----------------------------------------------------------------------


def result_rows(
    found, *, staff: bool, now: dt.datetime, needs: NeedCatalogue | None = None
) -> list[dict]:
    """One dict per result on the page, for the list, the map and the staff view."""
    results = list(found)
    if not results:
        return []
    service_ids = [r.service.id for r in results]
    location_ids = [r.location.id for r in results if r.location is not None]
    costs = m.CostOption.objects.filter(service_id__in=service_ids)
    costs = _by(costs.values_list(*COST_FIELDS, named=True), "service_id")
    addresses = m.Address.objects.filter(location_id__in=location_ids)
    addresses = _by(addresses.values_list(*ADDRESS_FIELDS, named=True), "location_id")
    phones = _phones(service_ids, location_ids)
    need_names = need_names_by_service(service_ids, needs or need_catalogue())
    rows = []
    for result in results:
        service, location = result.service, result.location
        address = _physical(addresses.get(location.id, [])) if location else None
        row = {
            "id": service.id,
            "name": service.name,
            "organisation": service.organization.name if service.organization else "",
            "url": None if service.confidential else _service_url(service),
            "distance": distance_text(result.distance_m) if result.distance_m is not None else "",
            "opening": sched.opening_text(sched.next_opening(result.schedules, now), now),
            "cost": cost_text(service, costs.get(service.id, [])),
            "needs": need_names.get(service.id, []),
            "address": address_text(address),
            "phone": _first_phone(phones, service, location),
            "point": _point(service, location),
            "confidential": service.confidential or bool(location and location.confidential),
            "reasons": result.reasons,
        }
        if staff:
            row.update(_staff_facts(service))
        rows.append(row)
    return rows


def _service_url(service: m.Service) -> str:
    return reverse("directory:service", args=[service.id])


def _staff_facts(service: m.Service) -> dict:
    return {
        "status": (service.status or "active").capitalize(),
        "assurance": assurance_text(service),
        "stale": service.flagged_stale_at is not None,
        "owner": service.owner.full_name if service.owner_id else "No owner",
        "source": service.source or "Entered in Locality",
    }


def _physical(addresses: list) -> m.Address | None:
    for address in addresses:
        if address.address_type.lower() in ("", "physical"):
            return address
    return addresses[0] if addresses else None


def _phones(service_ids, location_ids) -> dict:
    phones = m.Phone.objects.filter(service_id__in=service_ids) | m.Phone.objects.filter(
        location_id__in=location_ids
    )
    out = defaultdict(list)
    for service_id, location_id, number in phones.order_by("id").values_list(
        "service_id", "location_id", "number"
    ):
        if service_id:
            out[("service", service_id)].append(number)
        if location_id:
            out[("location", location_id)].append(number)
    return out


def _first_phone(phones, service, location) -> str:
    numbers = phones.get(("service", service.id)) or (
        phones.get(("location", location.id)) if location else None
    )
    return numbers[0] if numbers else ""


def _point(service, location) -> tuple[float, float] | None:
    if location is None or service.confidential or location.confidential:
        return None
    if location.latitude is None or location.longitude is None:
        return None
    return (location.latitude, location.longitude)


def pagination(found, page_number: int, page_size: int):
    """A Django page over the result count, for the pagination partial."""
    return Paginator(range(found.total if found else 0), page_size).get_page(page_number)


# --- the map ---------------------------------------------------------------------------


def map_data(rows, near: tuple[float, float] | None) -> dict | None:
    """Markers (name, link, address) and, with no tile server, LSOA outlines to draw on."""
    markers = [
        {"lat": r["point"][0], "lon": r["point"][1], "name": r["name"], "url": r["url"] or "",
         "address": r["address"]}
        for r in rows
        if r["point"]
    ]  # fmt: skip
    if not markers:
        return None
    tiles = settings.LOCALITY_MAP_TILES
    points = [(mk["lat"], mk["lon"]) for mk in markers] + ([near] if near else [])
    return {
        "markers": markers,
        "near": list(near) if near else None,
        "tiles": tiles,
        "attribution": settings.LOCALITY_MAP_ATTRIBUTION if tiles else "LSOA outlines: ONS",
        "outlines": None if tiles else lsoa_outlines(points),
    }


def lsoa_outlines(points) -> dict:
    """GeoJSON of the LSOAs around the points (by centroid), our own base map."""
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    lsoas = Lsoa.objects.filter(
        latitude__range=(min(lats) - MAP_MARGIN_DEGREES, max(lats) + MAP_MARGIN_DEGREES),
        longitude__range=(min(lons) - MAP_MARGIN_DEGREES, max(lons) + MAP_MARGIN_DEGREES),
    ).values_list("name", "geometry")
    features = [
        {"type": "Feature", "properties": {"name": name}, "geometry": geometry}
        for name, geometry in lsoas
    ]
    return {"type": "FeatureCollection", "features": features}


# --- a text message --------------------------------------------------------------------


def gsm_text(text: str) -> str:
    """The text in the GSM-7 alphabet, so a message is 153 characters a segment, not 67."""
    out = []
    for char in text:
        char = GSM_REPLACEMENTS.get(char, char)
        if all(c in GSM_BASIC or c in GSM_EXTENSION for c in char):
            out.append(char)
            continue
        plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        out.append(plain if plain and plain in GSM_BASIC else "?")
    return "".join(out)


def gsm_length(text: str) -> int:
    """Length in GSM-7 units: extension characters (€, [, ] ...) take two."""
    return sum(2 if c in GSM_EXTENSION else 1 for c in text)


def _shorten(text: str, units: int) -> str:
    if gsm_length(text) <= units:
        return text
    while text and gsm_length(text) > units - 3:
        text = text[:-1]
    return text.rstrip(" ,.") + "..."


def short_times(schedules) -> str:
    """The first weekly schedule, briefly: "Mon-Fri 9am-5pm", "Tue, Thu 10am-12pm"."""
    for schedule in schedules:
        days = [d for d in sched.WEEKDAYS if d in sched.schedule_days(schedule)]
        if not days or not (schedule.opens_at and schedule.closes_at):
            continue
        names = [sched.DAY_NAMES[sched.WEEKDAYS.index(d)][:3] for d in days]
        indexes = [sched.WEEKDAYS.index(d) for d in days]
        contiguous = len(days) >= 3 and indexes == list(range(indexes[0], indexes[-1] + 1))
        day_text = f"{names[0]}-{names[-1]}" if contiguous else ", ".join(names)
        hours = f"{sched.time_text(schedule.opens_at)}-{sched.time_text(schedule.closes_at)}"
        return f"{day_text} {hours}"
    return ""


def sms_text(rows, found, *, postcode: str, need: str = "", more_url: str = "") -> str:
    """At most three services near a postcode, within three SMS segments (459 characters).

    Each service is one line of at most 150 characters, shortened with "..." if need be;
    the link to the full sheet goes last, only if it fits.
    """
    about = f"near {postcode}" + (f" for {need}" if need else "")
    if not rows:
        return _shorten(gsm_text(f"No services found {about}."), SMS_LIMIT)
    header = _shorten(gsm_text(f"Services {about}:"), SMS_HEADER)
    texts = []
    for number, (row, result) in enumerate(zip(rows[:3], found, strict=False), start=1):
        parts = [row["name"], row["distance"], row["address"], short_times(result.schedules),
                 row["phone"]]  # fmt: skip
        texts.append(gsm_text(f"{number}. " + ". ".join(p for p in parts if p)))
    per_line = min(SMS_LINE, (SMS_LIMIT - gsm_length(header) - len(texts)) // len(texts))
    message = "\n".join([header, *(_shorten(t, per_line) for t in texts)])
    footer = gsm_text(f"More: {more_url}") if more_url else ""
    if footer and gsm_length(message) + 1 + gsm_length(footer) <= SMS_LIMIT:
        message += "\n" + footer
    return message
