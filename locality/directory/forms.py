"""Forms for the directory search pages: what people ask, checked, as `search_services` keywords."""

import datetime as dt
import re

from django import forms
from django.utils import timezone

from locality.core.form_utils import GovukRadios
from locality.core.widget_utils import FastSelect, FastTextInput
from locality.directory.geo_utils import METRES_PER_MILE
from locality.directory.need_catalogue import NeedCatalogue, need_catalogue
from locality.directory.schedule_utils import DAY_NAMES
from locality.places.postcodes import normalise_postcode, postcode_point

DISTANCE_MILES = [1, 2, 5, 10]
DEFAULT_MILES = 2
NEAR_YOU_MILES = 10  # the "near you" sheet looks this far
TIME_RE = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


def need_choices() -> list:
    """The needs taxonomy as grouped choices: each need, then its specific needs."""
    return need_catalogue().choices


def postcode_and_point(value: str) -> tuple[str, tuple[float, float]]:
    """The normalised postcode and its point, or a message saying what is wrong."""
    postcode = normalise_postcode(value)
    if postcode is None:
        raise forms.ValidationError("Enter a full UK postcode, like YO1 7HH")
    point = postcode_point(postcode)
    if point is None:
        raise forms.ValidationError(
            f"We cannot find {postcode}. Check the postcode, or search without one"
        )
    return postcode, point


def parse_time(value: str) -> dt.time | None:
    """'14:30', '2:30pm', '2pm', '9' -> a time; None if it is not one."""
    match = TIME_RE.match(value.strip().lower())
    if match is None:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def _input(width: int | None, **attrs) -> forms.TextInput:
    css = "govuk-input" + (f" govuk-input--width-{width}" if width else "")
    return FastTextInput(attrs={"class": css, **attrs})


def _select() -> forms.Select:
    return FastSelect(attrs={"class": "govuk-select"})


class NeedPostcodeForm(forms.Form):
    """The need and the postcode, shared by the search and the "near you" sheet."""

    use_required_attribute = False  # GOV.UK: our own error messages, not the browser's

    need = forms.ChoiceField(label="Need", required=False, widget=_select())
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        help_text="Nearest first. For example, YO1 7HH",
        widget=_input(10, autocomplete="postal-code"),
    )

    def __init__(self, *args, needs: NeedCatalogue | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = needs or need_catalogue()
        self.fields["need"].choices = self.needs.choices
        self.point = None

    def full_clean(self):
        """Validate, then give each field in error GOV.UK's error style."""
        super().full_clean()
        for name in self.errors:
            widget = self.fields[name].widget if name in self.fields else None
            css = widget.attrs.get("class", "") if widget is not None else ""
            for base in ("govuk-input", "govuk-select"):
                if css.startswith(base):
                    widget.attrs["class"] = f"{css} {base}--error"

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if not value:
            return ""
        postcode, self.point = postcode_and_point(value)
        return postcode


class SearchForm(NeedPostcodeForm):
    q = forms.CharField(
        label="Search words",
        required=False,
        max_length=200,
        help_text="For example, lunch club, debt advice or walking group",
        widget=_input(None, spellcheck="true"),
    )
    distance = forms.TypedChoiceField(
        label="Distance from the postcode",
        required=False,
        coerce=int,
        empty_value=DEFAULT_MILES,
        choices=[(n, f"Within {n} mile{'s' if n > 1 else ''}") for n in DISTANCE_MILES],
        initial=DEFAULT_MILES,
        widget=_select(),
    )
    when = forms.ChoiceField(
        label="When",
        required=False,
        widget=GovukRadios,
        choices=[("", "Any time"), ("now", "Open now"), ("at", "Open on a day and time")],
    )
    day = forms.TypedChoiceField(
        label="Day",
        required=False,
        coerce=int,
        choices=list(enumerate(DAY_NAMES)),
        widget=_select(),
    )
    time = forms.CharField(
        label="Time",
        required=False,
        max_length=10,
        help_text="For example, 14:30 or 2:30pm",
        widget=_input(5),
    )
    age = forms.IntegerField(
        label="Age of the person (optional)",
        required=False,
        min_value=0,
        max_value=120,
        help_text="Only services open to this age",
        widget=_input(3, inputmode="numeric"),
        error_messages={
            "invalid": "Enter the age as a number, like 70",
            "min_value": "Age must be 0 or more",
            "max_value": "Age must be 120 or less",
        },
    )
    free = forms.BooleanField(label="Free services only", required=False)

    def clean_time(self):
        value = self.cleaned_data["time"].strip()
        if not value:
            return None
        parsed = parse_time(value)
        if parsed is None:
            raise forms.ValidationError("Enter a time, like 14:30 or 2:30pm")
        return parsed

    def clean(self):
        data = super().clean()
        if data.get("when") == "at" and "time" not in self.errors and data.get("time") is None:
            self.add_error("time", "Enter a time, like 14:30 or 2:30pm")
        return data

    def open_at(self, now: dt.datetime) -> dt.datetime | None:
        """The moment asked about: now, the next such day and time, or None (any time)."""
        data = self.cleaned_data
        if data.get("when") == "now":
            return now
        if data.get("when") != "at":
            return None
        now = timezone.localtime(now)
        day = data.get("day") or 0
        ahead = (day - now.weekday()) % 7
        moment = timezone.make_aware(
            dt.datetime.combine(now.date() + dt.timedelta(days=ahead), data["time"])
        )
        return moment if moment >= now else moment + dt.timedelta(days=7)

    def search_kwargs(self, now: dt.datetime) -> dict:
        """Keyword arguments for `search_services`, from a valid form."""
        data = self.cleaned_data
        return {
            "text": data.get("q") or None,
            "need_term_ids": [data["need"]] if data.get("need") else None,
            "near": self.point,
            "within_m": (data.get("distance") or DEFAULT_MILES) * METRES_PER_MILE
            if self.point
            else None,
            "open_at": self.open_at(now),
            "age": data.get("age"),
            "free_only": bool(data.get("free")),
        }


class NearYouForm(NeedPostcodeForm):
    """The "what's on near you" sheet: a postcode is needed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postcode"].required = True
        self.fields["postcode"].error_messages["required"] = "Enter a postcode, like YO1 7HH"
        self.fields["need"].label = "Need (optional)"

    def search_kwargs(self, *, limit: int) -> dict:
        """The nearest services for a need, within reach, that are running."""
        need = self.cleaned_data.get("need")
        return {
            "need_term_ids": [need] if need else None,
            "near": self.point,
            "within_m": NEAR_YOU_MILES * METRES_PER_MILE,
            "active_only": True,
            "limit": limit,
        }
