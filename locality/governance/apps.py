from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "locality.governance"
    label = "governance"
    verbose_name = "Information governance"
