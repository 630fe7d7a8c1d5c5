from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "locality.core"
    label = "core"
