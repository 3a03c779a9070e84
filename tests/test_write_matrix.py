"""The permission matrix over every page: users who may not change Göteborg's data GET and
POST every URL of the site, aimed at objects that Göteborg owns, with a form that names
Göteborg wherever a form can name an owner. No row that is Göteborg's, or that points at
Göteborg's, may be added, changed or removed, and no request may answer 5xx.

Every URL pattern must be reachable from :func:`_kwargs`; a new page fails this test until
it is added there, so new apps are covered from their first view."""

import datetime

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.urls import URLPattern, reverse

from kunskapsnod.mapping.models import Item, Kind
from kunskapsnod.mapping.services import load_analysis_models, save_item, save_prioritised_needs
from kunskapsnod.regions.models import Group, GroupKind, Meeting, Person
from kunskapsnod.regions.services import save_group, save_meeting, save_person
from kunskapsnod.workshops import services as workshops
from urlwalk import url_patterns
from youth_world import youth_kwargs, youth_world

# Pages that anyone holding a workshop's join code may use by design (the code is the key),
# and the sign-in and password pages that act only on the requester's own account.
OPEN_BY_DESIGN = {
    "workshops:join",
    "workshops:join_alias",
    "workshops:participate",
    "workshops:add_note",
    "workshops:place_note",
    "workshops:dot",
    "workshops:results",
    "workshops:results_print",  # the result, once shown, is public to whoever holds the code
    "workshops:results_file",
    "workshops:own_note",  # a participant's own notes only: tests/workshops/test_own_notes.py
    # A survey's respondents answer through a one-time or open link without an account
    # (the link is the key; a wrong one stores nothing: tests/surveys/test_responding.py).
    "surveys:respond",
    "surveys:respond_open",
    "surveys:thanks",
    "accounts:login",
    "accounts:logout",
    "accounts:password_change",
    "accounts:password_reset",
    "accounts:password_reset_confirm",
    "set_language",
}
SKIPPED_NAMESPACES = {"admin", "api"}  # the admin has its own test; the API is read-only
FOREIGN = "goteborg"
APPS = ("regions", "mapping", "workshops", "indicators", "accounts", "knowledge", "youth", "surveys", "followup")
IGNORED_FIELDS = {"last_login", "password"}  # signing each persona in touches these


def _url_names():
    return sorted({name for name, _ in url_patterns() if name.split(":")[0] not in SKIPPED_NAMESPACES})


@pytest.fixture
def goteborg_world(org, administrator, request, tmp_path):
    """One object of every kind, owned by Göteborg (or its association)."""
    # Attachments of the world go to a folder thrown away after the test.
    request.getfixturevalue("settings").MEDIA_ROOT = tmp_path / "media"
    goteborg = org(FOREIGN)
    load_analysis_models(settings.DATA_DIR / "analysmodell.json")
    meeting = save_meeting(
        actor=administrator,
        meeting=Meeting(date=datetime.date(2026, 3, 4), topic="Göteborgs möte", organiser=goteborg),
    )
    group = save_group(
        actor=administrator, group=Group(name="Göteborgs nätverk", kind=GroupKind.NETWORK, owner=goteborg)
    )
    person = save_person(actor=administrator, person=Person(name="Göran", organisation=goteborg))
    item = save_item(actor=administrator, item=Item(kind=Kind.NEED, text="Göteborgs behov", municipality=goteborg))
    save_prioritised_needs(
        actor=administrator,
        municipality=goteborg,
        source_label="Göteborgs lista",
        source_date=datetime.date(2026, 3, 4),
        ranked=[("Göteborgs behov", 3)],
        workshop_ref="workshop:GBG",
    )
    workshop = workshops.create_workshop(actor=administrator, organisation=goteborg, title="Göteborgs workshop")
    participant = workshops.join_workshop(workshop=workshop)
    note = workshops.add_note(participant=participant, text="Göteborgs lapp")
    world = {
        "organisation": goteborg,
        "association": org("goteborgsregionen"),
        "meeting": meeting,
        "group": group,
        "person": person,
        "item": item,
        "priority": goteborg.mapping_priorities.get(),
        "workshop": workshop,
        "note": note,
        "own": _own_indicator(org("goteborgsregionen"), administrator),
        **_knowledge_entries(goteborg, administrator),
        **_followup_objects(goteborg, org("goteborgsregionen"), administrator),
        **_youth_objects(goteborg, administrator),
        **_survey_objects(org("goteborgsregionen"), administrator),
    }
    return world


def _knowledge_entries(goteborg, administrator) -> dict:
    """A Göteborg entry in review (every workflow step applies to it) with an attachment,
    and a published one (archiving applies)."""
    from django.core.files.base import ContentFile

    from kunskapsnod.knowledge import services as knowledge
    from kunskapsnod.knowledge.models import Entry

    def entry(title):
        new = Entry(owner=goteborg, kind="metod", title=title, summary="Göteborgs metod")
        return knowledge.create_entry(actor=administrator, entry=new)

    review = knowledge.submit_entry(actor=administrator, entry=entry("Göteborgs metod"))
    published = knowledge.publish_entry(actor=administrator, entry=entry("Göteborgs publicerade metod"))
    attachment = knowledge.add_attachment(
        actor=administrator, entry=review, file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="metod.pdf")
    )
    return {"entry": review, "published_entry": published, "attachment": attachment}


def _survey_objects(association, administrator) -> dict:
    """A draft survey of Göteborgsregionen from the template, and one of its questions."""
    from kunskapsnod.surveys import services as surveys

    survey = surveys.create_survey(actor=administrator, organisation=association, title="GR:s enkät", year=2026)
    return {"survey": survey, "survey_question": survey.questions.first()}


def _youth_objects(goteborg, administrator) -> dict:
    """Göteborg's youth records, kept by a Göteborg coordinator (tests/youth_world.py)."""
    from kunskapsnod.accounts.models import Role
    from kunskapsnod.accounts.services import create_user
    from kunskapsnod.youth.services.people import grant_coordinator

    coordinator = create_user(username="gbg-samordnare", password="x" * 12, role=Role.READER, organisation=goteborg)
    grant_coordinator(actor=administrator, user=coordinator, municipality=goteborg)
    return youth_world(coordinator, goteborg)


def _followup_objects(goteborg, association, administrator) -> dict:
    """Göteborgsregionen's plan with an activity, a Göteborg event with a participant list
    waiting for confirmation, and a generated annual report."""
    from kunskapsnod.followup import services as followup
    from kunskapsnod.followup.models import Activity, Event

    plan = followup.get_or_create_plan(actor=administrator, association=association, year=2026)
    activity = followup.save_activity(actor=administrator, activity=Activity(plan=plan, title="Göteborgs aktivitet"))
    event = followup.save_event(
        actor=administrator,
        event=Event(
            organiser=goteborg, kind="seminarium", title="Göteborgs seminarium", date=datetime.date(2026, 4, 1)
        ),
    )
    pending = followup.start_participant_import(
        actor=administrator, event=event, data="Namn;Organisation\nGöran;Okänd förening\n".encode(), file_name="g.csv"
    )
    report = followup.generate_report(actor=administrator, association=association, year=2026)
    return {"activity": activity, "event": event, "participant_list": pending, "report": report}


def _own_indicator(owner, administrator):
    try:
        from kunskapsnod.indicators.services.own import create_own_indicator
    except ImportError:  # pragma: no cover - own indicators not built yet
        return None
    return create_own_indicator(
        actor=administrator, owner=owner, code="EGEN-GBG", title="Göteborgs enkät", source="Göteborgs stad"
    )


def _kwargs(name: str, pattern: URLPattern, world) -> dict:
    """Arguments that aim ``name`` at Göteborg's objects."""
    wanted = set(pattern.pattern.converters)
    if not wanted:
        return {}
    by_name = {
        "regions:group_edit": {"pk": world["group"].pk},
        "regions:person_edit": {"pk": world["person"].pk},
        "regions:association": {"slug": "goteborgsregionen"},
        "regions:meeting": {"pk": world["meeting"].pk},
        "regions:meeting_edit": {"pk": world["meeting"].pk},
        "regions:meeting_delete": {"pk": world["meeting"].pk},
        "mapping:priority_need": {"pk": world["priority"].pk},
        "knowledge:need_connect": {"pk": world["item"].pk},
        "mapping:export": {"fmt": "json"},
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "operations:job_run": {"pk": 1},  # job runs belong to no organisation
        "workshops:results_file": {"fmt": "xlsx", "code": world["workshop"].join_code},
    }
    if name in by_name:
        return by_name[name]
    if wanted == {"slug"}:
        return {"slug": FOREIGN}
    if name.startswith("mapping:item"):
        return {"pk": world["item"].pk}
    if name.startswith("knowledge:attachment") and name != "knowledge:attachment_add":
        return {"pk": world["attachment"].pk}
    if name == "knowledge:entry_archive":
        return {"pk": world["published_entry"].pk}
    if name.startswith("knowledge:"):
        return {"pk": world["entry"].pk}
    if name.startswith("surveys:question_") and "pk" in wanted:
        return {"pk": world["survey_question"].pk}
    if name.startswith("surveys:"):
        own = {"pk": world["survey"].pk, "survey_pk": world["survey"].pk, "code": world["survey"].open_code}
        return {key: own.get(key, "ogiltig-lank") for key in wanted}
    if name.startswith("search:synonym"):  # the synonym list belongs to no organisation
        from kunskapsnod.search.models import Synonym

        return {"pk": Synonym.objects.values_list("pk", flat=True).first() or 1}
    if name.startswith("followup:"):
        by_key = {
            "pk": {
                "activity": world["activity"],
                "event": world["event"],
                "import": world["participant_list"],
                "report": world["report"],
            },
            "slug": "goteborgsregionen",
            "year": 2026,
        }
        target = next((o for k, o in by_key["pk"].items() if name.split(":")[1].startswith(k)), None)
        return {key: target.pk if key == "pk" else by_key[key] for key in wanted}
    if name.startswith("mapping:model"):
        return {"version": 1}
    if name.startswith("workshops:") and "pk" in wanted:
        return {"pk": world["workshop"].pk}
    if name.startswith("workshops:") and "code" in wanted:
        return {"code": world["workshop"].join_code}
    if name.startswith("indicators:own_") and world["own"] is not None:
        return {"code": world["own"].code}
    if name.startswith("indicators:"):
        return {key: {"slug": FOREIGN, "code": "N15428"}[key] for key in wanted}
    if name.startswith("youth:"):
        return youth_kwargs(name, world)
    raise KeyError(f"{name} ({pattern.pattern}) has no arguments in tests/test_write_matrix.py::_kwargs")


def _payload(world) -> dict:
    """A form that tries to write to, or as, Göteborg whatever the page is."""
    goteborg = world["organisation"].pk
    text = "Skrivet av någon som inte får"
    return {
        **dict.fromkeys(("organisation", "organiser", "municipality", "owner", "parent", "kommun"), goteborg),
        **dict.fromkeys(("text", "topic", "name", "title", "description", "notes", "source", "label"), text),
        "date": "2026-04-01",
        "kind": "need",
        "phase": "voting",
        "open": "1",
        "action": "hide",
        "note": world["note"].pk,
        "target": world["note"].pk,
        "placement": "delregionalt",
        "need": world["item"].pk,
        "items": [world["item"].pk],
        "priorities": [world["priority"].pk],
        "attendees": [world["person"].pk],
        "members": [world["person"].pk],
        "code": "EGEN-NY",
        "post": "yes",
        # The suggestion pages: accept or confirm the world's need in bulk.
        "atgard": "godkann-valda",
        "val": [world["item"].pk],
        "mal": f"post-{world['published_entry'].pk}",
        "beslut": "bekrafta",
    }


def _snapshot() -> dict:
    """Every row of our apps (many-to-many tables included) by (model, pk), with the rows
    it points to, so that a change can be traced to whose data it touched."""
    rows = {}
    for label in APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            fields = [f for f in model._meta.concrete_fields if f.attname not in IGNORED_FIELDS]
            links = [f for f in fields if f.is_relation]
            for values in model.objects.values_list(*[f.attname for f in fields]):
                row = dict(zip([f.attname for f in fields], values, strict=True))
                refs = {(f.related_model._meta.label, row[f.attname]) for f in links}
                rows[(model._meta.label, row[model._meta.pk.attname])] = (values, refs)
    return rows


def _writes_so_far() -> int:
    """Rows this connection has inserted, updated or deleted so far (in the test's
    transaction on PostgreSQL; sessions aside): when neither the GET nor the POST of a page
    wrote anything, the page needs no snapshot (a snapshot reads every row of our apps)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
                " WHERE relname <> 'django_session'"
            )
        else:
            cursor.execute("SELECT total_changes()")
        return cursor.fetchone()[0]


def _touched(before: dict, after: dict, world_keys: set) -> list:
    """Rows added, removed or changed that are Göteborg's or point at Göteborg's."""
    changed = {key for key in before.keys() | after.keys() if before.get(key, (None,))[0] != after.get(key, (None,))[0]}
    return sorted(key for key in changed if key in world_keys or (before.get(key) or after.get(key))[1] & world_keys)


def _world_keys(world) -> set:
    keys = {(obj._meta.label, obj.pk) for obj in world.values() if obj is not None}
    return keys | {
        ("regions.Organisation", world["organisation"].pk),
        ("regions.Organisation", world["association"].pk),
    }


def test_every_page_has_arguments_in_the_matrix(goteborg_world):
    missing = []
    for name, pattern in url_patterns():
        if name.split(":")[0] in SKIPPED_NAMESPACES:
            continue
        try:
            _kwargs(name, pattern, goteborg_world)
        except KeyError as exc:
            missing.append(str(exc))
    assert missing == []


@pytest.mark.parametrize("persona", ["boras_reader", "boras_editor", "sjuharad_staff", "mark_editor"])
def test_no_one_outside_goteborg_changes_goteborgs_data_through_any_page(client, personas, goteborg_world, persona):
    user = personas[persona]
    world_keys = _world_keys(goteborg_world)
    before = _snapshot()
    payload = _payload(goteborg_world)
    failures = []
    for name, pattern in url_patterns():
        if name.split(":")[0] in SKIPPED_NAMESPACES or name in OPEN_BY_DESIGN:
            continue
        url = reverse(name, kwargs=_kwargs(name, pattern, goteborg_world))
        written = None
        for method in ("get", "post"):
            if client.session.get("_auth_user_id") != str(user.pk):  # a page may have logged them out
                client.force_login(user)
            if written is None:
                written = _writes_so_far()
            response = getattr(client, method)(url, payload if method == "post" else None)
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {url}: {response.status_code}")
            if method == "post" and _writes_so_far() != written:
                after = _snapshot()
                touched = _touched(before, after, world_keys)
                if touched:
                    failures.append(f"POST {url} ({name}) as {persona} touched {touched}")
                before = after
    assert failures == []
