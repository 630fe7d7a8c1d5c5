"""Real places: neighbourhoods made of LSOAs (ONS codes), with population and deprivation."""

from django.db import models

from locality.core.classification import OPERATIONAL


class Neighbourhood(models.Model):
    name = models.CharField(max_length=100)
    la_code = models.CharField("local authority code", max_length=9)
    la_name = models.CharField("local authority", max_length=100)

    DATA_CLASSIFICATION = {
        "id": OPERATIONAL,
        "name": OPERATIONAL,
        "la_code": OPERATIONAL,
        "la_name": OPERATIONAL,
    }

    class Meta:
        ordering = ["la_code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["la_code", "name"], name="neighbourhood_unique_in_la")
        ]

    def __str__(self):
        return f"{self.la_name}: {self.name}"


class Lsoa(models.Model):
    """A 2011 lower layer super output area: about 1,500 residents."""

    code = models.CharField(max_length=9, primary_key=True)
    name = models.CharField(max_length=100)
    la_code = models.CharField(max_length=9, db_index=True)
    msoa_code = models.CharField(max_length=9, blank=True, default="")
    ward_code = models.CharField(max_length=9, blank=True, default="")
    ward_name = models.CharField(max_length=100, blank=True, default="")
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, null=True, blank=True, related_name="lsoas"
    )
    latitude = models.FloatField(help_text="population-weighted centroid")
    longitude = models.FloatField(help_text="population-weighted centroid")
    population = models.PositiveIntegerField(help_text="mid-2015, IoD2019 denominator")
    age_0_15 = models.PositiveIntegerField()
    age_16_59 = models.PositiveIntegerField()
    age_60_plus = models.PositiveIntegerField()
    imd_score = models.FloatField("IMD 2019 score")
    imd_rank = models.PositiveIntegerField("IMD 2019 rank (1 = most deprived)")
    imd_decile = models.PositiveSmallIntegerField("IMD 2019 decile (1 = most deprived)")
    domain_deciles = models.JSONField(default=dict)
    geometry = models.JSONField(help_text="GeoJSON geometry, WGS84")

    DATA_CLASSIFICATION = {
        name: OPERATIONAL
        for name in (
            "code",
            "name",
            "la_code",
            "msoa_code",
            "ward_code",
            "ward_name",
            "neighbourhood",
            "latitude",
            "longitude",
            "population",
            "age_0_15",
            "age_16_59",
            "age_60_plus",
            "imd_score",
            "imd_rank",
            "imd_decile",
            "domain_deciles",
            "geometry",
        )
    }

    class Meta:
        ordering = ["code"]
        verbose_name = "LSOA"
        constraints = [
            models.CheckConstraint(
                name="lsoa_imd_decile_1_to_10",
                condition=models.Q(imd_decile__gte=1, imd_decile__lte=10),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class Postcode(models.Model):
    """A live postcode unit and its centroid: where a resident's "near me" starts."""

    postcode = models.CharField(max_length=8, primary_key=True, help_text='normalised: "YO1 7HH"')
    latitude = models.FloatField()
    longitude = models.FloatField()
    lsoa_code = models.CharField(max_length=9, blank=True, default="", db_index=True)

    DATA_CLASSIFICATION = {
        name: OPERATIONAL for name in ("postcode", "latitude", "longitude", "lsoa_code")
    }

    class Meta:
        ordering = ["postcode"]

    def __str__(self):
        return self.postcode
