"""A missing official is registered from inside the meeting form, within the seam: only
for organisations the user may change, never by a reader."""

import pytest
from django.urls import reverse

from kunskapsnod.regions.forms import NEW_ATTENDEE_PREFIX
from kunskapsnod.regions.models import Meeting, Person

P = NEW_ATTENDEE_PREFIX


def _post(client, org, person_org, *, htmx=False):
    return client.post(
        reverse("regions:meeting_create"),
        {
            "date": "2026-11-20",
            "topic": "Dialogmöte",
            "organiser": org("boras").pk,
            "add_attendee": "1",
            f"{P}-name": "Elin Ek",
            f"{P}-title": "Rektor",
            f"{P}-organisation": person_org.pk,
        },
        headers={"HX-Request": "true"} if htmx else {},
    )


def test_the_editor_adds_an_official_and_the_meeting_waits_unsaved(client, boras_editor, org):
    client.force_login(boras_editor)
    response = _post(client, org, org("boras"))
    person = Person.objects.get(name="Elin Ek")
    assert person.organisation == org("boras")
    assert not Meeting.objects.exists()
    form = response.context["form"]
    assert not form.is_bound and form.initial["topic"] == "Dialogmöte"
    assert form.initial["attendees"] == [str(person.pk)]


def test_htmx_gets_only_the_attendees_part(client, boras_editor, org):
    client.force_login(boras_editor)
    response = _post(client, org, org("boras"), htmx=True)
    text = response.content.decode()
    assert "<html" not in text and 'id="deltagare"' in text
    assert "Elin Ek är registrerad och markerad som deltagare." in text


def test_an_editor_cannot_add_an_official_of_another_municipality(client, boras_editor, org):
    client.force_login(boras_editor)
    response = _post(client, org, org("mark"))
    assert response.status_code == 200
    assert not Person.objects.exists()
    assert response.context["person_form"].errors["organisation"]


@pytest.mark.parametrize("htmx", [False, True])
def test_a_reader_is_refused(client, boras_reader, org, htmx):
    client.force_login(boras_reader)
    response = _post(client, org, org("boras"), htmx=htmx)
    assert response.status_code == 403
    assert not Person.objects.exists()


def test_the_list_says_when_no_official_is_registered_yet(client, boras_editor):
    client.force_login(boras_editor)
    text = client.get(reverse("regions:meeting_create")).content.decode()
    assert "Inga tjänstepersoner är registrerade ännu" in text
    assert "Saknas någon? Registrera en ny tjänsteperson" in text
