"""No drop-down shows Django's "---------": the empty choice says what to do ("Välj kommun
…") or, in a filter, what it means ("Alla kommunalförbund"). Every page of the site, every
form of the admin, as an administrator and as an editor, on the demo data."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from kunskapsnod.formfields import choose
from kunskapsnod.regions.forms import ActorForm, MeetingForm
from urlwalk import url_patterns

EMPTY_OPTION = re.compile(r'<option value=""[^>]*>([^<]*)</option>')
NOT_PAGES = {"mapping:export", "accounts:logout", "set_language"}


def _pages():
    """Every page without arguments, the pages of one object of each kind, and every
    add form of the admin."""
    from kunskapsnod.mapping.models import Item
    from kunskapsnod.regions.models import Meeting
    from kunskapsnod.workshops.models import Workshop

    samples = {
        "slug": "boras",
        "code": "N15428",
        "version": 2,
    }
    objects = {"regions:meeting": Meeting, "mapping:item": Item, "workshops:": Workshop}
    for name, pattern in url_patterns():
        if name.split(":")[0] in {"admin", "api"} or name in NOT_PAGES:
            continue
        wanted = set(pattern.pattern.converters)
        if not wanted:
            yield reverse(name)
        elif wanted <= set(samples) and not name.startswith("workshops:"):
            yield reverse(name, kwargs={key: samples[key] for key in wanted})
        elif wanted == {"pk"}:
            model = next((m for prefix, m in objects.items() if name.startswith(prefix)), None)
            obj = model.objects.order_by("pk").first() if model else None
            if obj:
                yield reverse(name, kwargs={"pk": obj.pk})
    for model in admin.site._registry:
        yield reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


@pytest.fixture
def demo(committed_demo, db, personas):
    return personas


@pytest.mark.parametrize("persona", ["administrator", "boras_editor"])
def test_no_drop_down_offers_dashes(client, demo, persona):
    client.force_login(demo[persona])
    dashed, seen = [], 0
    for path in _pages():
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        labels = EMPTY_OPTION.findall(response.content.decode())
        seen += len(labels)
        # (The admin's autocomplete selects leave the option empty for their placeholder.)
        dashed += [f"{path}: {label!r}" for label in labels if label.strip() and not label.strip("-– ")]
    assert dashed == []
    assert seen > 10  # the walk did reach the forms


def test_a_form_names_what_to_choose(boras_editor):
    form = MeetingForm(user=boras_editor)
    assert form.fields["group"].empty_label == "Välj grupp eller nätverk …"
    assert form.fields["municipality"].empty_label == "Välj kommun …"
    assert ActorForm(user=boras_editor).fields["kind"].choices[0] == ("", "Välj typ …")


def test_a_filter_keeps_its_own_empty_choice(client, boras_reader):
    client.force_login(boras_reader)
    assert '<option value="" selected>Alla kommunalförbund</option>' in client.get("/moten/").text


@pytest.mark.parametrize(
    ("label", "expected"), [("Kommun", "Välj kommun …"), ("KAA-samordnare", "Välj KAA-samordnare …")]
)
def test_the_label_keeps_abbreviations(label, expected):
    assert choose(label) == expected
