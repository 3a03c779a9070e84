"""The audit log and the start page's activity feed read in Swedish: verbs and field names,
Ja/Nej, the names of related objects, dates as 2026-12-01, no reverse relations; one line
per change, linked to the changed object while it exists (issue 8)."""

import datetime
import re

import pytest
from auditlog.context import set_actor
from django.urls import reverse

from kunskapsnod.mapping.services import load_analysis_models, save_prioritised_needs
from kunskapsnod.regions.models import Meeting, Person

ENGLISH = re.compile(r"\b(create|update|delete|True|False|None|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")


def _feed(client) -> str:
    page = client.get(reverse("home")).text
    return page.split('id="aktivitet-rubrik"')[1].split("</section>")[0]


def _log_rows(client) -> str:
    page = client.get(reverse("accounts:audit_log")).text
    return page[page.find("<tbody>") : page.find("</tbody>")]


def _register_meeting(client, org, attendee, topic="Dialogmöte om närvaro"):
    boras = org("boras")
    return client.post(
        reverse("regions:meeting_create"),
        {
            "date": "2026-11-20",
            "topic": topic,
            "organiser": boras.pk,
            "municipality": boras.pk,
            "participant_count": "12",
            "attendees": [attendee.pk],
        },
    )


@pytest.fixture
def elin(org):
    return Person.objects.create(name="Elin Ek", title="Elevhälsochef", organisation=org("boras"))


def test_a_meeting_with_attendees_is_one_linked_line_in_the_feed(client, boras_editor, org, elin):
    client.force_login(boras_editor)
    _register_meeting(client, org, elin)
    meeting = Meeting.objects.get(topic="Dialogmöte om närvaro")
    feed = _feed(client)
    assert feed.count("<li>") == 1, feed  # the meeting and its attendees: one change
    assert f'<a href="/moten/{meeting.pk}/">möte ”2026-11-20 Dialogmöte om närvaro”</a>' in feed
    assert "alice skapade" in feed
    assert re.search(r">\d{4}-\d\d-\d\d \d\d:\d\d</time>", feed)
    assert not ENGLISH.search(feed)


def test_a_list_saved_at_once_is_one_line(client, sjuharad_staff, boras_reader, org):
    load_analysis_models_if_needed()
    with set_actor(sjuharad_staff):  # as the request middleware does for a saved workshop
        save_prioritised_needs(
            actor=sjuharad_staff,
            municipality=org("mark"),
            source_label="Workshop: behov 2026",
            source_date=datetime.date(2026, 11, 3),
            ranked=[("Läxhjälp", 5), ("Mentorer", 3), ("Fritidsgårdar", 1)],
            workshop_ref="workshop:TEST01",
        )
    client.force_login(boras_reader)
    feed = _feed(client)
    assert "3 prioriteringar, bland annat" in feed, feed
    assert feed.count("prioriteringar") == 1
    assert 'href="/kommun/mark/kartlaggning/"' in feed


def load_analysis_models_if_needed():
    from django.conf import settings

    from kunskapsnod.mapping.models import AnalysisModel

    if not AnalysisModel.objects.exists():
        load_analysis_models(settings.DATA_DIR / "analysmodell.json")


def test_a_deleted_object_is_named_but_not_linked(client, boras_editor, org, elin):
    client.force_login(boras_editor)
    _register_meeting(client, org, elin, topic="Inställt möte")
    meeting = Meeting.objects.get(topic="Inställt möte")
    client.post(reverse("regions:meeting_delete", args=[meeting.pk]))
    feed = _feed(client)
    assert "alice tog bort möte ”2026-11-20 Inställt möte”" in feed
    assert f"/moten/{meeting.pk}/" not in feed


def test_the_log_names_actions_fields_and_values_in_swedish(client, administrator, boras_reader, org):
    with set_actor(administrator):
        boras_reader.is_active = False
        boras_reader.organisation = org("mark")
        boras_reader.save()
    client.force_login(administrator)
    rows = _log_rows(client)
    assert "<strong>Aktiv</strong>: Ja → Nej" in rows
    assert "<strong>Organisation</strong>: Borås → Mark" in rows
    assert "Ändring" in rows and "Skapande" in rows
    assert f'<a href="/admin/accounts/user/{boras_reader.pk}/change/">bob</a>' in rows
    assert not ENGLISH.search(rows), ENGLISH.search(rows)


def test_the_log_leaves_out_reverse_relations_and_ids(client, administrator, org):
    from kunskapsnod.regions.services import create_actor

    create_actor(actor=administrator, name="Ungdomsmottagningen", kind="annan", parent=org("boras"), description="")
    client.force_login(administrator)
    rows = _log_rows(client)
    assert "Ungdomsmottagningen" in rows
    assert ".None" not in rows
    assert "<strong>ID</strong>" not in rows
    assert "<strong>Namn</strong>: Ungdomsmottagningen" in rows
    assert "<strong>Ingår i</strong>: Borås" in rows


def test_the_log_filter_offers_swedish_events_and_all_users(client, administrator):
    client.force_login(administrator)
    page = client.get(reverse("accounts:audit_log")).text
    select = page.split('name="action"')[1].split("</select>")[0]
    assert [label for label in ("Skapande", "Ändring", "Borttagning") if label in select] == [
        "Skapande",
        "Ändring",
        "Borttagning",
    ]
    assert not re.search(r">(create|update|delete)<", select)
    assert "Alla användare" in page and "---------" not in page


def test_the_log_reads_a_page_in_few_queries(client, administrator, boras_editor, org, django_assert_max_num_queries):
    client.force_login(boras_editor)
    for n in range(20):
        client.post(
            "/organisation/boras/redigera/",
            {"description": f"Version {n}", "contact_name": "", "contact_email": "", "website": ""},
        )
    client.force_login(administrator)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("accounts:audit_log")).status_code == 200
