"""Form fields checked with str.isdigit() then int() answered 500 for "²" (issue 8): an id
is ASCII digits below 2**63, everything else a clear refusal."""

import pytest
from django.test import Client

from kunskapsnod.workshops.models import Note, Phase

BAD_IDS = ["²", "١٢", "𝟙", "Ⅻ", str(2**63), "9" * 40, " ", "-1", "1.0"]


@pytest.mark.parametrize("value", BAD_IDS)
def test_a_participants_dot_and_placement_refuse_a_bad_note_id(voting_workshop, join, value):
    client = join()
    for path in ("plupp", "placera"):
        response = client.post(f"/w/{voting_workshop.join_code}/{path}/", {"note": value, "placement": "internt"})
        assert response.status_code in (400, 409), (path, value, response.status_code)


@pytest.mark.parametrize("value", BAD_IDS)
def test_the_facilitators_note_buttons_refuse_a_bad_note_id(workshop, sjuharad_staff, value):
    client = Client()
    client.force_login(sjuharad_staff)
    note = Note.objects.create(workshop=workshop, text="Lapp", kind=workshop.note_kind)
    for data in ({"action": "hide", "note": value}, {"action": "merge", "note": note.pk, "target": value}):
        response = client.post(f"/workshoppar/{workshop.pk}/lapp/", data)
        assert response.status_code == 302, (data, response.status_code)
    note.refresh_from_db()
    assert not note.hidden and note.merged_into is None


@pytest.mark.parametrize("value", BAD_IDS)
def test_leaving_out_a_bad_note_id_is_ignored(voting_workshop, advance, sjuharad_staff, join, value):
    client = join()
    note = Note.objects.filter(workshop=voting_workshop, placement="delregionalt").first()
    client.post(f"/w/{voting_workshop.join_code}/plupp/", {"note": note.pk})
    advance(voting_workshop, Phase.RESULTS)
    facilitator = Client()
    facilitator.force_login(sjuharad_staff)
    response = facilitator.post(f"/workshoppar/{voting_workshop.pk}/resultat/", {"leave_out": [value]})
    assert response.status_code == 302
