"""A required drop-down limited to one option starts with it chosen (formfields.install):
an editor of one municipality does not first have to pick "Välj kommun …"."""

import re

import pytest
from django import forms

from kunskapsnod.regions.models import Organisation


def _select(page: str, name: str) -> str:
    return re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)


@pytest.mark.parametrize(
    ("persona", "url", "name", "only"),
    [
        ("boras_editor", "/workshoppar/ny/", "organisation", "Borås"),
        ("mark_editor", "/kartlaggning/poster/ny/", "municipality", "Mark"),
        ("boras_editor", "/kunskapsbank/ny/", "owner", "Borås"),
    ],
)
def test_it_preselects_the_one_organisation_a_user_may_write(client, request, persona, url, name, only):
    client.force_login(request.getfixturevalue(persona))
    select = _select(client.get(url).content.decode(), name)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", select) == [only]
    assert re.search(r"<option[^>]*selected[^>]*>" + only, select)


def test_it_leaves_a_choice_among_several_to_the_user(client, sjuharad_staff):
    client.force_login(sjuharad_staff)
    select = _select(client.get("/kartlaggning/poster/ny/").content.decode(), "municipality")
    assert re.findall(r"<option[^>]*selected[^>]*>([^<]*)", select) == ["Välj kommun …"]


class _Form(forms.Form):
    colour = forms.ChoiceField(choices=[("", "---------"), ("blue", "Blå")])
    optional = forms.ChoiceField(choices=[("", "---------"), ("red", "Röd")], required=False)
    place = forms.ModelChoiceField(Organisation.objects.none())


def test_it_keeps_what_is_given_or_sent_and_optional_choices(db, regions):
    form = _Form()
    assert form["colour"].value() == "blue" and form.fields["colour"].choices == [("blue", "Blå")]
    assert form["optional"].value() is None and form["place"].value() is None
    assert _Form(initial={"colour": "green"})["colour"].value() == "green"
    assert _Form(data={"colour": ""})["colour"].value() == ""
    form = _Form()
    form.fields["place"].queryset = Organisation.objects.filter(slug="boras")  # as a form's __init__ does
    assert form["place"].value() == Organisation.objects.get(slug="boras").pk
    assert "Välj" not in str(form["place"])
