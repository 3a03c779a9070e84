"""The annual report (``followup.services.generate_report``): gathering its inputs, the
sentences and charts, the HTML and the PDF, against rendering the same HTML only.

    .venv/bin/python bench/annual_report.py                     # SQLite, /tmp file
    DATABASE_URL=postgres://kunskapsnod:kunskapsnod@127.0.0.1:5432/kunskapsnod_bench_report \\
        .venv/bin/python bench/annual_report.py
    .venv/bin/python bench/annual_report.py --tiny              # seconds (the tests run this)

The database must be a throwaway one (its name contains "bench"). Regions and the analysis
model are the real ones; everything else is GENERATED and says so in its names: Skaraborg
(15 municipalities) with 100 activities (a decided plan, then changes), events with 600
participants imported through the participant import, 500 survey responses (when the
survey module is installed; otherwise that part is skipped and the output says so), and
18 GENERATED key indicators with values 2015–2024 for the members, the county and the
country, which with the activities' and the actor groups' bar charts make 20 charts.

Figures: the time to build the inputs, to write the sentences and charts, to render the
HTML, and to make the PDF; the baseline is rendering the same HTML template from the same
context (the report's cheapest step, measured in the same run); ratio = whole report ÷
baseline. The full run also builds the report at twice the activities, participants and
responses, and with half and all the charts, to say how it grows.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time

from _benchdb import setup_bench_database

DEFAULT_URL = "sqlite:////tmp/kunskapsnod-bench-report.sqlite3"
SIZES = {"full": (100, 600, 500, 18), "tiny": (10, 60, 30, 2)}
YEAR = 2026


def _seed(activities: int, participants: int, responses: int, indicators: int, *, suffix: str = "") -> None:
    from django.conf import settings

    from kunskapsnod.accounts.models import Role
    from kunskapsnod.accounts.services import create_user
    from kunskapsnod.followup import services
    from kunskapsnod.mapping.services import load_analysis_models
    from kunskapsnod.regions.models import Organisation
    from kunskapsnod.regions.services import import_regions

    if not Organisation.objects.exists():
        import_regions(settings.DATA_DIR / "regions.csv")
        load_analysis_models(settings.DATA_DIR / "analysmodell.json")
        create_user(username="bench-admin", password="bench-" + "x" * 20, role=Role.ADMINISTRATOR, organisation=None)
    from kunskapsnod.accounts.models import User

    admin = User.objects.get(username="bench-admin")
    association = Organisation.objects.get(slug="skaraborg")
    members = list(Organisation.objects.members_of(association))
    _plan(services, admin, association, members, activities, suffix)
    _participants(services, admin, association, members, participants, suffix)
    _survey(admin, association, members, responses)
    _indicators(association, members, indicators)


def _plan(services, admin, association, members, count, suffix) -> None:
    from kunskapsnod.followup.models import Activity, ActivityStatus, Strategy
    from kunskapsnod.followup.terms import focus_areas

    plan = services.get_or_create_plan(actor=admin, association=association, year=YEAR)
    areas, strategies = focus_areas(), Strategy.values
    made = []
    for n in range(count):
        start = datetime.date(YEAR, 1 + n % 12, 1 + n % 27)
        activity = Activity(
            plan=plan,
            title=f"GENERERAD aktivitet {n}{suffix}",
            description="Genererad för mätning.",
            focus_area=areas[n % len(areas)],
            strategy=strategies[n % len(strategies)],
            planned_start=start,
            planned_end=start + datetime.timedelta(days=30),
        )
        made.append(services.save_activity(actor=admin, activity=activity, municipalities=members[n % 5 : n % 5 + 3]))
    services.decide_plan(actor=admin, plan=plan, decided_on=datetime.date(YEAR, 1, 15))
    for activity in made[: count // 2]:
        activity.status, activity.outcome = ActivityStatus.DONE, "Genomförd (genererat)."
        services.save_activity(actor=admin, activity=activity)


def _participants(services, admin, association, members, count, suffix) -> None:
    from kunskapsnod.followup.models import Event, EventKind

    organisations = ["GENERERAD förening", "GENERERAT universitet", "GENERERAD myndighet"]
    rng = random.Random(11)
    per_event = max(1, count // 3)
    for index, kind in enumerate((EventKind.CONFERENCE, EventKind.SEMINAR, EventKind.NETWORK_MEETING)):
        event = services.save_event(
            actor=admin,
            event=Event(
                organiser=association,
                kind=kind,
                title=f"GENERERAT evenemang {index}{suffix}",
                date=datetime.date(YEAR, 3 + index, 10),
            ),
        )
        rows = ["Namn;E-post;Organisation;Kommun;Roll"]
        for n in range(per_event):
            member = rng.choice(members)
            organisation = f"{member.name} kommun" if n % 4 else rng.choice(organisations)
            rows.append(f"Genererad deltagare {n};d{n}@example.org;{organisation};{member.name};Roll")
        pending = services.start_participant_import(
            actor=admin, event=event, data="\n".join(rows).encode(), file_name="genererad.csv"
        )
        answers = {u.key: services.Match(None, None, u.guess) for u in services.unknown_organisations(pending)}
        services.confirm_participant_import(actor=admin, pending=pending, resolutions=answers)


def _survey(admin, association, members, count) -> None:
    global SURVEY_NOTE
    try:
        from kunskapsnod.surveys.models import Response
        from kunskapsnod.surveys.services.building import create_survey, open_survey
    except ImportError:
        SURVEY_NOTE = "survey module not installed: the 500 responses were skipped"
        return
    from kunskapsnod.surveys.models import Survey

    survey = Survey.objects.filter(organisation=association, year=YEAR).first()
    if survey is None:
        survey = create_survey(actor=admin, organisation=association, title="GENERERAD enkät", year=YEAR)
        survey = open_survey(actor=admin, survey=survey)
    rng = random.Random(7)
    rows = [
        Response(survey=survey, submitted_on=datetime.date(YEAR, 5, 1), answers=_answers(survey, members, rng))
        for _ in range(count)
    ]
    Response.objects.bulk_create(rows)  # generated sheets straight in: the report reads, it never answers
    SURVEY_NOTE = f"{Response.objects.filter(survey=survey).count()} survey responses (generated)"


def _answers(survey, members, rng) -> dict:
    answers = {}
    for question in survey.questions.all():
        if question.kind == "likert":
            answers[question.key] = rng.randint(1, 5)
        elif question.kind == "ett_val" and question.choices:
            answers[question.key] = rng.randrange(len(question.choices))
        elif question.kind == "flera_val" and question.choices:
            answers[question.key] = sorted(rng.sample(range(len(question.choices)), 1))
        elif question.kind == "fritext":
            answers[question.key] = "Genererat svar."
        elif question.kind == "kommun":
            answers[question.key] = rng.choice(members).pk
    return answers


SURVEY_NOTE = ""


def _indicators(association, members, count) -> None:
    from django.utils import timezone

    from kunskapsnod.indicators.models import ImportBatch, Indicator, Value
    from kunskapsnod.regions.models import Organisation

    existing = Indicator.objects.filter(code__startswith="GEN").count()
    batch = ImportBatch.objects.create(source="GENERERADE värden för mätning")
    areas = [*members, Organisation.objects.get(kolada_id="0014"), Organisation.objects.get(kolada_id="0000")]
    rng, now, rows = random.Random(3), timezone.now(), []
    for n in range(existing, count):
        indicator = Indicator.objects.create(
            code=f"GEN{n:03d}",
            title=f"GENERERAT nyckeltal {n}, andel (%)",
            in_default_set=True,
            theme=f"pre-study g{n}",
            higher_is_better=n % 3 != 0,
        )
        for area in areas:
            base = rng.uniform(40, 90)
            for year in range(2015, 2025):
                rows.append(
                    Value(
                        indicator=indicator,
                        area=area,
                        period=year,
                        value=round(base + rng.uniform(-3, 3), 1),
                        source="genererad",
                        fetched_at=now,
                        batch=batch,
                    )
                )
    Value.objects.bulk_create(rows, batch_size=2000)


CPU = {"s": 0.0}


def _time(function, repeat: int = 1) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        result = function()
        times.append(time.perf_counter() - start)
        CPU["s"] += (time.process_time() - cpu) / repeat
    return statistics.median(times), result


def measure(label: str) -> float:
    from django.template.loader import render_to_string
    from django.utils.translation import override

    from kunskapsnod.followup.services import rendering
    from kunskapsnod.followup.services.report import build_inputs
    from kunskapsnod.regions.models import Organisation

    association = Organisation.objects.get(slug="skaraborg")
    CPU["s"] = 0.0
    inputs_s, inputs = _time(lambda: build_inputs(association, YEAR))
    rendering.charts._render.cache_clear()  # charts are drawn afresh, as for a new report
    with override("sv"):
        context_s, context = _time(lambda: rendering.report_context(inputs))
        html_s, _html = _time(
            lambda: render_to_string("followup/report_document.html", {**context, "stylesheet": ""}), 5
        )
    pdf_s, pdf = _time(lambda: rendering._pdf(_html))
    total = inputs_s + context_s + html_s + pdf_s
    charts = len(context["figures"]) + bool(context["status_chart"]) + bool(context["group_chart"])
    charts += bool(context["survey"]["chart"])
    print(
        f"{label}: {charts} charts, {len(inputs['plan']['decided'])} decided activities, "
        f"{inputs['events']['participants']} participants; inputs {inputs_s * 1000:.0f} ms, "
        f"sentences+charts {context_s * 1000:.0f} ms, HTML {html_s * 1000:.1f} ms, PDF {pdf_s * 1000:.0f} ms "
        f"({len(pdf) // 1024} KiB); whole report {total:.2f} s wall, {CPU['s']:.2f} s CPU"
    )
    return total, html_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiny", action="store_true", help="a few rows: checks that the bench still runs")
    args = parser.parse_args()

    setup_bench_database(os.environ.get("DATABASE_URL", DEFAULT_URL))
    activities, participants, responses, indicators = SIZES["tiny" if args.tiny else "full"]
    seed_start = time.perf_counter()
    _seed(activities, participants, responses, indicators)
    print(f"seeded (generated) in {time.perf_counter() - seed_start:.1f} s; {SURVEY_NOTE}")
    measure("warm-up (vl-convert's engine starts)")
    total, html = measure("report")
    print(f"baseline (HTML template only): {html * 1000:.1f} ms; ratio whole report / baseline = {total / html:.1f}")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (2 cores; CPU time is the figure to compare)")
    if not args.tiny:
        _seed(activities, participants, responses, indicators, suffix=" (2x)")
        measure("2x activities, participants and responses")
        _seed(activities, participants, responses, indicators * 2)
        measure("2x activities, participants, responses and 2x indicator charts")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
