"""The pickers' options are written in Python, character for character as Django's templates
write them."""

import pytest
from django import forms

from kunskapsnod.indicators.widgets import CheckboxList, RadioList

CHOICES = [("ale", "Ale"), ("boras", "Borås"), ('a"<b>&', "<script>x</script>"), ("", "Ingen")]


def _form(widget, django_widget, field=forms.MultipleChoiceField):
    class Form(forms.Form):
        fast = field(choices=CHOICES, widget=widget(attrs={"aria-describedby": "hjälp", "data-x": True}))
        slow = field(choices=CHOICES, widget=django_widget(attrs={"aria-describedby": "hjälp", "data-x": True}))

    return Form


@pytest.mark.parametrize(
    ("widget", "django_widget", "field", "data"),
    [
        (CheckboxList, forms.CheckboxSelectMultiple, forms.MultipleChoiceField, ["boras", 'a"<b>&']),
        (RadioList, forms.RadioSelect, forms.ChoiceField, "boras"),
    ],
)
def test_options_render_as_djangos(widget, django_widget, field, data):
    form = _form(widget, django_widget, field)({"fast": data, "slow": data})
    fast = [choice.tag() for choice in form["fast"]]
    slow = [choice.tag().replace("slow", "fast") for choice in form["slow"]]
    assert fast == slow
    assert 'value="a&quot;&lt;b&gt;&amp;"' in "".join(fast) and " checked" in fast[1]
    # A wrapped label and the widget as a whole still come from Django's templates.
    assert str(form["fast"]) == str(form["slow"]).replace("slow", "fast")


@pytest.mark.django_db
def test_model_choices_are_read_without_a_server_side_cursor(regions):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kunskapsnod.indicators.forms import RankingForm

    form = RankingForm(None, periods=[2020])
    with CaptureQueriesContext(connection) as queries:
        html = str(form["kommun"]) + str(form["forbund"])
    assert len(queries) == 2 and not any("DECLARE" in q["sql"] for q in queries.captured_queries)
    assert 'value="boras"' in html and 'value="sjuharad"' in html
