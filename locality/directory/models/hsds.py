"""The Human Services Data Specification 3.0 (and Open Referral UK v3) as Django models.

One model per HSDS object. Column names follow HSDS exactly (a foreign key `organization`
is stored in `organization_id`, as HSDS names it), so `locality.directory.hsds_io` maps
between models and HSDS JSON by introspection. Ids are HSDS ids (UUID strings).
Attributes and metadata link to any object by (`link_entity`, `link_id`) and
(`resource_type`, `resource_id`), as in HSDS. References between HSDS objects carry no
database constraint (`db_constraint=False`): a feed may refer to objects published
elsewhere (the official examples do), and such references are kept as published and
reported as warnings (decision 0005).

Directory data is published openly: every field is operational, except those that name a
person (a contact's name, title and email, a contact's phones), which are identifiable.
"""

from django.db import models

from locality.core.classification import IDENTIFIABLE, OPERATIONAL


class HsdsModel(models.Model):
    id = models.CharField(primary_key=True, max_length=64)

    HSDS_NAME = ""
    LOCALITY_FIELDS: set[str] = set()  # Locality's own columns, not part of HSDS
    # model field name -> HSDS JSON key, where they differ (besides `<fk>_id`)
    HSDS_RENAMES: dict[str, str] = {}

    class Meta:
        abstract = True

    def __str__(self):
        return getattr(self, "name", "") or self.id


class Taxonomy(HsdsModel):
    """HSDS 3.0 `taxonomy`."""

    HSDS_NAME = "taxonomy"
    name = models.CharField(max_length=500, blank=True, default="")
    description = models.TextField(blank=True, default="")
    uri = models.URLField(max_length=500, blank=True, default="")
    version = models.CharField(max_length=500, blank=True, default="")


class TaxonomyTerm(HsdsModel):
    """HSDS 3.0 `taxonomy_term`."""

    HSDS_NAME = "taxonomy_term"
    HSDS_RENAMES = {"taxonomy_name": "taxonomy"}
    code = models.CharField(max_length=100, blank=True, default="")
    name = models.CharField(max_length=500, blank=True, default="")
    description = models.TextField(blank=True, default="")
    parent = models.ForeignKey(
        "self",
        db_constraint=False,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    taxonomy_name = models.TextField(blank=True, default="")  # HSDS `taxonomy`
    language = models.CharField(max_length=100, blank=True, default="")
    taxonomy = models.ForeignKey(
        "Taxonomy",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="terms",
    )
    term_uri = models.URLField(max_length=500, blank=True, default="")
    term = models.TextField(blank=True, default="")  # ORUK: the term itself


class Organization(HsdsModel):
    """HSDS 3.0 `organization`."""

    HSDS_NAME = "organization"
    name = models.CharField(max_length=500, blank=True, default="")
    alternate_name = models.CharField(max_length=500, blank=True, default="")
    description = models.TextField(blank=True, default="")
    email = models.CharField(max_length=500, blank=True, default="")
    website = models.URLField(max_length=500, blank=True, default="")
    tax_status = models.CharField(max_length=500, blank=True, default="")
    tax_id = models.CharField(max_length=500, blank=True, default="")
    year_incorporated = models.IntegerField(null=True, blank=True)
    legal_status = models.CharField(max_length=500, blank=True, default="")
    logo = models.TextField(blank=True, default="")
    uri = models.URLField(max_length=500, blank=True, default="")
    parent_organization = models.ForeignKey(
        "self",
        db_constraint=False,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="child_organizations",
    )


class OrganizationIdentifier(HsdsModel):
    """HSDS 3.0 `organization_identifier`."""

    HSDS_NAME = "organization_identifier"
    organization = models.ForeignKey(
        "Organization",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="organization_identifiers",
    )
    identifier_scheme = models.CharField(max_length=100, blank=True, default="")
    identifier_type = models.CharField(max_length=100, blank=True, default="")
    identifier = models.CharField(max_length=500, blank=True, default="")


class Program(HsdsModel):
    """HSDS 3.0 `program`."""

    HSDS_NAME = "program"
    organization = models.ForeignKey(
        "Organization",
        db_constraint=False,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programs",
    )
    name = models.CharField(max_length=500, blank=True, default="")
    alternate_name = models.CharField(max_length=500, blank=True, default="")
    description = models.TextField(blank=True, default="")


class Service(HsdsModel):
    """HSDS 3.0 `service`."""

    HSDS_NAME = "service"
    organization = models.ForeignKey(
        "Organization",
        db_constraint=False,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
    )
    program = models.ForeignKey(
        "Program",
        db_constraint=False,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
    )
    name = models.CharField(max_length=500, blank=True, default="")
    alternate_name = models.CharField(max_length=500, blank=True, default="")
    description = models.TextField(blank=True, default="")
    url = models.URLField(max_length=500, blank=True, default="")
    email = models.CharField(max_length=500, blank=True, default="")
    status = models.CharField(max_length=100, blank=True, default="")
    interpretation_services = models.TextField(blank=True, default="")
    application_process = models.TextField(blank=True, default="")
    fees_description = models.TextField(blank=True, default="")
    wait_time = models.TextField(blank=True, default="")
    fees = models.TextField(blank=True, default="")
    accreditations = models.TextField(blank=True, default="")
    eligibility_description = models.TextField(blank=True, default="")
    minimum_age = models.FloatField(null=True, blank=True)
    maximum_age = models.FloatField(null=True, blank=True)
    assured_date = models.DateField(null=True, blank=True)
    assurer_email = models.TextField(blank=True, default="")
    licenses = models.TextField(blank=True, default="")
    alert = models.TextField(blank=True, default="")
    last_modified = models.DateTimeField(null=True, blank=True)

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        DEFUNCT = "defunct", "Defunct"
        TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"

    # Locality's own fields: never in the open feed (see LOCALITY_FIELDS).
    confidential = models.BooleanField(
        default=False, help_text="never shown on the open feed or public search (refuges)"
    )
    is_asset = models.BooleanField(
        default=False, help_text="a community asset that is not a service: a park, a hall"
    )
    owner = models.ForeignKey(
        "governance.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=200, blank=True, default="", db_index=True)
    flagged_stale_at = models.DateTimeField(null=True, blank=True)
    search_text = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    LOCALITY_FIELDS = {
        "confidential", "is_asset", "owner", "source", "flagged_stale_at", "search_text",
        "created_at", "updated_at",
    }  # fmt: skip


class Location(HsdsModel):
    """HSDS 3.0 `location`."""

    HSDS_NAME = "location"
    location_type = models.CharField(max_length=100, blank=True, default="")
    url = models.URLField(max_length=500, blank=True, default="")
    organization = models.ForeignKey(
        "Organization",
        db_constraint=False,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="locations",
    )
    name = models.CharField(max_length=500, blank=True, default="")
    alternate_name = models.CharField(max_length=500, blank=True, default="")
    description = models.TextField(blank=True, default="")
    transportation = models.TextField(blank=True, default="")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.CharField(max_length=500, blank=True, default="")
    external_identifier_type = models.CharField(max_length=500, blank=True, default="")

    confidential = models.BooleanField(default=False, help_text="address never published")
    lsoa_code = models.CharField(max_length=9, blank=True, default="", db_index=True)

    LOCALITY_FIELDS = {"confidential", "lsoa_code"}

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"], name="location_lat_lon")]


class ServiceAtLocation(HsdsModel):
    """HSDS 3.0 `service_at_location`."""

    HSDS_NAME = "service_at_location"
    service = models.ForeignKey(
        "Service",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="service_at_locations",
    )
    location = models.ForeignKey(
        "Location",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="service_at_locations",
    )
    description = models.TextField(blank=True, default="")


class Address(HsdsModel):
    """HSDS 3.0 `address`."""

    HSDS_NAME = "address"
    location = models.ForeignKey(
        "Location",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="addresses",
    )
    attention = models.CharField(max_length=500, blank=True, default="")
    address_1 = models.CharField(max_length=500, blank=True, default="")
    address_2 = models.CharField(max_length=500, blank=True, default="")
    city = models.CharField(max_length=500, blank=True, default="")
    region = models.CharField(max_length=500, blank=True, default="")
    state_province = models.CharField(max_length=500, blank=True, default="")
    postal_code = models.CharField(max_length=100, blank=True, default="")
    country = models.CharField(max_length=500, blank=True, default="")
    address_type = models.CharField(max_length=100, blank=True, default="")


class Phone(HsdsModel):
    """HSDS 3.0 `phone`."""

    HSDS_NAME = "phone"
    location = models.ForeignKey(
        "Location",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="phones",
    )
    service = models.ForeignKey(
        "Service",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="phones",
    )
    organization = models.ForeignKey(
        "Organization",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="phones",
    )
    contact = models.ForeignKey(
        "Contact",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="phones",
    )
    service_at_location = models.ForeignKey(
        "ServiceAtLocation",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="phones",
    )
    number = models.CharField(max_length=500, blank=True, default="")
    extension = models.IntegerField(null=True, blank=True)
    type = models.CharField(max_length=100, blank=True, default="")
    description = models.TextField(blank=True, default="")


class Contact(HsdsModel):
    """HSDS 3.0 `contact`."""

    HSDS_NAME = "contact"
    organization = models.ForeignKey(
        "Organization",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
    )
    service = models.ForeignKey(
        "Service",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
    )
    service_at_location = models.ForeignKey(
        "ServiceAtLocation",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
    )
    location = models.ForeignKey(
        "Location",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
    )
    name = models.CharField(max_length=500, blank=True, default="")
    title = models.CharField(max_length=500, blank=True, default="")
    department = models.CharField(max_length=500, blank=True, default="")
    email = models.CharField(max_length=500, blank=True, default="")


class Schedule(HsdsModel):
    """HSDS 3.0 `schedule`."""

    HSDS_NAME = "schedule"
    service = models.ForeignKey(
        "Service",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedules",
    )
    location = models.ForeignKey(
        "Location",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedules",
    )
    service_at_location = models.ForeignKey(
        "ServiceAtLocation",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedules",
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    timezone = models.IntegerField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    count = models.IntegerField(null=True, blank=True)
    wkst = models.CharField(max_length=100, blank=True, default="")
    freq = models.CharField(max_length=100, blank=True, default="")
    interval = models.IntegerField(null=True, blank=True)
    byday = models.CharField(max_length=500, blank=True, default="")
    byweekno = models.CharField(max_length=500, blank=True, default="")
    bymonthday = models.CharField(max_length=500, blank=True, default="")
    byyearday = models.CharField(max_length=500, blank=True, default="")
    description = models.TextField(blank=True, default="")
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    schedule_link = models.URLField(max_length=500, blank=True, default="")
    attending_type = models.TextField(blank=True, default="")
    notes = models.TextField(blank=True, default="")


class ServiceArea(HsdsModel):
    """HSDS 3.0 `service_area`."""

    HSDS_NAME = "service_area"
    service = models.ForeignKey(
        "Service",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="service_areas",
    )
    name = models.CharField(max_length=500, blank=True, default="")
    description = models.TextField(blank=True, default="")
    extent = models.TextField(blank=True, default="")
    extent_type = models.CharField(max_length=100, blank=True, default="")
    uri = models.TextField(blank=True, default="")
    service_area = models.TextField(blank=True, default="")  # ORUK free text


class Language(HsdsModel):
    """HSDS 3.0 `language`."""

    HSDS_NAME = "language"
    service = models.ForeignKey(
        "Service",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="languages",
    )
    location = models.ForeignKey(
        "Location",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="languages",
    )
    phone = models.ForeignKey(
        "Phone",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="languages",
    )
    name = models.CharField(max_length=500, blank=True, default="")
    code = models.CharField(max_length=100, blank=True, default="")
    note = models.TextField(blank=True, default="")


class Funding(HsdsModel):
    """HSDS 3.0 `funding`."""

    HSDS_NAME = "funding"
    organization = models.ForeignKey(
        "Organization",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="funding",
    )
    service = models.ForeignKey(
        "Service",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="funding",
    )
    source = models.CharField(max_length=500, blank=True, default="")


class CostOption(HsdsModel):
    """HSDS 3.0 `cost_option`."""

    HSDS_NAME = "cost_option"
    service = models.ForeignKey(
        "Service",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cost_options",
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.CharField(max_length=500, blank=True, default="")
    currency = models.CharField(max_length=100, blank=True, default="")
    amount = models.FloatField(null=True, blank=True)
    amount_description = models.TextField(blank=True, default="")


class Accessibility(HsdsModel):
    """HSDS 3.0 `accessibility`."""

    HSDS_NAME = "accessibility"
    location = models.ForeignKey(
        "Location",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="accessibility",
    )
    description = models.TextField(blank=True, default="")
    details = models.TextField(blank=True, default="")
    url = models.URLField(max_length=500, blank=True, default="")
    accessibility = models.TextField(blank=True, default="")  # ORUK free text


class RequiredDocument(HsdsModel):
    """HSDS 3.0 `required_document`."""

    HSDS_NAME = "required_document"
    service = models.ForeignKey(
        "Service",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="required_documents",
    )
    document = models.CharField(max_length=500, blank=True, default="")
    uri = models.URLField(max_length=500, blank=True, default="")


class Attribute(HsdsModel):
    """HSDS 3.0 `attribute`."""

    HSDS_NAME = "attribute"
    link_id = models.CharField(max_length=64, db_index=True)
    taxonomy_term = models.ForeignKey(
        "TaxonomyTerm",
        db_constraint=False,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attributes",
    )
    link_type = models.CharField(max_length=100, blank=True, default="")
    link_entity = models.CharField(max_length=100, blank=True, default="")
    value = models.TextField(blank=True, default="")


class Metadata(HsdsModel):
    """HSDS 3.0 `metadata`."""

    HSDS_NAME = "metadata"
    resource_id = models.CharField(max_length=64, db_index=True)
    resource_type = models.CharField(max_length=100, blank=True, default="")
    last_action_date = models.DateField()
    last_action_type = models.CharField(max_length=100, blank=True, default="")
    field_name = models.CharField(max_length=500, blank=True, default="")
    previous_value = models.TextField(blank=True, default="")
    replacement_value = models.TextField(blank=True, default="")
    updated_by = models.CharField(max_length=500, blank=True, default="")


class ServiceCapacity(HsdsModel):
    """HSDS 3.1 `service_capacity`: how much of a service is available, in a unit."""

    HSDS_NAME = "service_capacity"
    service = models.ForeignKey(
        "Service",
        db_constraint=False,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="capacities",
    )
    unit = models.ForeignKey(
        "Unit",
        db_constraint=False,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="capacities",
    )
    available = models.FloatField(null=True, blank=True)
    maximum = models.FloatField(null=True, blank=True)
    description = models.TextField(blank=True, default="")
    updated = models.DateTimeField(null=True, blank=True)


class Unit(HsdsModel):
    """HSDS 3.1 `unit`: what a capacity is counted in (places, beds, appointments)."""

    HSDS_NAME = "unit"
    name = models.CharField(max_length=500, blank=True, default="")
    scheme = models.CharField(max_length=100, blank=True, default="")
    identifier = models.CharField(max_length=500, blank=True, default="")
    uri = models.URLField(max_length=500, blank=True, default="")


def _classify(model, **overrides) -> None:
    model.DATA_CLASSIFICATION = {
        f.name: overrides.get(f.name, OPERATIONAL) for f in model._meta.concrete_fields
    }


HSDS_MODELS = [
    Taxonomy, TaxonomyTerm, Organization, OrganizationIdentifier, Program, Service, Location,
    ServiceAtLocation, Address, Phone, Contact, Schedule, ServiceArea, Language, Funding,
    CostOption, Accessibility, RequiredDocument, Attribute, Metadata, ServiceCapacity, Unit,
]  # fmt: skip
for _model in HSDS_MODELS:
    _classify(_model)
_classify(Contact, name=IDENTIFIABLE, title=IDENTIFIABLE, email=IDENTIFIABLE)
