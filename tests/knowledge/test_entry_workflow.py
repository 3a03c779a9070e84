"""Entries and their workflow: draft → in review → published → archived, who may take
each step (the one permission rule), what the database itself refuses, and the audit."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from kunskapsnod.knowledge import services
from kunskapsnod.knowledge.access import actions_for
from kunskapsnod.knowledge.models import Entry, EntryKind, Funding, Status
from kunskapsnod.mapping.models import Theme
from kunskapsnod.regions.permissions import PermissionDenied


def _new(org, owner="boras", **fields):
    return Entry(owner=org(owner), kind=fields.pop("kind", EntryKind.METHOD), title="Studiecoacher",
                 summary="Coacher följer elever med hög frånvaro.", **fields)  # fmt: skip


def test_it_creates_a_draft_of_the_editors_own_municipality(org, boras_editor, current_model):
    themes = list(current_model.themes.all()[:2])
    entry = services.create_entry(
        actor=boras_editor,
        entry=_new(org, level=current_model.levels.first(), target_age="13-15", target_group="Elever i åk 7–9"),
        themes=themes,
        actors=["skola", "elevhalsa"],
        municipalities=[org("boras"), org("mark")],
        links=[("https://example.org/rapport", "Rapporten")],
    )
    entry.refresh_from_db()
    assert entry.status == Status.DRAFT
    assert entry.created_by == boras_editor
    assert set(entry.themes.all()) == set(themes)
    assert entry.actor_labels() == ["Elevhälsa", "Skola"]
    assert {m.slug for m in entry.municipalities.all()} == {"boras", "mark"}
    assert [(link.url, link.label) for link in entry.links.all()] == [("https://example.org/rapport", "Rapporten")]


def test_every_change_is_audited_with_its_author(org, boras_editor, sjuharad_staff):
    entry = services.create_entry(actor=boras_editor, entry=_new(org))
    services.submit_entry(actor=boras_editor, entry=entry)
    services.publish_entry(actor=sjuharad_staff, entry=entry)
    rows = LogEntry.objects.get_for_object(entry).order_by("timestamp", "pk")
    assert [row.actor for row in rows] == [boras_editor, boras_editor, sjuharad_staff]
    assert rows.last().changes_dict["status"] == ["granskning", "publicerad"]


def test_an_editor_submits_and_node_staff_of_the_association_publish(org, boras_editor, sjuharad_staff):
    entry = services.create_entry(actor=boras_editor, entry=_new(org))
    services.submit_entry(actor=boras_editor, entry=entry)
    with pytest.raises(PermissionDenied, match="nodpersonal"):
        services.publish_entry(actor=boras_editor, entry=entry)
    published = services.publish_entry(actor=sjuharad_staff, entry=entry)
    assert published.status == Status.PUBLISHED
    assert published.published_by == sjuharad_staff
    assert published.published_at is not None


def test_node_staff_of_another_association_cannot_publish(org, boras_editor, gr_staff):
    entry = services.create_entry(actor=boras_editor, entry=_new(org))
    services.submit_entry(actor=boras_editor, entry=entry)
    with pytest.raises(PermissionDenied, match="Borås"):
        services.publish_entry(actor=gr_staff, entry=entry)
    assert Entry.objects.get(pk=entry.pk).status == Status.REVIEW


def test_staff_send_an_entry_back_and_the_owner_archives_a_published_one(make_entry, boras_editor, sjuharad_staff):
    entry = make_entry("boras", status="granskning", actor=boras_editor)
    assert services.return_entry(actor=sjuharad_staff, entry=entry).status == Status.DRAFT
    published = make_entry("boras", status="publicerad")
    archived = services.archive_entry(actor=boras_editor, entry=published)
    assert archived.status == Status.ARCHIVED and archived.archived_at is not None
    again = services.publish_entry(actor=sjuharad_staff, entry=archived)
    assert again.status == Status.PUBLISHED
    assert again.published_at == published.published_at  # the first publication date stays


@pytest.mark.parametrize(
    ("status", "step"),
    [
        ("utkast", "archive_entry"),
        ("utkast", "return_entry"),
        ("granskning", "submit_entry"),
        ("publicerad", "submit_entry"),
        ("publicerad", "publish_entry"),
        ("arkiverad", "archive_entry"),
    ],
)
def test_a_step_from_the_wrong_state_is_refused(make_entry, administrator, status, step):
    entry = make_entry("boras", status=status)
    with pytest.raises(services.KnowledgeError, match="kan inte"):
        getattr(services, step)(actor=administrator, entry=entry)
    assert Entry.objects.get(pk=entry.pk).status == status


STEPS = {
    "update": lambda actor, entry: services.update_entry(actor=actor, entry=entry),
    "submit": lambda actor, entry: services.submit_entry(actor=actor, entry=entry),
    "publish": lambda actor, entry: services.publish_entry(actor=actor, entry=entry),
    "return": lambda actor, entry: services.return_entry(actor=actor, entry=entry),
    "archive": lambda actor, entry: services.archive_entry(actor=actor, entry=entry),
}
STATUS_FOR = {"update": "utkast", "submit": "utkast", "publish": "granskning", "return": "granskning",
              "archive": "publicerad"}  # fmt: skip


@pytest.mark.parametrize("step", STEPS)
def test_no_one_outside_boras_scope_takes_any_step_on_a_boras_entry(make_entry, personas, step):
    entry = make_entry("boras", status=STATUS_FOR[step])
    for persona in ("mark_editor", "boras_reader", "gr_staff"):
        entry.title = "Ändrad av fel person"
        with pytest.raises(PermissionDenied):
            STEPS[step](personas[persona], entry)
        fresh = Entry.objects.get(pk=entry.pk)
        assert (fresh.status, fresh.title) == (STATUS_FOR[step], "Läxhjälp i boras"), persona


@pytest.mark.parametrize("persona", ["mark_editor", "boras_reader"])
def test_no_one_creates_an_entry_for_boras_outside_its_scope(org, personas, persona):
    with pytest.raises(PermissionDenied):
        services.create_entry(actor=personas[persona], entry=_new(org, "boras"))
    assert not Entry.objects.exists()


def test_anonymous_cannot_write(org, make_entry):
    with pytest.raises(PermissionDenied):
        services.create_entry(actor=AnonymousUser(), entry=_new(org))
    entry = make_entry("boras")
    with pytest.raises(PermissionDenied):
        services.submit_entry(actor=AnonymousUser(), entry=entry)


def test_an_editor_edits_drafts_but_not_what_is_published(make_entry, boras_editor, sjuharad_staff):
    draft = make_entry("boras", actor=boras_editor)
    draft.title = "Bättre rubrik"
    assert services.update_entry(actor=boras_editor, entry=draft).title == "Bättre rubrik"
    published = make_entry("boras", status="publicerad")
    published.title = "Ändrad utan granskning"
    with pytest.raises(PermissionDenied):
        services.update_entry(actor=boras_editor, entry=published)
    services.update_entry(actor=sjuharad_staff, entry=published)
    assert Entry.objects.get(pk=published.pk).title == "Ändrad utan granskning"


def test_the_workflow_fields_cannot_be_changed_by_an_update(make_entry, boras_editor):
    entry = make_entry("boras", actor=boras_editor)
    entry.status = Status.PUBLISHED
    entry.published_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    services.update_entry(actor=boras_editor, entry=entry)
    fresh = Entry.objects.get(pk=entry.pk)
    assert (fresh.status, fresh.published_at) == (Status.DRAFT, None)


def test_moving_an_entry_needs_the_right_to_change_both_owners(make_entry, org, boras_editor, sjuharad_staff):
    entry = make_entry("boras", actor=boras_editor)
    entry.owner = org("goteborg")
    with pytest.raises(PermissionDenied, match="Göteborg"):
        services.update_entry(actor=sjuharad_staff, entry=entry)
    entry.owner = org("mark")
    services.update_entry(actor=sjuharad_staff, entry=entry)
    assert Entry.objects.get(pk=entry.pk).owner.slug == "mark"


def test_only_a_municipality_or_an_association_owns_an_entry(org, administrator):
    with pytest.raises(services.KnowledgeError, match="kommun eller ett förbund"):
        services.create_entry(actor=administrator, entry=_new(org, "vastra-gotalands-lan"))
    association = services.create_entry(actor=administrator, entry=_new(org, "sjuharad"))
    assert association.owner.is_association


def test_themes_and_level_come_from_the_current_analysis_model(org, administrator, current_model):
    old = Theme.objects.filter(model__version=1).first()
    with pytest.raises(services.KnowledgeError, match="gällande versionen"):
        services.create_entry(actor=administrator, entry=_new(org), themes=[old])
    with pytest.raises(services.KnowledgeError, match="gällande versionen"):
        services.create_entry(actor=administrator, entry=_new(org, level=old.model.levels.first()))
    assert not Entry.objects.exists()


def test_a_project_carries_its_owner_funder_period_budget_and_results(org, administrator):
    project = services.create_entry(
        actor=administrator,
        entry=_new(
            org,
            "sjuharad",
            kind=EntryKind.PROJECT,
            project_owner=org("sjuharad"),
            funding=Funding.ESF,
            funder="ESF-rådet",
            start_date=datetime.date(2024, 1, 1),
            end_date=datetime.date(2026, 12, 31),
            budget=4_500_000,
            modules="Kartläggning\nStudiecoacher\n",
            goals="Fler elever med gymnasiebehörighet.",
            results="Närvaron ökade.",
        ),
        municipalities=[org("boras"), org("mark"), org("svenljunga")],
    )
    project.refresh_from_db()
    assert project.module_list() == ["Kartläggning", "Studiecoacher"]
    assert (project.funding, project.budget, project.end_date.year) == ("esf", 4_500_000, 2026)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"start_date": datetime.date(2026, 1, 1), "end_date": datetime.date(2025, 1, 1)}, "Slutdatum"),
        ({"budget": -1}, "negativ"),
    ],
)
def test_a_project_with_a_backwards_period_or_negative_budget_is_refused(org, administrator, fields, message):
    with pytest.raises(services.KnowledgeError, match=message):
        services.create_entry(actor=administrator, entry=_new(org, kind=EntryKind.PROJECT, **fields))
    assert not Entry.objects.exists()


def test_project_fields_of_other_kinds_are_dropped_by_the_service(org, administrator):
    entry = services.create_entry(actor=administrator, entry=_new(org, budget=100, funder="ESF"))
    entry.refresh_from_db()
    assert (entry.budget, entry.funder) == (None, "")


@pytest.mark.parametrize(
    "change",
    [
        {"status": "hemlig"},
        {"kind": "roman"},
        {"title": ""},
        {"budget": 100},  # on a method
        {"status": Status.PUBLISHED},  # without a publication date
    ],
)
def test_the_database_refuses_invalid_rows(make_entry, change):
    entry = make_entry("boras")
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).update(**change)


@pytest.mark.parametrize("change", [{"budget": -5}, {"start_date": "2026-02-01", "end_date": "2026-01-01"}])
def test_the_database_refuses_an_invalid_project(make_entry, change):
    project = make_entry("boras", kind=EntryKind.PROJECT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(pk=project.pk).update(**change)


def test_links_must_be_web_addresses(org, administrator):
    with pytest.raises(services.KnowledgeError, match="länk 1"):
        services.create_entry(actor=administrator, entry=_new(org), links=[("javascript:alert(1)", "klicka")])
    assert not Entry.objects.exists()


def test_control_characters_are_removed_from_text(org, administrator):
    entry = services.create_entry(actor=administrator, entry=_new(org, body="Rad\x00ett\x1b\nRad två\ttab"))
    assert entry.body == "Radett\nRad två\ttab"


def test_who_sees_what(make_entry, org, boras_editor, boras_reader, mark_editor, sjuharad_staff):
    draft = make_entry("boras", actor=boras_editor)
    published = make_entry("boras", status="publicerad")
    archived = make_entry("boras", status="arkiverad")
    assert set(Entry.objects.visible_to(AnonymousUser())) == {published}
    assert set(Entry.objects.visible_to(boras_reader)) == {published}
    assert set(Entry.objects.visible_to(mark_editor)) == {published}
    assert set(Entry.objects.visible_to(boras_editor)) == {draft, published, archived}
    assert set(Entry.objects.visible_to(sjuharad_staff)) == {draft, published, archived}


def test_the_buttons_follow_the_rule(make_entry, boras_editor, boras_reader, sjuharad_staff):
    review = make_entry("boras", status="granskning")
    assert actions_for(boras_editor, review) == {
        "edit": True, "submit": False, "publish": False, "return": False, "archive": False
    }  # fmt: skip
    assert actions_for(sjuharad_staff, review) == {
        "edit": True, "submit": False, "publish": True, "return": True, "archive": False
    }  # fmt: skip
    assert not any(actions_for(boras_reader, review).values())
