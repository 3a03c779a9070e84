import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from kunskapsnod.followup import services
from kunskapsnod.followup.models import ActorGroup, EventParticipant, OrganisationAlias, ParticipantImport
from kunskapsnod.followup.services.participant_files import read_participant_file
from kunskapsnod.regions.permissions import PermissionDenied

SEMICOLON_CP1252 = (
    "Förnamn;Efternamn;E-postadress;Organisation/arbetsgivare;Kommun;Befattning\r\n"
    "Åsa;Ölund;asa@boras.se;Borås Stad;Borås;Rektor\r\n"
    "Per;Lind;per@mark.se;Marks kommun;;Kurator\r\n"
).encode("cp1252")
COMMA_BOM = (
    "\ufeffName,Email,Organization,Municipality,Role\n"
    "Kim Berg,kim@vgregion.se,Västra Götalandsregionen,,Strateg\n"
    "Lo Ek,lo@gu.se,Göteborgs universitet,Göteborg,Forskare\n"
).encode("utf-8")


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "names"),
    [
        (SEMICOLON_CP1252, ["Åsa Ölund", "Per Lind"]),
        (COMMA_BOM, ["Kim Berg", "Lo Ek"]),
        (
            _xlsx(
                [
                    ["Deltagarlista konferensen"],
                    ["Namn", "E-post", "Organisation", "Kommun", "Roll"],
                    ["Åsa Ölund", "asa@boras.se", "Borås Stad", "Borås", "Rektor"],
                ]
            ),
            ["Åsa Ölund"],
        ),
    ],
    ids=["semicolon-cp1252", "comma-utf8-bom", "excel-title-row"],
)
def test_it_reads_the_files_registration_tools_export(data, names):
    parsed = read_participant_file(data, file_name="lista")
    assert [r.name for r in parsed.rows] == names
    assert parsed.errors == []


def test_it_reports_broken_rows_by_line_and_keeps_nothing_until_confirmed(make_event, sjuharad_staff):
    event = make_event()
    text = (
        "Namn;E-post;Organisation;Kommun;Roll\n"
        "Åsa;asa@boras.se;Borås Stad;Borås;Rektor\n"
        "Utan organisation;x@y.se;;;\n"
        "Fel post;inte-en-adress;Borås Stad;Borås;\n"
        "Okänd ort;o@o.se;Borås Stad;Atlantis;\n"
        "För många;a@b.se;Borås Stad;Borås;Rektor;extra\n"
    )
    pending = services.start_participant_import(
        actor=sjuharad_staff, event=event, data=text.encode(), file_name="l.csv"
    )
    assert [(e["line"], e["message"]) for e in pending.errors] == [
        (3, "organisation och kommun saknas"),
        (4, "ogiltig e-postadress ”inte-en-adress”"),
        (5, "okänd kommun ”Atlantis”"),
        (6, "fler fält än rubrikraden (5)"),
    ]
    assert EventParticipant.objects.count() == 0
    with pytest.raises(services.FollowupError, match="4 rader med fel"):
        services.confirm_participant_import(actor=sjuharad_staff, pending=pending, resolutions={})
    assert EventParticipant.objects.count() == 0
    kept = services.confirm_participant_import(
        actor=sjuharad_staff, pending=pending, resolutions={}, keep_good_rows=True
    )
    assert kept == 1
    participant = EventParticipant.objects.get()
    assert (participant.name, participant.municipality.slug, participant.actor_group) == (
        "Åsa",
        "boras",
        ActorGroup.MUNICIPALITY,
    )


def test_it_matches_known_organisations_and_municipality_forms(make_event, sjuharad_staff):
    event = make_event()
    text = (
        "Namn;Organisation;Kommun\nA;Marks kommun;\nB;Alingsås kommun;\nC;Göteborgs Stad;\nD;Boråsregionen Sjuhärad;\n"
    )
    pending = services.start_participant_import(
        actor=sjuharad_staff, event=event, data=text.encode(), file_name="l.csv"
    )
    assert services.unknown_organisations(pending) == []
    services.confirm_participant_import(actor=sjuharad_staff, pending=pending, resolutions={})
    found = {
        p.name: (p.municipality.slug if p.municipality else None, p.actor_group) for p in EventParticipant.objects.all()
    }
    assert found == {
        "A": ("mark", "kommun"),
        "B": ("alingsas", "kommun"),
        "C": ("goteborg", "kommun"),
        "D": (None, "kommunalforbund"),
    }


def test_it_asks_about_unknown_organisations_and_remembers_the_answer(make_event, sjuharad_staff, org):
    text = "Namn;Organisation;Kommun\nA;Göteborgs universitet;\nB;Föreningen Fritid Ulricehamn;\n"
    first = services.start_participant_import(
        actor=sjuharad_staff, event=make_event(), data=text.encode(), file_name="l.csv"
    )
    unknown = services.unknown_organisations(first)
    assert [(u.name, u.guess) for u in unknown] == [
        ("Föreningen Fritid Ulricehamn", ActorGroup.CIVIL_SOCIETY),
        ("Göteborgs universitet", ActorGroup.ACADEMIA),
    ]
    with pytest.raises(services.FollowupError, match="Ange aktörsgrupp"):
        services.confirm_participant_import(actor=sjuharad_staff, pending=first, resolutions={})
    answers = {
        unknown[0].key: services.Match(None, org("ulricehamn").pk, ActorGroup.CIVIL_SOCIETY),
        unknown[1].key: services.Match(None, None, ActorGroup.ACADEMIA),
    }
    services.confirm_participant_import(actor=sjuharad_staff, pending=first, resolutions=answers)
    assert OrganisationAlias.objects.count() == 2

    later = services.start_participant_import(
        actor=sjuharad_staff, event=make_event(title="Seminarium"), data=text.upper().encode(), file_name="l2.csv"
    )
    assert services.unknown_organisations(later) == []
    services.confirm_participant_import(actor=sjuharad_staff, pending=later, resolutions={})
    seminar = EventParticipant.objects.filter(event__title="Seminarium")
    assert sorted((p.actor_group, p.municipality_id) for p in seminar) == sorted(
        [(ActorGroup.ACADEMIA, None), (ActorGroup.CIVIL_SOCIETY, org("ulricehamn").pk)]
    )


@pytest.mark.parametrize(
    "data",
    [b"", b"\x00\x01\x02binary", b"bara;en;rad\n", b"PK\x03\x04 not a workbook", b"Namn;Kommun\n"],
    ids=["empty", "binary", "no-header", "broken-xlsx", "header-only"],
)
def test_it_refuses_files_it_cannot_read_with_a_message(data):
    with pytest.raises(services.FollowupError, match="lista.csv"):
        read_participant_file(data, file_name="lista.csv")


def test_only_who_may_change_the_organiser_imports(make_event, boras_editor):
    with pytest.raises(PermissionDenied):
        services.start_participant_import(actor=boras_editor, event=make_event(), data=COMMA_BOM, file_name="x.csv")


def test_it_purges_names_after_the_retention_period_and_keeps_the_counts(make_event, sjuharad_staff, settings):
    settings.KUNSKAPSNOD_PARTICIPANT_NAME_RETENTION_DAYS = 30
    old = make_event(date=datetime.date.today() - datetime.timedelta(days=40))
    new = make_event(title="Ny", date=datetime.date.today())
    for event in (old, new):
        pending = services.start_participant_import(
            actor=sjuharad_staff, event=event, data=COMMA_BOM, file_name="x.csv"
        )
        services.confirm_participant_import(
            actor=sjuharad_staff,
            pending=pending,
            resolutions={u.key: services.Match(None, None, u.guess) for u in services.unknown_organisations(pending)},
        )
    services.start_participant_import(actor=sjuharad_staff, event=new, data=COMMA_BOM, file_name="waiting.csv")
    ParticipantImport.objects.update(created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    out = io.StringIO()
    call_command("purge_participant_names", stdout=out)
    assert "Purged names of 2 participants; deleted 1 unconfirmed lists." in out.getvalue()
    assert list(old.participants.values_list("name", "email")) == [("", ""), ("", "")]
    assert old.participants.count() == 2 and old.participants.filter(actor_group=ActorGroup.REGION).count() == 1
    assert sorted(new.participants.values_list("name", flat=True)) == ["Kim Berg", "Lo Ek"]


def test_the_pages_take_a_list_through_check_resolve_and_confirm(client, make_event, sjuharad_staff):
    event = make_event()
    client.force_login(sjuharad_staff)
    upload = io.BytesIO("Namn;Organisation;Kommun\nA;Högskolan i Borås;\nB;;\n".encode())
    upload.name = "deltagare.csv"
    response = client.post(reverse("followup:event", args=[event.pk]), {"file": upload})
    assert response.status_code == 302
    review = client.get(response["Location"]).content.decode()
    assert "Rad 3: organisation och kommun saknas" in review and "Högskolan i Borås" in review
    refused = client.post(response["Location"], {"action": "confirm", "grupp_0": "akademi"})
    assert refused.status_code == 400 and EventParticipant.objects.count() == 0
    client.post(response["Location"], {"action": "confirm", "grupp_0": "akademi", "keep_good_rows": "on"})
    assert list(EventParticipant.objects.values_list("actor_group", flat=True)) == ["akademi"]
    pending_api = client.get(f"/api/uppfoljning/evenemang/{event.pk}").json()
    assert pending_api["participants"][0]["name"] == "A"


def test_readers_see_counts_but_no_names(client, make_event, sjuharad_staff, boras_reader):
    event = make_event()
    pending = services.start_participant_import(actor=sjuharad_staff, event=event, data=SEMICOLON_CP1252, file_name="x")
    services.confirm_participant_import(actor=sjuharad_staff, pending=pending, resolutions={})
    client.force_login(boras_reader)
    page = client.get(reverse("followup:event", args=[event.pk])).content.decode()
    assert "Ölund" not in page and "Borås Stad" in page
    data = client.get(f"/api/uppfoljning/evenemang/{event.pk}").json()
    assert "name" not in data["participants"][0]
    assert client.get(reverse("followup:import", args=[pending.pk])).status_code == 404
