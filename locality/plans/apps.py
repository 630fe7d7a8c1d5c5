from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "locality.plans"
    label = "plans"
