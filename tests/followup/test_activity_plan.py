import datetime

import pytest
from django.urls import reverse

from kunskapsnod.followup import services
from kunskapsnod.followup.models import ActivityStatus, Strategy
from kunskapsnod.followup.services import plans
from kunskapsnod.regions.permissions import PermissionDenied

DECIDED = datetime.date(2026, 1, 20)


def test_it_keeps_the_decided_version_when_the_working_copy_changes(make_activity, sjuharad_staff, org):
    activity = make_activity(title="Nätverk för elevhälsan", strategy=Strategy.COOPERATION_ARENA)
    decision = services.decide_plan(actor=sjuharad_staff, plan=activity.plan, decided_on=DECIDED)

    activity.title, activity.status = "Nätverk för elevhälsa och EHT", ActivityStatus.DONE
    services.save_activity(actor=sjuharad_staff, activity=activity, municipalities=[org("boras")])
    make_activity(title="Föräldrautbildning")

    decision.refresh_from_db()
    assert [r["title"] for r in decision.activities] == ["Nätverk för elevhälsan"]
    assert decision.activities[0]["status"] == ActivityStatus.PLANNED
    diff = plans.plan_diff(decision.activities, plans.activity_records(activity.plan))
    assert [r["title"] for r in diff.added] == ["Föräldrautbildning"]
    ((record, changes),) = diff.changed
    assert {(c.label, c.before, c.after) for c in changes} == {
        ("Rubrik", "Nätverk för elevhälsan", "Nätverk för elevhälsa och EHT"),
        ("Status", "Planerad", "Genomförd"),
        ("Berörda kommuner", "–", "Borås"),
    }


def test_it_shows_removed_activities_in_the_difference(make_activity, sjuharad_staff):
    activity = make_activity()
    plan = activity.plan
    decision = services.decide_plan(actor=sjuharad_staff, plan=plan, decided_on=DECIDED)
    services.delete_activity(actor=sjuharad_staff, activity=activity)
    diff = plans.plan_diff(decision.activities, plans.activity_records(plan))
    assert [r["title"] for r in diff.removed] == ["Nätverk för elevhälsan"]


def test_it_numbers_decisions_and_refuses_an_earlier_date(make_activity, sjuharad_staff):
    plan = make_activity().plan
    services.decide_plan(actor=sjuharad_staff, plan=plan, decided_on=DECIDED)
    second = services.decide_plan(actor=sjuharad_staff, plan=plan, decided_on=DECIDED + datetime.timedelta(days=90))
    assert second.version == 2
    with pytest.raises(services.FollowupError, match="före förra beslutet"):
        services.decide_plan(actor=sjuharad_staff, plan=plan, decided_on=DECIDED)


def test_it_refuses_to_decide_an_empty_plan(sjuharad, sjuharad_staff):
    plan = services.get_or_create_plan(actor=sjuharad_staff, association=sjuharad, year=2026)
    with pytest.raises(services.FollowupError, match="tom plan"):
        services.decide_plan(actor=sjuharad_staff, plan=plan, decided_on=DECIDED)


@pytest.mark.parametrize("persona", ["boras_editor", "mark_editor", "boras_reader", "gr_staff"])
def test_it_lets_only_the_associations_staff_change_its_plan(make_activity, personas, persona):
    activity = make_activity()
    activity.title = "Ändrad av någon som inte får"
    with pytest.raises(PermissionDenied):
        services.save_activity(actor=personas[persona], activity=activity)
    with pytest.raises(PermissionDenied):
        services.decide_plan(actor=personas[persona], plan=activity.plan, decided_on=DECIDED)


def test_it_refuses_municipalities_outside_the_association(make_activity, org):
    with pytest.raises(services.FollowupError, match="medlemmar"):
        make_activity(municipalities=[org("goteborg")])


def test_it_groups_by_focus_area_strategy_and_quarter(make_activity):
    make_activity(
        title="A",
        focus_area="Hälsa för lärande",
        strategy=Strategy.PROCESS_SUPPORT,
        planned_start=datetime.date(2026, 2, 1),
        planned_end=datetime.date(2026, 5, 30),
    )
    make_activity(
        title="B", focus_area="Psykisk hälsa", strategy=Strategy.MONITORING, planned_start=datetime.date(2026, 11, 3)
    )
    plan = make_activity(title="C").plan
    records = plans.activity_records(plan)

    assert {g: [r["title"] for r in rs] for g, rs in plans.by_focus_area(records)} == {
        "Utan fokusområde": ["C"],
        "Hälsa för lärande": ["A"],
        "Psykisk hälsa": ["B"],
    }
    assert [g for g, _ in plans.by_strategy(records)] == ["Processtöd", "Omvärldsbevakning", "Utan strategi"]
    quarters = {label: [r["title"] for r in rs] for label, rs in plans.by_quarter(records, 2026)}
    assert quarters == {
        "Kvartal 1": ["A"],
        "Kvartal 2": ["A"],
        "Kvartal 3": [],
        "Kvartal 4": ["B"],
        "Utan planerade datum": ["C"],
    }


def test_it_lists_prioritised_needs_without_an_activity(make_activity, boras_priorities, sjuharad):
    first, second = boras_priorities
    plan = make_activity(priorities=[first]).plan
    assert plans.needs_without_activity(plan, sjuharad) == [second]


def test_it_refuses_an_unknown_focus_area(make_activity):
    with pytest.raises(services.FollowupError, match="fokusområde"):
        make_activity(focus_area="Påhittat område")


# --- Pages ------------------------------------------------------------------------------


def test_a_reader_reads_the_plan_but_gets_no_edit_links(client, boras_reader, make_activity):
    make_activity(title="Läsbar aktivitet")
    client.force_login(boras_reader)
    page = client.get(reverse("followup:plan", args=["sjuharad", 2026])).content.decode()
    assert "Läsbar aktivitet" in page
    assert reverse("followup:activity_create", args=["sjuharad", 2026]) not in page


def test_a_municipal_editor_may_not_add_to_the_associations_plan(client, boras_editor, sjuharad):
    client.force_login(boras_editor)
    url = reverse("followup:activity_create", args=["sjuharad", 2026])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "Smygande", "status": "planerad"}).status_code == 403


def test_staff_add_an_activity_and_decide_through_the_pages(client, sjuharad_staff, analysis_model, boras_priorities):
    client.force_login(sjuharad_staff)
    response = client.post(
        reverse("followup:activity_create", args=["sjuharad", 2026]),
        {
            "title": "Skolnärvaro-nätverk",
            "status": "planerad",
            "focus_area": "Hälsa för lärande",
            "strategy": "samverkansarena",
            "priorities": [boras_priorities[0].pk],
            "planned_start": "2026-03-01",
        },
    )
    assert response.status_code == 302
    client.post(
        reverse("followup:decide", args=["sjuharad", 2026]), {"decided_on": "2026-02-10", "decided_by": "Styrgruppen"}
    )
    page = client.get(reverse("followup:decided_plan", args=["sjuharad", 2026])).content.decode()
    assert "Skolnärvaro-nätverk" in page and "2026-02-10" in page
    behov = client.get(reverse("followup:plan", args=["sjuharad", 2026]), {"visa": "behov"}).content.decode()
    assert "Föräldrar som resurs" in behov and "Tidiga insatser vid frånvaro" not in behov


def test_editing_a_decided_plan_through_the_page_goes_to_the_working_copy(client, sjuharad_staff, make_activity):
    activity = make_activity(title="Före")
    decision = services.decide_plan(actor=sjuharad_staff, plan=activity.plan, decided_on=DECIDED)
    client.force_login(sjuharad_staff)
    client.post(reverse("followup:activity_edit", args=[activity.pk]), {"title": "Efter", "status": "pagar"})
    decision.refresh_from_db()
    assert decision.activities[0]["title"] == "Före"
    page = client.get(reverse("followup:plan", args=["sjuharad", 2026])).content.decode()
    assert "Ändringar sedan beslutad version 1" in page and "Efter" in page


def test_the_plan_api_returns_the_working_copy_and_the_changes(client, boras_reader, sjuharad_staff, make_activity):
    activity = make_activity(title="Före")
    services.decide_plan(actor=sjuharad_staff, plan=activity.plan, decided_on=DECIDED)
    activity.title = "Efter"
    services.save_activity(actor=sjuharad_staff, activity=activity)
    client.force_login(boras_reader)
    data = client.get("/api/uppfoljning/sjuharad/2026/plan").json()
    assert data["activities"][0]["title"] == "Efter"
    assert data["changes_since_decision"]["changed"][0]["fields"] == [
        {"field": "Rubrik", "before": "Före", "after": "Efter"}
    ]
    assert client.get("/api/uppfoljning/sjuharad/2026/plan/beslutad").json()["activities"][0]["title"] == "Före"
    assert client.get("/api/uppfoljning/boras/2026/plan").status_code == 404
