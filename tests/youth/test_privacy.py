"""Privacy by design: reads logged in an append-only log the person can get, sensitive
notes only with a documented consent, warnings on free text, retention that exports,
anonymises, keeps statistics and logs, rotatable keys, and no other app near the models."""

import ast
import datetime
import json
from pathlib import Path

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.urls import reverse

import kunskapsnod
from kunskapsnod.youth import aggregates, identity
from kunskapsnod.youth.keys import fernet
from kunskapsnod.youth.models import AccessLog, Consent, ConsentTopic, Person, RetentionRun, SensitiveNote
from kunskapsnod.youth.services import YouthError, people, progress
from youth_world import make_person

PACKAGE = Path(kunskapsnod.__file__).resolve().parent


def test_every_read_of_a_person_is_logged_and_the_log_is_exportable(client, gbg_coordinator, gbg_person, verified):
    verified(client, gbg_coordinator)
    client.get(reverse("youth:person", kwargs={"pk": gbg_person.pk}))
    client.get(reverse("youth:person", kwargs={"pk": gbg_person.pk}) + "?visa=personnummer")
    reads = AccessLog.objects.filter(person=gbg_person, action="read")
    assert list(reads.values_list("username", "what")) == [("gunilla", "personnummer"), ("gunilla", "personens sida")]
    csv = client.get(reverse("youth:person_log", kwargs={"pk": gbg_person.pk}) + "?format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert "personens sida" in csv.content.decode() and "gunilla" in csv.content.decode()
    assert AccessLog.objects.filter(person=gbg_person, action="export").exists()


def test_the_log_cannot_be_changed_or_deleted(gbg_person):
    entry = AccessLog.objects.filter(person=gbg_person).first()
    entry.what = "ändrat"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AccessLog.objects.all().delete()
    with pytest.raises(TypeError):
        AccessLog.objects.update(what="x")


def test_the_full_number_is_shown_only_on_request(client, gbg_coordinator, gbg_person, verified):
    verified(client, gbg_coordinator)
    number = identity.decrypt(gbg_person.identity_encrypted)
    page = client.get(reverse("youth:person", kwargs={"pk": gbg_person.pk})).content.decode()
    assert number not in page and number[:8] + "-****" in page


def test_a_sensitive_note_needs_a_documented_consent(gbg_coordinator, gbg_person):
    with pytest.raises(YouthError, match="inget dokumenterat samtycke"):
        people.add_sensitive_note(
            actor=gbg_coordinator, person=gbg_person, topic=ConsentTopic.HEALTH, text="Mår dåligt"
        )
    consent = people.record_consent(
        actor=gbg_coordinator,
        consent=Consent(person=gbg_person, topic=ConsentTopic.HEALTH, given_on=datetime.date(2026, 3, 1),
                        given_by="den unga", documentation="underskriven blankett"),
    )  # fmt: skip
    with pytest.raises(YouthError):  # a consent on health does not cover reasons for absence
        people.add_sensitive_note(actor=gbg_coordinator, person=gbg_person, topic=ConsentTopic.ABSENCE_REASON, text="x")
    people.add_sensitive_note(actor=gbg_coordinator, person=gbg_person, topic=ConsentTopic.HEALTH, text="Mår dåligt")
    people.withdraw_consent(actor=gbg_coordinator, consent=consent)
    assert not SensitiveNote.objects.exists()


def test_free_text_fields_warn_what_must_not_be_written(client, gbg_coordinator, gbg_person, verified):
    verified(client, gbg_coordinator)
    page = client.get(reverse("youth:person", kwargs={"pk": gbg_person.pk})).content.decode()
    assert page.count("Skriv inte om hälsa, diagnoser") >= 3  # plan, goal, measure, contact note


def test_retention_exports_then_anonymises_keeps_statistics_and_logs(gbg_coordinator, org, settings, tmp_path):
    settings.KUNSKAPSNOD_YOUTH_EXPORT_DIR = tmp_path
    goteborg = org("goteborg")
    scale = progress.save_scale(
        actor=gbg_coordinator, owner=goteborg, name="Steg", steps=["Ingen", "Kontakt", "Arbete"]
    )
    for index in range(6):
        person = make_person(gbg_coordinator, goteborg, index)
        people.save_kaa(actor=gbg_coordinator, person=person, status="arbete", plan="Plan för genererad",
                        ended_on=datetime.date(2026, 5, 1))  # fmt: skip
        enrolment = progress.enrol(actor=gbg_coordinator, person=person, module="steg1", organisation=goteborg,
                                   scale=scale, started_on=datetime.date(2026, 1, 1))  # fmt: skip
        progress.record_step(
            actor=gbg_coordinator, enrolment=enrolment, step=scale.steps.first(), date=datetime.date(2026, 1, 2)
        )
        progress.record_step(
            actor=gbg_coordinator, enrolment=enrolment, step=scale.steps.last(), date=datetime.date(2026, 3, 1)
        )
        progress.end_enrolment(
            actor=gbg_coordinator, enrolment=enrolment, ended_on=datetime.date(2026, 5, 1), outcome="arbete"
        )
    figures = lambda: (  # noqa: E731
        aggregates.progress(organisations=[goteborg], start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31)),
        aggregates.kaa_counts(municipality=goteborg, year=2026, half=1),
    )
    before = figures()
    call_command("youth_retention")
    assert Person.objects.filter(anonymised_at__isnull=False).count() == 0  # not yet past the period
    with time_machine.travel(datetime.datetime(2029, 6, 1, tzinfo=datetime.UTC)):
        call_command("youth_retention")
    assert Person.objects.filter(anonymised_at__isnull=True).count() == 0
    assert set(Person.objects.values_list("name", "identity_encrypted", "match_key", "birth_date")) == {
        ("", "", "", None)
    }
    assert not Person.objects.filter(kaa__plan__gt="").exists()
    assert figures() == before
    run = RetentionRun.objects.get(record_type="person")
    assert run.count == 6
    exported = json.loads(fernet().decrypt(Path(run.export_file).read_bytes()))
    assert len(exported["rows"]) == 6 and all("Genererad" in row["name"] for row in exported["rows"])
    assert AccessLog.objects.filter(action="delete").count() == 6


def test_rotating_keys_keeps_every_value_readable(gbg_coordinator, gbg_person, settings):
    number = identity.decrypt(gbg_person.identity_encrypted)
    new_key = Fernet.generate_key().decode()
    settings.KUNSKAPSNOD_YOUTH_FERNET_KEYS = [new_key, *settings.KUNSKAPSNOD_YOUTH_FERNET_KEYS]
    call_command("youth_rotate_keys")
    settings.KUNSKAPSNOD_YOUTH_FERNET_KEYS = [new_key]  # the old key removed
    gbg_person.refresh_from_db()
    assert identity.decrypt(gbg_person.identity_encrypted) == number
    settings.KUNSKAPSNOD_YOUTH_HMAC_KEY = "a-brand-new-hmac-key-of-enough-length-0123"
    call_command("youth_rotate_keys", "--rehash")
    gbg_person.refresh_from_db()
    assert gbg_person.match_key == identity.match_key(number)


def test_no_other_app_imports_youths_models():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "youth":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [alias.name for alias in getattr(node, "names", [])] if isinstance(node, ast.Import) else []
            if any(name.startswith(("kunskapsnod.youth.models", "kunskapsnod.youth.services")) for name in names):
                offenders.append(str(relative))
    assert offenders == []


def test_published_aggregates_suppress_small_groups(gbg_coordinator, org):
    goteborg = org("goteborg")
    for index in range(3):
        make_person(gbg_coordinator, goteborg, index)
    counts = aggregates.kaa_counts(
        municipality=goteborg, year=datetime.date.today().year, half=1 if datetime.date.today().month <= 6 else 2
    )
    assert counts["total"] is None and set(counts["status"].values()) == {None}
    assert aggregates.suppress(0) == 0 and aggregates.suppress(5) == 5 and aggregates.share(2, 10) is None


def test_the_database_refuses_to_rewrite_the_log(gbg_person):
    from django.db import DatabaseError, connection, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE youth_accesslog SET what = 'ingenting'")
    assert not AccessLog.objects.filter(what="ingenting").exists()


def test_a_deleted_user_leaves_their_name_in_the_log(gbg_coordinator, gbg_person):
    gbg_coordinator.delete()
    assert set(AccessLog.objects.filter(person=gbg_person).values_list("user", "username")) == {(None, "gunilla")}
