from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "locality.demo"
    label = "demo"
