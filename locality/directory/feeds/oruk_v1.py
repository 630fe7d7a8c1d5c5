"""Map Open Referral UK v1 service records (HSDS 1.x UK shape) to HSDS 3.0 nested services.

Ids: every entity gets a deterministic UUID,
`uuid5(NAMESPACE, f"oruk-v1:{feed_key}:{kind}:{original_id}")`, where `feed_key` comes from the
feed's file name (or is given), so importing the same feed again gives the same ids. The mapping
new id -> original id is kept (`Feed.original_ids`). An entity without an id of its own gets one
derived from its parent's original id and its position.

What is mapped: name; description (HTML to plain text); url and email (tidied: a URL without a
scheme gets "http://", "http:www." is repaired, a value that is no URL or e-mail address is left
out with a warning); status; fees; accreditations; assured_date (`assured_date`, else
`pc_metadata.date_assured`); last_modified (`pc_metadata.date_modified`); the organization
(url -> website); eligibilitys (-> eligibility_description, minimum_age, maximum_age); contacts
and their phones; languages; cost_options; fundings (-> funding); service_areas;
regular_schedules (-> schedules); service_at_locations with their locations (physical_addresses
-> addresses, accessibility_for_disabilities -> accessibility, regular_schedules -> schedules);
service_taxonomys (-> attributes with their taxonomy_term, and the terms and vocabularies as
standalone taxonomy terms and taxonomies); `pc_attendingAccess_additionalInfo` ->
application_process; and the v1 classification fields `deliverable_type`, `attending_type`,
`attending_access` and `pc_targetAudience` -> attributes on terms of Locality vocabularies named
after those fields.

Not mapped: `pc_metadata.assured_by` and `date_created` (the assurer's personal e-mail address
is never copied), holiday_schedules, reviews, and any field not listed above.
"""

import datetime as dt
import re
import uuid
from pathlib import Path

from locality.directory.feeds.html_text import html_to_text
from locality.directory.feeds.problems import Problem
from locality.directory.feeds.schemas import is_email, is_uri

# uuid5(NAMESPACE_URL, "urn:locality:directory:oruk-v1"); fixed for good: ids derive from it.
NAMESPACE = uuid.UUID("a367458b-f89a-507f-8ff2-aa8c21f6d9e4")

STATUSES = {"active", "inactive", "defunct", "temporarily closed"}

# v1 field -> (vocabulary name, description) for the fields that become attributes
CLASSIFICATIONS = {
    "deliverable_type": "How the service is delivered (ORUK v1 deliverable_type)",
    "attending_type": "How people attend the service (ORUK v1 attending_type)",
    "attending_access": "How people get access to the service (ORUK v1 attending_access)",
    "pc_targetAudience": "Who the service is for (ORUK v1 Placecube pc_targetAudience)",
}

# markers of the v1 shape, and keys only HSDS 3 services have
V1_KEYS = {
    "pc_metadata",
    "pc_targetAudience",
    "pc_attendingAccess_additionalInfo",
    "deliverable_type",
    "attending_type",
    "attending_access",
    "service_taxonomys",
    "regular_schedules",
    "holiday_schedules",
    "eligibilitys",
    "fundings",
    "reviews",
}
HSDS3_KEYS = {
    "schedules",
    "attributes",
    "last_modified",
    "funding",
    "metadata",
    "required_documents",
    "program",
    "assurer_email",
    "fees_description",
    "eligibility_description",
}

_BLANK = " \t\r\n\u00a0\u200b\ufeff"
_EMAILS = re.compile(r"[^@\s,;/<>()\"']+@[^@\s,;/<>()\"']+\.[^@\s,;/<>()\"']+")
_DOMAIN = re.compile(r"^[a-z0-9][a-z0-9\-]*(\.[a-z0-9\-]+)*\.[a-z]{2,}(:\d+)?([/?#]\S*)?$", re.I)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$")


def looks_like_v1(item) -> bool:
    """Whether one service object has the ORUK v1 shape."""
    if not isinstance(item, dict):
        return False
    keys = set(item)
    if keys & HSDS3_KEYS:
        return False
    if keys & V1_KEYS:
        return True
    org = item.get("organization")
    return (
        isinstance(org, dict)
        and "organization_id" not in item
        and "url" in org
        and "website" not in org
    )


def feed_key_for(path: str | Path) -> str:
    """The feed key from a file (or folder) name: lower case, runs of other characters '-'."""
    key = re.sub(r"[^a-z0-9]+", "-", Path(path).stem.lower()).strip("-")
    return key or "feed"


def v1_id(feed_key: str, kind: str, original_id: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"oruk-v1:{feed_key}:{kind}:{original_id}"))


def _text(value) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip(_BLANK)
    return text or None


def _put(doc: dict, key: str, value) -> None:
    if value is not None and value != "" and value != []:
        doc[key] = value


def _number(value):
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return value
    text = _text(value)
    if text is None:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return int(number) if number.is_integer() and "." not in text else number


def _date(value) -> str | None:
    text = _text(value)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def _datetime(value) -> str | None:
    text = _text(value)
    if text is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        day = _date(text)
        return f"{day}T00:00:00Z" if day else None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.isoformat().replace("+00:00", "Z")


def _time(value) -> str | None:
    text = _text(value)
    if text is None:
        return None
    match = _TIME.match(text)
    if not match:
        return text  # left as given: validation reports it
    hours, minutes, seconds = match.groups()
    return f"{int(hours):02d}:{minutes}" + (f":{seconds}" if seconds else "")


class V1Mapper:
    """Maps the records of one v1 feed; collects ids, vocabularies and warnings on the way."""

    def __init__(self, feed_key: str, file: str) -> None:
        self.feed_key = feed_key
        self.file = file
        self.original_ids: dict[str, str] = {}
        self.taxonomies: dict[str, dict] = {}
        self.terms: dict[str, dict] = {}
        self.warnings: list[Problem] = []
        self._record = ""

    # --- ids --------------------------------------------------------------------------------

    def new_id(self, kind: str, original, parent: str = "", position: int = 0) -> str:
        text = _text(original)
        if text is None:
            text = f"{parent}/{kind}/{position}"
        new = v1_id(self.feed_key, kind, text)
        self.original_ids[new] = text
        return new

    def warn(self, field: str, message: str) -> None:
        original = self.original_ids.get(self._record)
        suffix = f" (feed id {original})" if original else ""
        self.warnings.append(Problem(self.file, self._record, field, message + suffix))

    # --- the service ------------------------------------------------------------------------

    def service(self, record: dict, index: int) -> dict:
        """One v1 record as an HSDS 3.0 nested service. `index` is its 0-based position."""
        original = _text(record.get("id")) or f"record-{index + 1}"
        doc: dict = {"id": self.new_id("service", original)}
        self._record = doc["id"]
        if "name" in record:
            doc["name"] = _text(record["name"]) or ""
        if isinstance(record.get("alternate_name"), str):
            doc["alternate_name"] = record["alternate_name"]
        _put(doc, "description", html_to_text(_text(record.get("description"))))
        _put(doc, "url", self.url(record.get("url"), "url"))
        _put(doc, "email", self.email(record.get("email"), "email"))
        status = _text(record.get("status"))
        if status is not None:
            normal = re.sub(r"[\s_\-]+", " ", status.lower())
            doc["status"] = normal if normal in STATUSES else status
        _put(doc, "fees", _text(record.get("fees")))
        _put(doc, "accreditations", _text(record.get("accreditations")))
        metadata = record.get("pc_metadata") if isinstance(record.get("pc_metadata"), dict) else {}
        _put(
            doc,
            "assured_date",
            _date(record.get("assured_date")) or _date(metadata.get("date_assured")),
        )
        _put(doc, "last_modified", _datetime(metadata.get("date_modified")))
        _put(
            doc,
            "application_process",
            html_to_text(_text(record.get("pc_attendingAccess_additionalInfo"))),
        )
        self._eligibility(record, doc)
        org = record.get("organization")
        if isinstance(org, dict):
            doc["organization"] = self.organization(org, original)
            doc["organization_id"] = doc["organization"]["id"]
        _put(doc, "contacts", self._many(record, "contacts", self.contact, original))
        _put(doc, "phones", self._many(record, "phones", self.phone, original))
        _put(doc, "languages", self._many(record, "languages", self.language, original))
        _put(doc, "cost_options", self._many(record, "cost_options", self.cost_option, original))
        _put(doc, "funding", self._many(record, "fundings", self.funding, original))
        _put(doc, "service_areas", self._many(record, "service_areas", self.area, original))
        _put(doc, "schedules", self._many(record, "regular_schedules", self.schedule, original))
        _put(
            doc,
            "service_at_locations",
            self._many(record, "service_at_locations", self.service_at_location, original),
        )
        attributes = self._many(record, "service_taxonomys", self.taxonomy_link, original)
        attributes += self._classifications(record, original)
        for attribute in attributes:
            attribute["link_id"] = doc["id"]
        _put(doc, "attributes", attributes)
        return doc

    def _many(self, record: dict, key: str, mapper, parent: str) -> list[dict]:
        items = record.get(key)
        if not isinstance(items, list):
            return []
        out = []
        for position, item in enumerate(items):
            if isinstance(item, dict):
                mapped = mapper(item, parent, position)
                if mapped is not None:
                    out.append(mapped)
        return out

    def _eligibility(self, record: dict, doc: dict) -> None:
        texts, lows, highs = [], [], []
        items = record.get("eligibilitys") if isinstance(record.get("eligibilitys"), list) else []
        for item in [record, *[i for i in items if isinstance(i, dict)]]:
            text = _text(item.get("eligibility"))
            if text and text not in texts:
                texts.append(text)
            low, high = _number(item.get("minimum_age")), _number(item.get("maximum_age"))
            if low is not None:
                lows.append(low)
            if high is not None:
                highs.append(high)
        _put(doc, "eligibility_description", "; ".join(texts) or None)
        _put(doc, "minimum_age", min(lows) if lows else None)
        _put(doc, "maximum_age", max(highs) if highs else None)

    # --- contact details --------------------------------------------------------------------

    def url(self, value, field: str) -> str | None:
        text = _text(value)
        if text is None:
            return None
        fixed = re.sub(r"^(https?):/*(?=[^/])", r"\1://", text, flags=re.I)
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", fixed) and _DOMAIN.match(fixed):
            fixed = "http://" + fixed
        if is_uri(fixed) and not re.search(r"\s", fixed):
            return fixed
        self.warn(field, f"{text!r} is not a web address: left out")
        return None

    def email(self, value, field: str) -> str | None:
        text = _text(value)
        if text is None:
            return None
        text = re.sub(r"^mailto:", "", text, flags=re.I).strip(_BLANK)
        if is_email(text):
            return text
        found = _EMAILS.findall(text)
        if found:
            if len(found) > 1:
                self.warn(field, f"{text!r} holds {len(found)} addresses: kept the first")
            return found[0]
        self.warn(field, f"{text!r} is not an e-mail address: left out")
        return None

    def organization(self, org: dict, parent: str) -> dict:
        doc: dict = {"id": self.new_id("organization", org.get("id"), parent, 0)}
        doc["name"] = _text(org.get("name")) or ""
        doc["description"] = html_to_text(_text(org.get("description")))
        _put(doc, "email", self.email(org.get("email"), "organization.email"))
        _put(doc, "website", self.url(org.get("url"), "organization.website"))
        _put(doc, "logo", self.url(org.get("logo"), "organization.logo"))
        _put(doc, "uri", self.url(org.get("uri"), "organization.uri"))
        return doc

    def contact(self, item: dict, parent: str, position: int) -> dict:
        doc: dict = {"id": self.new_id("contact", item.get("id"), parent, position)}
        for key in ("name", "title", "department"):
            _put(doc, key, _text(item.get(key)))
        _put(doc, "email", self.email(item.get("email"), "contacts.email"))
        own = _text(item.get("id")) or f"{parent}/contact/{position}"
        _put(doc, "phones", self._many(item, "phones", self.phone, own))
        return doc

    def phone(self, item: dict, parent: str, position: int) -> dict | None:
        number = _text(item.get("number"))
        if number is None:
            self.warn("phones.number", "a phone without a number: left out")
            return None
        doc: dict = {"id": self.new_id("phone", item.get("id"), parent, position)}
        doc["number"] = number
        _put(doc, "extension", _number(item.get("extension")))
        _put(doc, "type", _text(item.get("type")))
        _put(doc, "description", _text(item.get("description")))
        language = _text(item.get("language"))
        if language:
            doc["languages"] = [
                {"id": self.new_id("language", None, parent, position), "name": language}
            ]
        return doc

    def language(self, item: dict, parent: str, position: int) -> dict | None:
        name = _text(item.get("language")) or _text(item.get("name"))
        if name is None:
            return None
        doc = {"id": self.new_id("language", item.get("id"), parent, position), "name": name}
        _put(doc, "code", _text(item.get("code")))
        return doc

    def cost_option(self, item: dict, parent: str, position: int) -> dict:
        doc: dict = {"id": self.new_id("cost_option", item.get("id"), parent, position)}
        _put(doc, "valid_from", _date(item.get("valid_from")))
        _put(doc, "valid_to", _date(item.get("valid_to")))
        _put(doc, "option", _text(item.get("option")))
        amount = _number(item.get("amount"))
        _put(doc, "amount", amount)
        described = _text(item.get("amount_description"))
        if amount is None and _text(item.get("amount")):
            described = "; ".join(x for x in (_text(item.get("amount")), described) if x)
        _put(doc, "amount_description", described)
        _put(doc, "currency", _text(item.get("currency")))
        return doc

    def funding(self, item: dict, parent: str, position: int) -> dict:
        doc: dict = {"id": self.new_id("funding", item.get("id"), parent, position)}
        _put(doc, "source", _text(item.get("source")))
        return doc

    def area(self, item: dict, parent: str, position: int) -> dict:
        doc: dict = {"id": self.new_id("service_area", item.get("id"), parent, position)}
        name = _text(item.get("service_area")) or _text(item.get("name"))
        _put(doc, "name", name)
        _put(doc, "service_area", name)
        _put(doc, "description", _text(item.get("description")))
        _put(doc, "extent", _text(item.get("extent")))
        _put(doc, "extent_type", _text(item.get("extent_type")))
        _put(doc, "uri", self.url(item.get("uri"), "service_areas.uri"))
        return doc

    def schedule(self, item: dict, parent: str, position: int) -> dict:
        doc: dict = {"id": self.new_id("schedule", item.get("id"), parent, position)}
        for key in ("opens_at", "closes_at"):
            _put(doc, key, _time(item.get(key)))
        for key in ("valid_from", "valid_to", "dtstart", "until"):
            _put(doc, key, _date(item.get(key)))
        freq = _text(item.get("freq"))
        _put(doc, "freq", freq.upper() if freq else None)
        _put(doc, "interval", _number(item.get("interval")))
        for key in ("byday", "bymonthday", "description", "notes", "attending_type"):
            _put(doc, key, _text(item.get(key)))
        return doc

    # --- locations --------------------------------------------------------------------------

    def service_at_location(self, item: dict, parent: str, position: int) -> dict:
        doc: dict = {"id": self.new_id("service_at_location", item.get("id"), parent, position)}
        own = _text(item.get("id")) or f"{parent}/service_at_location/{position}"
        location = item.get("location")
        if isinstance(location, dict):
            doc["location"] = self.location(location, own)
            doc["location_id"] = doc["location"]["id"]
        _put(doc, "schedules", self._many(item, "regular_schedules", self.schedule, own))
        return doc

    def location(self, item: dict, parent: str) -> dict:
        doc: dict = {"id": self.new_id("location", item.get("id"), parent, 0)}
        doc["location_type"] = _text(item.get("location_type")) or "physical"
        _put(doc, "name", _text(item.get("name")))
        _put(doc, "description", html_to_text(_text(item.get("description"))))
        for key in ("latitude", "longitude"):
            value = item.get(key)
            number = _number(value)
            if number is None and _text(value) is not None:
                self.warn(f"location.{key}", f"{value!r} is not a number: left out")
            _put(doc, key, number)
        own = _text(item.get("id")) or f"{parent}/location/0"
        _put(doc, "addresses", self._many(item, "physical_addresses", self.address, own))
        accessibility = self._many(item, "accessibility_for_disabilities", self.accessibility, own)
        _put(doc, "accessibility", accessibility)
        return doc

    def address(self, item: dict, parent: str, position: int) -> dict:
        doc: dict = {"id": self.new_id("address", item.get("id"), parent, position)}
        _put(doc, "attention", _text(item.get("attention")))
        doc["address_1"] = _text(item.get("address_1")) or ""
        extra = ", ".join(
            t for t in (_text(item.get(k)) for k in ("address_2", "address_3", "address_4")) if t
        )
        _put(doc, "address_2", extra)
        doc["city"] = _text(item.get("city")) or ""
        _put(doc, "region", _text(item.get("region")))
        doc["state_province"] = _text(item.get("state_province")) or ""
        doc["postal_code"] = _text(item.get("postal_code")) or ""
        doc["country"] = _text(item.get("country")) or "GB"
        doc["address_type"] = "physical"
        return doc

    def accessibility(self, item: dict, parent: str, position: int) -> dict:
        doc: dict = {"id": self.new_id("accessibility", item.get("id"), parent, position)}
        _put(doc, "description", _text(item.get("accessibility")) or _text(item.get("description")))
        _put(doc, "details", _text(item.get("details")))
        return doc

    # --- taxonomies -------------------------------------------------------------------------

    def vocabulary(self, name: str, description: str = "") -> str:
        taxonomy_id = self.new_id("taxonomy", name)
        self.taxonomies.setdefault(
            taxonomy_id, {"id": taxonomy_id, "name": name, "description": description}
        )
        return taxonomy_id

    def term(self, vocabulary: str, original: str, name: str, parent=None, code=None) -> dict:
        taxonomy_id = self.vocabulary(vocabulary, CLASSIFICATIONS.get(vocabulary, ""))
        term_id = self.new_id("taxonomy_term", original)
        if term_id not in self.terms:
            doc = {
                "id": term_id,
                "name": name,
                "description": "",
                "taxonomy": vocabulary,
                "taxonomy_id": taxonomy_id,
            }
            _put(doc, "code", code)
            if _text(parent):
                doc["parent_id"] = self.new_id("taxonomy_term", parent)
            self.terms[term_id] = doc
        return self.terms[term_id]

    def _attribute(self, term: dict, original: str, link_type: str | None = None) -> dict:
        doc = {
            "id": self.new_id("attribute", original),
            "taxonomy_term_id": term["id"],
            "taxonomy_term": term,
            "link_entity": "service",
        }
        _put(doc, "link_type", link_type)
        return doc

    def taxonomy_link(self, item: dict, parent: str, position: int) -> dict | None:
        taxonomy = item.get("taxonomy")
        if not isinstance(taxonomy, dict):
            return None
        original = _text(taxonomy.get("id")) or _text(taxonomy.get("name"))
        if original is None:
            return None
        vocabulary = _text(taxonomy.get("vocabulary")) or "unnamed vocabulary"
        term = self.term(
            vocabulary,
            original,
            _text(taxonomy.get("name")) or original,
            parent=taxonomy.get("parent"),
            code=original,
        )
        link = _text(item.get("id")) or f"{parent}/service_taxonomy/{position}"
        return self._attribute(term, link)

    def _classifications(self, record: dict, parent: str) -> list[dict]:
        """Attributes for the v1 classification fields, one term per distinct label.

        `pc_targetAudience` items are `{"id": ..., "audienceType": label}` whose ids number the
        assignment, not the category, so the label is the key; "A>B" is term B under term A.
        """
        out = []
        for field in CLASSIFICATIONS:
            value = record.get(field)
            for item in value if isinstance(value, list) else [value]:
                label = (
                    item.get("audienceType") or item.get("name") if isinstance(item, dict) else item
                )
                label = _text(label)
                if label is None:
                    continue
                term = None
                path = ""
                for part in [p.strip(_BLANK) for p in label.split(">") if p.strip(_BLANK)]:
                    path = f"{path}>{part}" if path else part
                    parent_id = term["id"] if term else None
                    term = self.term(field, f"{field}:{path.casefold()}", part, parent=None)
                    if parent_id:
                        term.setdefault("parent_id", parent_id)
                if term is not None:
                    key = f"{field}:{path.casefold()}"
                    out.append(self._attribute(term, f"{parent}/{key}", link_type=field))
        unique = {a["id"]: a for a in out}
        return list(unique.values())

    def finish(self, services: list[dict]) -> None:
        """After every record: drop parent_ids naming terms the feed does not carry, and give
        each attribute its own copy of the final term."""
        for term in self.terms.values():
            if term.get("parent_id") and term["parent_id"] not in self.terms:
                del term["parent_id"]
        for doc in services:
            for attribute in doc.get("attributes", []):
                attribute["taxonomy_term"] = dict(self.terms[attribute["taxonomy_term_id"]])
