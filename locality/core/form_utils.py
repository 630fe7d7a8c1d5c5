"""Form pieces shared by every app's GOV.UK forms."""

from django import forms


class GovukRadios(forms.RadioSelect):
    """Radios whose label id is the first radio's, so the error summary can link to it."""

    def id_for_label(self, id_, index=None):
        return id_
