import datetime

from django.urls import reverse

from kunskapsnod.followup.services.coverage import coverage

from .conftest import import_rows

LIST_2025 = "Namn;Organisation;Kommun\nA;Borås Stad;\nB;Borås Stad;\nC;Marks kommun;\nD;Boråsregionen Sjuhärad;\n"
LIST_2026 = "Namn;Organisation;Kommun\nA;Borås Stad;\nE;Lerums kommun;\n"


def _two_years(make_event, sjuharad_staff):
    import_rows(sjuharad_staff, make_event(title="Konferens 2025", date=datetime.date(2025, 5, 1)), LIST_2025)
    import_rows(sjuharad_staff, make_event(title="Konferens 2026", date=datetime.date(2026, 5, 1)), LIST_2026)


def test_it_shows_which_municipalities_were_reached_and_never_were(sjuharad, make_event, sjuharad_staff):
    _two_years(make_event, sjuharad_staff)
    found = coverage(sjuharad, 2026)
    assert [m.slug for m in found.members_reached] == ["boras"]
    assert "mark" in [m.slug for m in found.members_not_reached]
    assert "mark" not in [m.slug for m in found.members_never_reached]
    assert len(found.members_never_reached) == 6
    assert found.county_municipalities == 49
    assert sorted(m.slug for m in found.county_reached) == ["boras", "lerum"]


def test_it_counts_shares_by_actor_group_and_association(sjuharad, make_event, sjuharad_staff):
    _two_years(make_event, sjuharad_staff)
    found = coverage(sjuharad, 2025)
    assert [(s.label, s.count) for s in found.by_group] == [("Kommun", 3), ("Kommunalförbund", 1)]
    assert [(s.label, s.count, round(s.percent)) for s in found.by_association] == [
        ("Boråsregionen Sjuhärad", 3, 75),
        ("", 1, 25),
    ]


def test_it_compares_year_over_year(sjuharad, make_event, sjuharad_staff):
    _two_years(make_event, sjuharad_staff)
    found = coverage(sjuharad, 2026)
    assert [(r.year, r.events, r.participants, r.members_reached, r.county_reached) for r in found.years] == [
        (2025, 1, 4, 2, 2),
        (2026, 1, 2, 1, 2),
    ]
    assert found.previous.year == 2025


def test_the_page_and_its_twin_show_the_same_reach(client, boras_reader, sjuharad, make_event, sjuharad_staff):
    _two_years(make_event, sjuharad_staff)
    client.force_login(boras_reader)
    page = client.get(reverse("followup:participants", args=["sjuharad", 2026])).content.decode()
    assert "Medlemskommuner nådda: 1 av 8" in page and "Aldrig nådda av något evenemang" in page
    data = client.get("/api/uppfoljning/sjuharad/2026/deltagare").json()
    assert data["members_reached"] == ["Borås"] and data["participants"] == 2
    assert [y["participants"] for y in data["years"]] == [4, 2]
