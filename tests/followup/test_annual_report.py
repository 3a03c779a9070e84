import datetime
import re
import shutil
import statistics
import subprocess

import pytest
from django.urls import reverse

from kunskapsnod.followup import services
from kunskapsnod.followup.models import ActivityStatus, GeneratedReport
from kunskapsnod.followup.services.rendering import render_report, report_context
from kunskapsnod.followup.services.report import build_inputs, inputs_hash
from kunskapsnod.followup.services.sentences import subject
from kunskapsnod.indicators.models import Indicator, Value
from kunskapsnod.regions.models import Meeting, Organisation, Person
from kunskapsnod.regions.permissions import PermissionDenied
from kunskapsnod.regions.services import save_meeting, save_person

from .conftest import import_rows

NUMBER = re.compile(r"[+\u2212-]?\d+(?:,\d+)?")


def numbers_in(text: str) -> list[float]:
    return [float(n.replace(",", ".").replace("\u2212", "-")) for n in NUMBER.findall(text)]


@pytest.fixture
def year_of_work(sjuharad, sjuharad_staff, make_activity, make_event, generated_values, org):
    """A year in Sjuhärad: a decided plan carried out in part, a dialogue meeting, a
    conference with participants, and the staff's texts."""
    done = make_activity(title="Nätverk för elevhälsan")
    make_activity(title="Föräldrakväll")
    services.decide_plan(actor=sjuharad_staff, plan=done.plan, decided_on=datetime.date(2026, 1, 20))
    done.status, done.outcome = ActivityStatus.DONE, "Sex träffar, 40 deltagare"
    services.save_activity(actor=sjuharad_staff, activity=done)
    make_activity(title="Tillkommen aktivitet")
    official = save_person(actor=sjuharad_staff, person=Person(name="Eva", organisation=org("boras")))
    save_meeting(
        actor=sjuharad_staff,
        meeting=Meeting(
            date=datetime.date(2026, 3, 4),
            topic="Dialog om frånvaro",
            organiser=sjuharad,
            municipality=org("boras"),
            participant_count=12,
        ),
        attendees=[official],
    )
    import_rows(
        sjuharad_staff, make_event(), "Namn;Organisation;Kommun\nA;Borås Stad;\nB;Marks kommun;\nC;;Svenljunga\n"
    )
    services.save_report_texts(
        actor=sjuharad_staff,
        association=sjuharad,
        year=2026,
        foreword="Ett år av samverkan.",
        conclusions="Fortsätt med elevhälsan.",
    )
    return sjuharad


def test_every_number_in_every_sentence_is_the_figure_it_describes(year_of_work):
    inputs = build_inputs(year_of_work, 2026)
    members = list(Organisation.objects.members_of(year_of_work))
    county = Organisation.objects.get(kolada_id="0014")
    sentences = {f["figure"]["code"]: f["sentence"] for f in report_context(inputs)["figures"]}
    assert set(sentences) == {"N15428", "N02797"}
    for code, sentence in sentences.items():
        indicator = Indicator.objects.get(code=code)
        stated = numbers_in(sentence.removeprefix(subject(code, indicator.title)))
        rows = Value.objects.filter(indicator=indicator, gender="T")
        means, counts = {}, {}
        for period in range(2019, 2025):
            found = [v for v in rows.filter(area__in=members, period=period, status="") if v.value is not None]
            means[period], counts[period] = statistics.fmean(v.value for v in found), len(found)
        county_at = {v.period: v.value for v in rows.filter(area=county)}
        first, last = 2019, 2024
        county_change = round(round(county_at[last], 1) - round(county_at[first], 1), 1)
        expected = [round(means[first], 1), first, round(means[last], 1), last, county_change]
        if counts[last] < len(members):
            expected += [counts[last], len(members), last]
        assert stated == expected, sentence


def test_the_sentences_say_direction_comparison_and_the_small_number_caveat(year_of_work):
    inputs = build_inputs(year_of_work, 2026)
    sentences = {f["figure"]["code"]: f["sentence"] for f in report_context(inputs)["figures"]}
    assert sentences["N15428"].startswith(
        "Andelen elever i åk 9 som är behöriga till yrkesprogram ökade i Boråsregionen Sjuhärad från"
    )
    assert "mer än i länet (+" in sentences["N15428"] and "en förbättring" in sentences["N15428"]
    assert "minskade" in sentences["N02797"] and "en förbättring" in sentences["N02797"]
    assert "värdet bygger på 7 av 8 kommuner 2024" in sentences["N02797"]


def test_the_same_data_gives_the_same_report(year_of_work, sjuharad_staff):
    first = services.generate_report(actor=sjuharad_staff, association=year_of_work, year=2026)
    second = services.generate_report(actor=sjuharad_staff, association=year_of_work, year=2026)
    assert first.pk != second.pk
    assert first.inputs_hash == second.inputs_hash == inputs_hash(first.inputs)
    assert first.html == second.html
    assert bytes(first.pdf) == bytes(second.pdf)
    services.save_report_texts(
        actor=sjuharad_staff, association=year_of_work, year=2026, foreword="Nytt", conclusions=""
    )
    third = services.generate_report(actor=sjuharad_staff, association=year_of_work, year=2026)
    assert third.inputs_hash != first.inputs_hash and "Nytt" in third.html


def test_the_report_holds_every_section(year_of_work):
    html, pdf = render_report(build_inputs(year_of_work, 2026))
    for text in (
        "Ett år av samverkan.",
        "Fortsätt med elevhälsan.",
        "Aktivitetsplanen (version 1) beslutades 2026-01-20 av Styrgruppen med 2 aktiviteter.",
        "Av dem är 1 genomförda, 0 pågår, 1 är planerade, 0 är inställda och 0 har tagits bort ur planen.",
        "1 aktivitet har tillkommit efter beslutet.",
        "Under året hölls 1 dialogmöte; 1 tjänstepersoner från 1 organisationer deltog.",
        "1 evenemang med 3 deltagare nådde 3 av 8 medlemskommuner.",
        "Inga workshoppar hölls under året.",
        "Inga poster publicerades under året.",
    ):
        assert text in html, text
    assert pdf.startswith(b"%PDF")


def test_the_pdf_has_vector_charts_and_readable_text(year_of_work, tmp_path):
    _html, pdf = render_report(build_inputs(year_of_work, 2026))
    path = tmp_path / "rapport.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        [shutil.which("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Årsrapport 2026" in text and "Nyckeltal och utveckling" in text
    # The charts are drawn, not pasted: vl-convert's SVG becomes PDF paths, and no image
    # of the chart is embedded.
    images = subprocess.run(
        [shutil.which("pdfimages"), "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert len(images.strip().splitlines()) == 2, images  # the header lines only


def test_only_the_associations_staff_generate_but_readers_read(
    client, year_of_work, boras_reader, boras_editor, sjuharad_staff
):
    with pytest.raises(PermissionDenied):
        services.generate_report(actor=boras_editor, association=year_of_work, year=2026)
    report = services.generate_report(actor=sjuharad_staff, association=year_of_work, year=2026)
    client.force_login(boras_reader)
    assert client.post(reverse("followup:report_generate", args=["sjuharad", 2026])).status_code == 403
    assert GeneratedReport.objects.count() == 1
    page = client.get(reverse("followup:report", args=[report.pk]))
    assert page.status_code == 200 and "Nyckeltal och utveckling" in page.content.decode()
    pdf = client.get(reverse("followup:report_pdf", args=[report.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    data = client.get(f"/api/uppfoljning/arsrapport/{report.pk}").json()
    assert data["inputs_hash"] == report.inputs_hash and len(data["sentences"]) == 2


def test_staff_generate_with_one_click(client, year_of_work, sjuharad_staff):
    client.force_login(sjuharad_staff)
    response = client.post(reverse("followup:report_generate", args=["sjuharad", 2026]))
    report = GeneratedReport.objects.get()
    assert response["Location"] == reverse("followup:report", args=[report.pk])
    listing = client.get(reverse("followup:report_home", args=["sjuharad", 2026])).content.decode()
    assert reverse("followup:report_pdf", args=[report.pk]) in listing


def test_without_a_survey_the_section_says_so(year_of_work):
    html, _pdf = render_report(build_inputs(year_of_work, 2026))
    assert "Ingen enkät skickades ut under året." in html or "Enkätmodulen har inga resultat ännu." in html


def test_the_survey_section_shows_the_survey_modules_results(year_of_work, sjuharad_staff, org):
    surveys = pytest.importorskip("kunskapsnod.surveys.services")
    for year, values in ((2025, (3, 3, 3, 3, 3, 3)), (2026, (5, 4, 4, 3, 5, 4))):
        survey = surveys.create_survey(
            actor=sjuharad_staff, organisation=year_of_work, title=f"Årlig enkät {year}", year=year, open_link=True
        )
        survey = surveys.open_survey(actor=sjuharad_staff, survey=survey)
        link = surveys.link_for_open_code(survey.open_code)
        for value in values:
            answers = {"kanner-till-stodet": value, "tillfort-ordinarie-arbete": 3, "starkt-samverkan": 4}
            surveys.submit_response(link=link, answers={**answers, "tillfort-fritext": f"Svar {value}"})
    html, _pdf = render_report(build_inputs(year_of_work, 2026))
    assert "2025: medelvärde 3,0 (6 svarade)." in html
    assert "Årlig enkät 2026: 6 svar. Grupper med färre än 5 svar redovisas inte." in html
    assert "6 svarade. Medelvärde 4,2 på skalan 1–5." in html
    assert "Svar 5" in html
