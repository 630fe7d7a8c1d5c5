from django.db import models

from locality.core.classification import OPERATIONAL


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        NHS_TRUST = "nhs_trust", "NHS trust"
        ICB = "icb", "Integrated care board"
        PCN = "pcn", "Primary care network"
        GP_PRACTICE = "gp_practice", "GP practice"
        VCS = "vcs", "Voluntary and community sector organisation"
        HOUSING = "housing", "Housing provider"
        POLICE_FIRE = "police_fire", "Police or fire service"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    ods_code = models.CharField("ODS code", max_length=10, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    DATA_CLASSIFICATION = {
        "id": OPERATIONAL,
        "name": OPERATIONAL,
        "kind": OPERATIONAL,
        "ods_code": OPERATIONAL,
        "created_at": OPERATIONAL,
    }

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Team(models.Model):
    """A neighbourhood team: staff of several organisations working as one."""

    name = models.CharField(max_length=200, unique=True)
    neighbourhood = models.CharField(max_length=200, blank=True, default="")
    organisations = models.ManyToManyField(Organisation, related_name="teams")
    created_at = models.DateTimeField(auto_now_add=True)

    DATA_CLASSIFICATION = {
        "id": OPERATIONAL,
        "name": OPERATIONAL,
        "neighbourhood": OPERATIONAL,
        "created_at": OPERATIONAL,
    }

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
