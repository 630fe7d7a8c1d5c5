from django import forms

from locality.core.form_utils import GovukRadios
from locality.governance.models import ConsentRecord, Organisation


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to see this record now?",
        help_text="Say what the emergency is. Your information governance lead will read this.",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter the reason you need emergency access"},
    )


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(
        label="What is the consent for?",
        choices=ConsentRecord.Purpose.choices,
        widget=GovukRadios,
        error_messages={"required": "Select what the consent is for"},
    )
    organisation = forms.ModelChoiceField(
        label="Organisation (for sharing for direct care)",
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label="Choose an organisation",
    )
    status = forms.ChoiceField(
        label="Has the person given or withdrawn consent?",
        choices=ConsentRecord.Status.choices,
        widget=GovukRadios,
        error_messages={"required": "Select whether consent is given or withdrawn"},
    )
    note = forms.CharField(
        label="Note (optional)", widget=forms.Textarea, required=False, max_length=2000
    )

    def clean(self):
        data = super().clean()
        if data.get("purpose") == ConsentRecord.Purpose.DIRECT_CARE:
            if not data.get("organisation"):
                self.add_error("organisation", "Choose the organisation the record is shared with")
        else:
            data["organisation"] = None
        return data
