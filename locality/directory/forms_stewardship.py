"""Forms for the stewardship pages. The services validate; these only carry the values."""

from django import forms

from locality.core.form_utils import GovukRadios

HONEYPOT = "organisation_reference"


class SuggestionForm(forms.Form):
    """A resident's suggestion. `suggestion_submit` checks the values and says what is wrong."""

    name = forms.CharField(label="Name of the place, group or activity", required=False)
    description = forms.CharField(
        label="What is it, and who is it for?",
        help_text="For example, a weekly lunch club for older people, or a park with a play area.",
        widget=forms.Textarea,
        required=False,
    )
    address = forms.CharField(label="Where is it? (optional)", required=False)
    postcode = forms.CharField(label="Postcode (optional)", required=False)
    when = forms.CharField(
        label="When does it happen? (optional)",
        help_text="For example, every Tuesday, 12pm to 2pm.",
        required=False,
    )
    website = forms.CharField(label="Website (optional)", widget=forms.URLInput, required=False)
    suggested_by_name = forms.CharField(label="Your name (optional)", required=False)
    suggested_by_email = forms.CharField(
        label="Your email address (optional)", widget=forms.EmailInput, required=False
    )
    # Hidden from people (and screen readers); a spam robot filling every field fills this.
    organisation_reference = forms.CharField(required=False)

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT, "").strip())

    def suggestion(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != HONEYPOT}


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label="Should this be added to the directory?",
        choices=[("accept", "Yes, add it to the directory"), ("reject", "No, do not add it")],
        widget=GovukRadios,
        error_messages={"required": "Select whether to add it to the directory"},
    )
    kind = forms.ChoiceField(
        label="What is it?",
        choices=[
            ("asset", "A community asset: a place, a group or an activity"),
            ("service", "A service that an organisation provides"),
        ],
        initial="asset",
        widget=GovukRadios,
        required=False,
    )
    organization_name = forms.CharField(
        label="Organisation that runs it (optional)",
        help_text="Leave blank to use its own name. An organisation of this name already in the "
        "directory is used.",
        max_length=500,
        required=False,
    )
    note = forms.CharField(
        label="Note",
        help_text="Needed when you do not add it: say why.",
        widget=forms.Textarea,
        max_length=2000,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("note", "").strip():
            self.add_error("note", "Say why it is not being added")
        return data


class DuplicateForm(forms.Form):
    decision = forms.ChoiceField(
        label="What should happen to these two records?",
        widget=GovukRadios,
        error_messages={"required": "Select which one to keep, or that they are not duplicates"},
    )

    def __init__(self, *args, candidate, **kwargs):
        super().__init__(*args, **kwargs)
        first, second = candidate.first.name, candidate.second.name
        self.fields["decision"].choices = [
            ("first", f"Yes: keep the first, {first}, and merge the second into it"),
            ("second", f"Yes: keep the second, {second}, and merge the first into it"),
            ("distinct", "No, they are not duplicates"),
        ]
