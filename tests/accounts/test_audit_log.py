"""Every create, update and delete leaves an audit row that administrators can browse."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from kunskapsnod.regions.models import Meeting


def _edit_boras(client, description):
    return client.post(
        "/organisation/boras/redigera/",
        {"description": description, "contact_name": "", "contact_email": "", "website": ""},
    )


def test_an_update_records_who_when_and_what(client, boras_editor):
    client.force_login(boras_editor)
    _edit_boras(client, "Ny beskrivning")
    entry = LogEntry.objects.filter(content_type__model="organisation", action=LogEntry.Action.UPDATE).latest(
        "timestamp"
    )
    assert entry.actor == boras_editor
    assert entry.object_repr == "Borås"
    assert entry.changes_dict["description"] == ["", "Ny beskrivning"]


def test_create_and_delete_of_a_meeting_are_recorded(client, sjuharad_staff, org):
    client.force_login(sjuharad_staff)
    client.post(
        reverse("regions:meeting_create"),
        {"date": "2026-05-05", "topic": "Styrgruppsmöte", "organiser": org("sjuharad").pk, "participant_count": "9"},
    )
    meeting = Meeting.objects.get(topic="Styrgruppsmöte")
    client.post(reverse("regions:meeting_delete", args=[meeting.pk]))
    actions = list(LogEntry.objects.filter(content_type__model="meeting").values_list("action", "actor__username"))
    assert (LogEntry.Action.CREATE, "diana") in actions
    assert (LogEntry.Action.DELETE, "diana") in actions


def test_passwords_never_enter_the_audit_trail(client, boras_editor):
    client.force_login(boras_editor)
    boras_editor.set_password("ett-helt-nytt-lösen")
    boras_editor.save()
    for entry in LogEntry.objects.filter(content_type__model="user"):
        assert "password" not in entry.changes_dict


@pytest.mark.parametrize("persona", ["boras_editor", "boras_reader", "sjuharad_staff"])
def test_only_administrators_may_browse_the_log(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("accounts:audit_log")).status_code == 403


def test_administrators_filter_the_log_by_user_and_type(client, administrator, boras_editor, mark_editor):
    client.force_login(boras_editor)
    _edit_boras(client, "Borås text")
    client.force_login(mark_editor)
    client.post("/organisation/mark/redigera/", {"description": "Marks text"})
    client.force_login(administrator)
    page = client.get(reverse("accounts:audit_log"), {"actor": boras_editor.pk, "model": "regions.organisation"})
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 1
    assert "Borås text" in page.text
    assert "Marks text" not in page.text


def test_the_log_filters_by_date(client, administrator, boras_editor):
    client.force_login(boras_editor)
    _edit_boras(client, "Idag")
    client.force_login(administrator)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    page = client.get(reverse("accounts:audit_log"), {"date_from": tomorrow})
    assert page.context["page"].paginator.count == 0


def test_the_log_answers_htmx_with_only_the_results(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("accounts:audit_log"), headers={"HX-Request": "true"})
    assert "<html" not in response.text
    assert "<table>" in response.text


def test_the_start_page_hides_account_changes_from_non_administrators(client, boras_reader, boras_editor):
    client.force_login(boras_reader)
    assert "alice" not in client.get(reverse("home")).text.split("Senaste aktivitet")[1]


def test_the_log_shows_membership_changes_and_a_field_named_items(client, administrator, sjuharad_staff, org):
    from kunskapsnod.regions.models import Group, GroupKind, Person
    from kunskapsnod.regions.services import save_group

    anna = Person.objects.create(name="Anna", organisation=org("boras"))
    group = save_group(
        actor=sjuharad_staff,
        group=Group(name="KAA-nätverket", kind=GroupKind.NETWORK, owner=org("sjuharad")),
        members=[anna],
    )
    LogEntry.objects.create(
        content_type=LogEntry.objects.first().content_type,
        object_pk=str(group.pk),
        object_repr="x",
        action=LogEntry.Action.UPDATE,
        changes={"items": ["1", "2"]},
    )
    client.force_login(administrator)
    page = client.get(reverse("accounts:audit_log"))
    assert page.status_code == 200
    assert "Medlemmar</strong>: lade till Anna" in page.text, page.text[
        page.text.find("<tbody>") : page.text.find("</tbody>")
    ]
    assert "1 → 2" in page.text


def test_a_users_audit_row_holds_only_account_fields(boras_editor):
    entry = LogEntry.objects.get(content_type__model="user", object_pk=str(boras_editor.pk))
    assert set(entry.changes_dict) <= {
        "username",
        "email",
        "organisation",
        "role",
        "is_active",
        "is_staff",
        "is_superuser",
        "first_name",
        "last_name",
        "id",
    }
