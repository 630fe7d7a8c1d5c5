from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "locality.referrals"
    label = "referrals"
