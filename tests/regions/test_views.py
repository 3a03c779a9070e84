"""Organisation pages, editing and meetings, as each persona sees them."""

import datetime

import pytest
from django.urls import reverse

from kunskapsnod.regions.models import Meeting
from kunskapsnod.regions.services import save_meeting


@pytest.fixture
def meeting_in(personas):
    def create(org, **fields):
        meeting = Meeting(
            date=datetime.date(2026, 3, 4),
            topic=fields.pop("topic", "Dialogmöte"),
            organiser=org,
            municipality=org if org.is_municipality else None,
            **fields,
        )
        return save_meeting(actor=personas["administrator"], meeting=meeting)

    return create


def test_it_shows_the_municipality_page_with_its_associations(client, boras_reader):
    client.force_login(boras_reader)
    response = client.get("/kommun/boras/")
    assert response.status_code == 200
    assert "Borås" in response.text
    assert "Boråsregionen Sjuhärad" in response.text
    assert "Redigera uppgifter" not in response.text


def test_it_offers_editing_only_where_the_user_may_edit(client, boras_editor):
    client.force_login(boras_editor)
    assert "Redigera uppgifter" in client.get("/kommun/boras/").text
    assert "Redigera uppgifter" not in client.get("/kommun/mark/").text


def test_an_editor_updates_their_own_municipality(client, boras_editor, org):
    client.force_login(boras_editor)
    response = client.post(
        "/organisation/boras/redigera/",
        {"description": "Vi arbetar med närvaro.", "contact_name": "Anna", "contact_email": "", "website": ""},
    )
    assert response.status_code == 302
    assert org("boras").description == "Vi arbetar med närvaro."


@pytest.mark.parametrize("persona", ["mark_editor", "boras_reader", "gr_staff"])
def test_it_hides_another_municipalitys_edit_form(client, personas, org, persona):
    client.force_login(personas[persona])
    assert client.get("/organisation/boras/redigera/").status_code == 404
    response = client.post("/organisation/boras/redigera/", {"description": "Kapat"})
    assert response.status_code == 404
    assert org("boras").description == ""


def test_it_escapes_what_users_write(client, boras_editor):
    client.force_login(boras_editor)
    client.post(
        "/organisation/boras/redigera/",
        {"description": "<script>alert(1)</script>", "contact_name": "", "contact_email": "", "website": ""},
    )
    page = client.get("/kommun/boras/").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_it_refuses_an_invalid_email_with_a_message_and_keeps_the_old_data(client, boras_editor, org):
    client.force_login(boras_editor)
    response = client.post("/organisation/boras/redigera/", {"description": "Ny", "contact_email": "inte-en-adress"})
    assert response.status_code == 200
    assert "Fyll i en giltig e-postadress" in response.text
    assert org("boras").description == ""


# --- Meetings ---------------------------------------------------------------------------


def _meeting_post(org, **extra):
    return {
        "date": "2026-04-01",
        "topic": "Nätverksträff",
        "organiser": org.pk,
        "municipality": "",
        "group": "",
        "participant_count": "12",
        "notes": "",
        **extra,
    }


@pytest.mark.parametrize(
    ("persona", "organiser", "allowed"),
    [
        ("boras_editor", "boras", True),
        ("boras_editor", "mark", False),
        ("mark_editor", "mark", True),
        ("boras_reader", "boras", False),
        ("sjuharad_staff", "sjuharad", True),
        ("sjuharad_staff", "mark", True),
        ("sjuharad_staff", "harryda", False),
        ("gr_staff", "harryda", True),
        ("administrator", "skaraborg", True),
    ],
)
def test_it_creates_meetings_only_for_writable_organisers(client, personas, org, persona, organiser, allowed):
    client.force_login(personas[persona])
    response = client.post(reverse("regions:meeting_create"), _meeting_post(org(organiser)))
    assert Meeting.objects.filter(topic="Nätverksträff").exists() is allowed
    assert response.status_code == (302 if allowed else 403 if persona == "boras_reader" else 200)


@pytest.mark.parametrize("action", ["edit", "delete"])
@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("boras_editor", False),
        ("boras_reader", False),
        ("gr_staff", False),
        ("mark_editor", True),
        ("sjuharad_staff", True),
        ("administrator", True),
    ],
)
def test_it_guards_editing_and_deleting_a_marks_meeting(client, personas, org, meeting_in, action, persona, allowed):
    meeting = meeting_in(org("mark"), topic="Marks möte")
    client.force_login(personas[persona])
    if action == "edit":
        response = client.post(
            reverse("regions:meeting_edit", args=[meeting.pk]), _meeting_post(org("mark"), topic="Ändrat")
        )
        changed = Meeting.objects.get(pk=meeting.pk).topic == "Ändrat"
    else:
        response = client.post(reverse("regions:meeting_delete", args=[meeting.pk]))
        changed = not Meeting.objects.filter(pk=meeting.pk).exists()
    assert changed is allowed
    if not allowed:
        assert response.status_code == 404


def test_an_editor_cannot_move_a_meeting_to_another_municipality(client, boras_editor, org, meeting_in):
    meeting = meeting_in(org("boras"))
    client.force_login(boras_editor)
    response = client.post(reverse("regions:meeting_edit", args=[meeting.pk]), _meeting_post(org("mark")))
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.text
    assert Meeting.objects.get(pk=meeting.pk).organiser == org("boras")


def test_an_unknown_meeting_and_a_foreign_one_look_the_same(client, boras_editor, org, meeting_in):
    meeting = meeting_in(org("mark"))
    client.force_login(boras_editor)
    foreign = client.get(reverse("regions:meeting_edit", args=[meeting.pk]))
    missing = client.get(reverse("regions:meeting_edit", args=[meeting.pk + 1000]))
    assert foreign.status_code == missing.status_code == 404


def test_deleting_needs_post(client, administrator, org, meeting_in):
    meeting = meeting_in(org("mark"))
    client.force_login(administrator)
    assert client.get(reverse("regions:meeting_delete", args=[meeting.pk])).status_code == 405
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_the_meeting_list_summarises_meetings_and_unique_officials(client, boras_reader, org, meeting_in):
    from kunskapsnod.regions.models import Person

    anna = Person.objects.create(name="Anna", organisation=org("boras"))
    bo = Person.objects.create(name="Bo", organisation=org("mark"))
    first = meeting_in(org("boras"), participant_count=10)
    second = meeting_in(org("mark"), participant_count=5)
    first.attendees.set([anna, bo])
    second.attendees.set([bo])
    client.force_login(boras_reader)
    response = client.get(
        reverse("regions:meetings"), {"association": "sjuharad", "start": "2026-01-01", "end": "2026-12-31"}
    )
    summary = response.context["summary"]
    assert (summary.meetings, summary.participants, summary.unique_officials, summary.municipalities) == (2, 15, 2, 2)
    assert "unika tjänstepersoner" in response.text


def test_the_meeting_list_counts_the_pre_study_workshops(client, boras_reader, regions):
    import json

    from django.conf import settings

    from kunskapsnod.regions.services import import_prestudy_meetings

    import_prestudy_meetings(json.loads((settings.DATA_DIR / "sjuharad-forstudie-2022.json").read_text()))
    client.force_login(boras_reader)
    response = client.get(
        reverse("regions:meetings"), {"association": "sjuharad", "start": "2022-01-01", "end": "2022-12-31"}
    )
    assert response.context["summary"].meetings == 13
    assert response.context["summary"].participants == 0


def test_the_overview_lists_all_four_associations(client, boras_reader, django_assert_max_num_queries):
    client.force_login(boras_reader)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("regions:overview"))
    for name in ["Fyrbodal", "Göteborgsregionen", "Skaraborg", "Boråsregionen Sjuhärad", "Kungsbacka"]:
        assert name in response.text


def test_the_overview_lists_members_alphabetically(client, boras_reader):
    client.force_login(boras_reader)
    page = client.get(reverse("regions:overview")).text
    sjuharad = page[page.index("Boråsregionen Sjuhärad") :]
    assert sjuharad.index(">Bollebygd<") < sjuharad.index(">Borås<") < sjuharad.index(">Vårgårda<")


def test_the_meeting_list_shows_everything_recorded_by_default(client, boras_reader, org, meeting_in):
    meeting_in(org("boras"), topic="Gammalt möte", participant_count=3)
    Meeting.objects.filter(topic="Gammalt möte").update(date=datetime.date(2022, 2, 8))
    client.force_login(boras_reader)
    response = client.get(reverse("regions:meetings"))
    assert response.context["summary"].meetings == 1
    assert "Gammalt möte" in response.text


def test_a_huge_head_count_is_refused_on_the_field(client, boras_editor, org):
    client.force_login(boras_editor)
    response = client.post(
        reverse("regions:meeting_create"), _meeting_post(org("boras"), participant_count="999999999")
    )
    assert response.status_code == 200
    assert "meeting_participants_sane" not in response.text
    assert "mindre än eller lika med 10000" in response.text


def test_an_editor_cannot_file_a_meeting_under_another_municipality(client, boras_editor, org):
    client.force_login(boras_editor)
    client.post(reverse("regions:meeting_create"), _meeting_post(org("boras"), municipality=org("mark").pk))
    assert not Meeting.objects.filter(municipality=org("mark")).exists()


def test_a_period_ending_before_it_starts_is_refused(client, boras_reader):
    client.force_login(boras_reader)
    response = client.get(reverse("regions:meetings"), {"start": "2026-12-01", "end": "2022-01-01"})
    assert "Slutdatum kan inte vara före startdatum" in response.text


def test_the_menu_marks_organisering_on_a_municipality_page(client, boras_reader):
    client.force_login(boras_reader)
    current = [i["label"] for i in client.get("/kommun/boras/").context["nav_items"] if i["current"]]
    assert current == ["Organisering"]
