"""Fixtures of the follow-up tests. Indicator values here are GENERATED (labelled so in
their batch's source), never presented as Kolada's."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from kunskapsnod.followup import services
from kunskapsnod.followup.models import Activity, ActivityStatus, Event, EventKind
from kunskapsnod.indicators.models import ImportBatch, Indicator, Value
from kunskapsnod.mapping.services import load_analysis_models, save_prioritised_needs
from kunskapsnod.regions.models import Organisation

YEARS = range(2019, 2025)


@pytest.fixture
def sjuharad(org):
    return org("sjuharad")


@pytest.fixture
def analysis_model(db):
    load_analysis_models(settings.DATA_DIR / "analysmodell.json")


@pytest.fixture
def boras_priorities(org, administrator):
    """Borås's ranked list: two prioritised needs."""
    save_prioritised_needs(
        actor=administrator,
        municipality=org("boras"),
        source_label="Workshop steg 2",
        source_date=datetime.date(2026, 2, 1),
        ranked=[("Tidiga insatser vid frånvaro", 5), ("Föräldrar som resurs", 3)],
        workshop_ref="test:boras",
    )
    return list(org("boras").mapping_priorities.order_by("rank"))


@pytest.fixture
def make_activity(sjuharad, sjuharad_staff, analysis_model):
    def make(title="Nätverk för elevhälsan", year=2026, **fields):
        plan = services.get_or_create_plan(actor=sjuharad_staff, association=sjuharad, year=year)
        municipalities = fields.pop("municipalities", None)
        priorities = fields.pop("priorities", None)
        activity = Activity(plan=plan, title=title, status=fields.pop("status", ActivityStatus.PLANNED), **fields)
        return services.save_activity(
            actor=sjuharad_staff, activity=activity, municipalities=municipalities, priorities=priorities
        )

    return make


@pytest.fixture
def make_event(sjuharad, sjuharad_staff):
    def make(title="Konferens fullföljda studier", date=datetime.date(2026, 5, 12), organiser=None):
        event = Event(organiser=organiser or sjuharad, kind=EventKind.CONFERENCE, title=title, date=date)
        return services.save_event(actor=sjuharad_staff, event=event)

    return make


def import_rows(actor, event, text: str, **confirm):
    pending = services.start_participant_import(actor=actor, event=event, data=text.encode(), file_name="lista.csv")
    return services.confirm_participant_import(actor=actor, pending=pending, resolutions={}, **confirm)


# The generated key figures: (code, title, higher is better, value of member i in year y).
GENERATED = [
    (
        "N15428",
        "Elever i åk 9 som är behöriga till yrkesprogram, hemkommun, andel (%)",
        True,
        lambda i, y: 78.0 + i * 1.3 + (y - 2019) * 0.7,
    ),
    (
        "N02797",
        "Invånare 16-24 år som varken arbetar eller studerar, andel (%)",
        False,
        lambda i, y: 9.0 + i * 0.4 - (y - 2019) * 0.25,
    ),
]


@pytest.fixture
def generated_values(sjuharad):
    """Two key indicators with GENERATED values for Sjuhärad's members, the county and
    the country 2019–2024; Borås's 2024 value of N02797 is suppressed ("Privacy")."""
    batch = ImportBatch.objects.create(source="genererade testvärden")
    members = list(Organisation.objects.members_of(sjuharad))
    county, country = Organisation.objects.get(kolada_id="0014"), Organisation.objects.get(kolada_id="0000")
    now = timezone.now()
    rows = []
    for order, (code, title, better, formula) in enumerate(GENERATED, start=1):
        indicator = Indicator.objects.create(
            code=code, title=title, higher_is_better=better, in_default_set=True, theme=f"pre-study {order}"
        )
        for y in YEARS:
            for i, member in enumerate(members):
                suppressed = code == "N02797" and member.slug == "boras" and y == 2024
                value = None if suppressed else round(formula(i, y), 1)
                rows.append(
                    Value(
                        indicator=indicator,
                        area=member,
                        period=y,
                        value=value,
                        status="Privacy" if suppressed else "",
                        source="genererad",
                        fetched_at=now,
                        batch=batch,
                    )
                )
            rows.append(
                Value(
                    indicator=indicator,
                    area=county,
                    period=y,
                    value=round(formula(3, y) - 0.4 * (y - 2019), 1),
                    source="genererad",
                    fetched_at=now,
                    batch=batch,
                )
            )
            rows.append(
                Value(
                    indicator=indicator,
                    area=country,
                    period=y,
                    value=round(formula(2, y), 1),
                    source="genererad",
                    fetched_at=now,
                    batch=batch,
                )
            )
    Value.objects.bulk_create(rows)
    return members
