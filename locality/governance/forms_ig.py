"""Forms for the information governance pages: audit search and break-glass review."""

from django import forms

from locality.core.form_utils import GovukRadios
from locality.governance.models import AuditEvent, BreakGlass

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_HINT = "For example, 27/3/2025"


class AuditSearchForm(forms.Form):
    person = forms.CharField(
        label="Person pseudonymous id",
        required=False,
        max_length=32,
        help_text="For example, P3K9XZ2M4B",
    )
    actor = forms.CharField(
        label="Staff email address",
        required=False,
        max_length=254,
        help_text="All or part of the address",
    )
    action = forms.CharField(
        label="Action",
        required=False,
        max_length=40,
        help_text="For example, read, change, break_glass or person.view",
    )
    outcome = forms.ChoiceField(
        label="Outcome", required=False, choices=[("", "Any"), *AuditEvent.Outcome.choices]
    )
    date_from = forms.DateField(
        label="From date",
        required=False,
        input_formats=DATE_FORMATS,
        help_text=DATE_HINT,
        error_messages={"invalid": "Enter the from date as day/month/year"},
    )
    date_to = forms.DateField(
        label="To date",
        required=False,
        input_formats=DATE_FORMATS,
        help_text=DATE_HINT,
        error_messages={"invalid": "Enter the to date as day/month/year"},
    )

    def clean_person(self):
        return self.cleaned_data["person"].strip().upper()

    def clean_actor(self):
        return self.cleaned_data["actor"].strip().lower()

    def clean_action(self):
        return self.cleaned_data["action"].strip()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return data


class BreakGlassReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Was this use of break-glass appropriate?",
        choices=BreakGlass.Outcome.choices,
        widget=GovukRadios,
        error_messages={"required": "Select whether this use was appropriate"},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        widget=forms.Textarea,
        max_length=2000,
        help_text="What you checked, and any follow-up you have asked for",
    )
