from django import forms

from locality.places.models import Neighbourhood

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class OutreachUploadForm(forms.Form):
    neighbourhood = forms.ModelChoiceField(
        label="Neighbourhood",
        queryset=Neighbourhood.objects.none(),
        empty_label=None,
        error_messages={"required": "Select the neighbourhood the list is for"},
    )
    file = forms.FileField(
        label="Upload a cohort member list",
        help_text="A CSV file with the columns person_id, cohort, cohort_version and "
        "neighbourhood, and optionally reason and rank.",
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
        },
    )

    def __init__(self, *args, team=None, **kwargs):
        super().__init__(*args, **kwargs)
        name = team.neighbourhood if team is not None else None
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(name=name)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 10 MB")
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        return upload


class OutreachOutcomeForm(forms.Form):
    status = forms.ChoiceField(choices=[("contacted", "Contacted"), ("declined", "Declined")])
