"""The Python-rendered select and text input write exactly what Django's templates write."""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from locality.core.widget_utils import FastSelect, FastTextInput, conditional_escape
from locality.directory.forms import SearchForm
from tests.factories.directory_search import TaxonomyTermFactory

pytestmark = pytest.mark.django_db
DJANGO_CLASS = {FastSelect: forms.Select, FastTextInput: forms.TextInput}


def django_markup(bound) -> str:
    """The same bound field rendered by Django's own widget class and templates."""
    widget = bound.field.widget
    fast = type(widget)
    widget.__class__ = DJANGO_CLASS[fast]
    try:
        return str(bound)
    finally:
        widget.__class__ = fast


@pytest.fixture
def needs(db):
    food = TaxonomyTermFactory(name="Food & drink")
    TaxonomyTermFactory(name="Carer's <respite>", parent=food)
    return food


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"q": "lunch \"club\" <b>", "postcode": "yo1 7hh", "distance": "5", "when": "at",
         "day": "3", "time": "2pm", "age": "70", "free": "on"},
        {"need": "no-such-need", "postcode": "not a postcode", "age": "old", "time": "25:99",
         "distance": "7", "day": "9", "when": "at"},
    ],
    ids=["unbound", "empty", "valid", "errors"],
)  # fmt: skip
def test_fast_widgets_write_djangos_markup(needs, data):
    if data is not None and "need" not in data:
        data = {**data, "need": needs.children.get().id}
    form = SearchForm(data)
    form.is_valid() if data is not None else None
    fast_fields = [b for b in form if type(b.field.widget) in DJANGO_CLASS]
    assert {b.name for b in fast_fields} == {"need", "q", "postcode", "distance", "day", "time",
                                             "age"}  # fmt: skip
    for bound in fast_fields:
        assert str(bound) == django_markup(bound), bound.name


def test_fast_select_marks_the_chosen_option_and_escapes(needs):
    form = SearchForm({"need": needs.children.get().id})
    form.is_valid()
    markup = str(form["need"])
    assert '<optgroup label="Food &amp; drink">' in markup
    chosen = needs.children.get().id
    assert f'<option value="{chosen}" selected>Carer&#x27;s &lt;respite&gt;</option>' in markup


def test_conditional_escape_leaves_safe_text_alone():
    assert conditional_escape(mark_safe("<b>")) == "<b>"
    assert conditional_escape("<b>'\"&") == "&lt;b&gt;&#x27;&quot;&amp;"
    assert conditional_escape(3) == "3"
