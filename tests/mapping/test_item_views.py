import datetime

from django.urls import reverse

from kunskapsnod.mapping.models import Item, Source
from kunskapsnod.regions.models import Meeting


def test_an_item_from_a_meeting_gets_that_meeting_as_source(client, boras_editor, analysis_models, org):
    meeting = Meeting.objects.create(
        date=datetime.date(2026, 10, 1), topic="Dialogmöte elevhälsa", organiser=org("boras"), municipality=org("boras")
    )
    client.force_login(boras_editor)
    for text in ("Första", "Andra"):
        response = client.post(
            reverse("mapping:item_create"),
            {
                "kind": "behov",
                "text": text,
                "municipality": org("boras").pk,
                "meeting": meeting.pk,
                "scope": "internt",
            },
        )
        assert response.status_code == 302
    source = Source.objects.get()
    assert (source.meeting, source.label, source.date) == (meeting, meeting.topic, meeting.date)
    assert list(Item.objects.order_by("position").values_list("text", "position")) == [("Första", 1), ("Andra", 2)]


def test_a_meeting_with_another_municipality_is_refused(client, sjuharad_staff, analysis_models, org):
    meeting = Meeting.objects.create(
        date=datetime.date(2026, 10, 1), topic="Möte", organiser=org("sjuharad"), municipality=org("mark")
    )
    client.force_login(sjuharad_staff)
    response = client.post(
        reverse("mapping:item_create"),
        {
            "kind": "behov",
            "text": "X",
            "municipality": org("boras").pk,
            "meeting": meeting.pk,
        },
    )
    assert response.status_code == 200
    assert "annan kommun" in response.content.decode()
    assert not Item.objects.exists()


def test_an_intervention_never_keeps_a_scope(client, boras_editor, analysis_models, org):
    client.force_login(boras_editor)
    client.post(
        reverse("mapping:item_create"),
        {
            "kind": "insats",
            "text": "Läxhjälp",
            "municipality": org("boras").pk,
            "scope": "delregionalt",
        },
    )
    assert Item.objects.get().scope == ""


def test_too_long_text_gets_a_clear_message(client, boras_editor, analysis_models, org):
    client.force_login(boras_editor)
    response = client.post(
        reverse("mapping:item_create"),
        {
            "kind": "insats",
            "text": "x" * 2001,
            "municipality": org("boras").pk,
        },
    )
    assert response.status_code == 200
    assert "2000" in response.content.decode()
    assert not Item.objects.exists()


def test_changes_are_written_to_the_audit_log_with_the_actor(client, boras_editor, analysis_models, org):
    from auditlog.models import LogEntry

    client.force_login(boras_editor)
    client.post(reverse("mapping:item_create"), {"kind": "behov", "text": "Loggat", "municipality": org("boras").pk})
    item = Item.objects.get()
    entry = LogEntry.objects.get_for_object(item).get()
    assert entry.actor == boras_editor
    assert entry.action == LogEntry.Action.CREATE
