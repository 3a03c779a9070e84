"""Connections: on every need "what others already do" (interventions of other
municipalities and published entries, ranked, with a reason); staff confirm or reject;
confirmed links show on both sides and on the municipalities' pages; the similar
municipalities' doings on a municipality's page. Over the real 2022 pre-study."""

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.urls import reverse

from kunskapsnod.knowledge import services
from kunskapsnod.knowledge.connections import similar_municipalities_of, suggest_connections
from kunskapsnod.knowledge.models import Connection, EntryKind
from kunskapsnod.mapping.models import Item, Kind
from kunskapsnod.mapping.services import import_prestudy, load_analysis_models

NEED = "Introduktion/mottagande i skola för nyanlända."
THEIRS = "Familjestöd och utbildning för nyanlända"


@pytest.fixture
def prestudy(regions):
    import json

    load_analysis_models(settings.DATA_DIR / "analysmodell.json")
    import_prestudy(actor=None, data=json.loads((settings.DATA_DIR / "sjuharad-forstudie-2022.json").read_text()))


@pytest.fixture
def need(prestudy):
    return Item.objects.get(text=NEED, municipality__slug="bollebygd")


@pytest.fixture
def staff(client, sjuharad_staff):
    client.force_login(sjuharad_staff)
    return client


def _page(client, item):
    return client.get(reverse("mapping:item", args=[item.pk])).content.decode()


def test_a_need_shows_what_other_municipalities_already_do_with_the_reason(staff, need):
    suggestions = suggest_connections(need)
    theirs = Item.objects.get(text=THEIRS)
    assert theirs in [s.target for s in suggestions]
    assert all(s.target.municipality_id != need.municipality_id for s in suggestions if not s.is_entry)
    found = next(s for s in suggestions if s.target == theirs)
    assert "nyanlända" in found.words and "gemensamma ord: nyanlända" in found.reason
    page = _page(staff, need)
    assert "Vad andra redan gör" in page and THEIRS in page and "gemensamma ord:" in page


def test_published_entries_are_suggested_and_drafts_never(need, make_entry):
    published = make_entry("boras", title="Mottagande av nyanlända elever", status="publicerad", kind=EntryKind.METHOD)
    draft = make_entry("boras", title="Nyanlända elever i skolan, utkast")
    targets = [s.target for s in suggest_connections(need)]
    assert published in targets and draft not in targets


def test_confirming_links_both_sides_and_the_municipalities_pages(staff, need, sjuharad_staff, make_entry):
    theirs = Item.objects.get(text=THEIRS)
    response = staff.post(
        reverse("knowledge:need_connect", args=[need.pk]), {"mal": f"insats-{theirs.pk}", "beslut": "bekrafta"}
    )
    assert response.status_code == 302
    connection = Connection.objects.get(need=need, intervention=theirs)
    assert connection.status == "bekraftad" and connection.decided_by == sjuharad_staff
    assert connection.decided_at is not None
    assert LogEntry.objects.get_for_object(connection).get().actor == sjuharad_staff
    assert theirs not in [s.target for s in suggest_connections(need)]
    need_page, their_page = _page(staff, need), _page(staff, theirs)
    assert "Bekräftade kopplingar" in need_page and THEIRS in need_page
    assert "Behov som insatsen kopplats till" in their_page and NEED in their_page
    for slug in ("bollebygd", "boras"):
        page = staff.get(reverse("knowledge:municipality", args=[slug])).content.decode()
        assert NEED in page and THEIRS in page


def test_a_confirmed_entry_shows_the_need_on_its_page_to_signed_in_users_only(client, staff, need, make_entry):
    entry = make_entry("boras", title="Mottagande av nyanlända elever", status="publicerad")
    staff.post(reverse("knowledge:need_connect", args=[need.pk]), {"mal": f"post-{entry.pk}", "beslut": "bekrafta"})
    assert NEED in staff.get(entry.get_absolute_url()).content.decode()
    client.logout()
    assert NEED not in client.get(entry.get_absolute_url()).content.decode()


def test_a_rejected_suggestion_is_not_suggested_again(staff, need):
    theirs = Item.objects.get(text=THEIRS)
    staff.post(reverse("knowledge:need_connect", args=[need.pk]), {"mal": f"insats-{theirs.pk}", "beslut": "avvisa"})
    assert Connection.objects.get(need=need).status == "avvisad"
    assert theirs not in [s.target for s in suggest_connections(need)]
    assert "Bekräftade kopplingar" not in _page(staff, need)


@pytest.mark.parametrize("persona", ["mark_editor", "boras_reader"])
def test_only_who_may_change_the_needs_municipality_decides(client, personas, need, persona):
    client.force_login(personas[persona])
    theirs = Item.objects.get(text=THEIRS)
    url = reverse("knowledge:need_connect", args=[need.pk])
    assert client.post(url, {"mal": f"insats-{theirs.pk}", "beslut": "bekrafta"}).status_code == 404
    assert not Connection.objects.exists()
    assert "Bekräfta" not in _page(client, need)


def test_the_service_refuses_an_own_intervention_and_a_draft(need, sjuharad_staff, make_entry):
    own = Item.objects.filter(municipality=need.municipality, kind=Kind.INTERVENTION).first()
    with pytest.raises(services.KnowledgeError):
        services.decide_connection(actor=sjuharad_staff, need=need, target=own, confirm=True)
    with pytest.raises(services.KnowledgeError):
        services.decide_connection(actor=sjuharad_staff, need=need, target=make_entry("boras"), confirm=True)
    assert not Connection.objects.exists()


def test_a_need_page_stays_within_a_fixed_number_of_queries_with_400_items(
    staff, need, org, django_assert_max_num_queries
):
    _page(staff, need)  # warm the caches (content types, session, the candidates' corpus)
    with django_assert_max_num_queries(30) as first:
        _page(staff, need)
    Item.objects.bulk_create(
        Item(kind=Kind.INTERVENTION, text=f"Nyanlända elever får läxhjälp, grupp {n}", municipality=org("vargarda"))
        for n in range(400 - Item.objects.count())
    )
    assert Item.objects.count() == 400
    # The first view after a change re-reads the candidates' texts: two queries more, once.
    with django_assert_max_num_queries(len(first.captured_queries) + 2):
        _page(staff, need)
    with django_assert_max_num_queries(len(first.captured_queries)):
        _page(staff, need)


def test_similar_municipalities_come_from_the_statistics_module(prestudy, org):
    similar = similar_municipalities_of(org("boras"))
    assert similar and all(m.is_municipality and m.slug != "boras" for m, _why in similar)
    assert all("Kolada" in why or "Kunskapsnod" in why for _m, why in similar)


def test_similar_municipalities_with_interventions_mapped_come_first(prestudy, org):
    similar = [m for m, _why in similar_municipalities_of(org("mark"))]
    mapped = [Item.objects.filter(municipality=m, kind=Kind.INTERVENTION).exists() for m in similar]
    assert mapped[0] and mapped == sorted(mapped, reverse=True)


def test_the_municipality_page_lists_what_similar_municipalities_do(staff, prestudy, org):
    page = staff.get(reverse("knowledge:municipality", args=["boras"])).content.decode()
    assert "Vad liknande kommuner gör" in page
    similar = [m for m, _why in similar_municipalities_of(org("boras"))]
    mapped = [m for m in similar if Item.objects.filter(municipality=m, kind=Kind.INTERVENTION).exists()]
    for municipality in mapped:
        assert municipality.name in page


def test_the_json_twins_answer_signed_in_users(client, staff, need):
    theirs = Item.objects.get(text=THEIRS)
    staff.post(reverse("knowledge:need_connect", args=[need.pk]), {"mal": f"insats-{theirs.pk}", "beslut": "bekrafta"})
    data = staff.get(f"/api/knowledge/needs/{need.pk}/connections").json()
    assert [c["target"] for c in data["confirmed"]] == [theirs.pk]
    assert all(s["reason"] for s in data["suggestions"])
    data = staff.get("/api/knowledge/municipalities/boras/connections").json()
    assert data["confirmed"][0]["need"] == need.pk
    client.logout()
    assert client.get(f"/api/knowledge/needs/{need.pk}/connections").status_code == 401
