"""Which ranked list is current: the counts on the mapping pages count the same list per
municipality as the combined sub-regional priorities (the newest one)."""

import datetime

import pytest
from django.urls import reverse

from kunskapsnod.mapping.models import AnalysisModel
from kunskapsnod.mapping.services import save_prioritised_needs
from kunskapsnod.mapping.services.analysis import combined_priorities

NEW_LIST = [("Fler vuxna i skolan", 5), ("Läxhjälp", 3), ("Simskola", 2), ("Studiero", 1)]


@pytest.fixture
def reader(client, boras_reader):
    client.force_login(boras_reader)
    return client


def _save(org, actor, slug, ref, ranked=NEW_LIST):
    save_prioritised_needs(
        actor=actor,
        municipality=org(slug),
        source_label="Workshop: behov 2026",
        source_date=datetime.date(2026, 11, 20),
        ranked=ranked,
        workshop_ref=ref,
    )


@pytest.fixture
def mark_workshop(imported, org, sjuharad_staff):
    """Mark: the 2022 list (11 priorities) and a newer workshop list (4)."""
    _save(org, sjuharad_staff, "mark", "workshop:MARK26")


def _index_counts(reader) -> dict[str, int]:
    rows = reader.get(reverse("mapping:index")).context["summary"]
    return {row["municipality"].slug: row["priorities"] for row in rows}


def test_the_index_counts_the_list_the_combined_view_uses(reader, mark_workshop):
    overview = combined_priorities(model=AnalysisModel.objects.get(version=2), municipalities=None)
    combined = {municipality.slug: n for municipality, _source, n in overview.lists}
    counts = _index_counts(reader)
    assert counts["mark"] == combined["mark"] == 4
    assert {slug: n for slug, n in counts.items() if n} == combined


def test_the_index_labels_the_count_as_the_current_list(reader, mark_workshop):
    assert "Prioriteringar (aktuell lista)" in reader.get(reverse("mapping:index")).content.decode()


def test_the_municipality_page_marks_the_current_and_the_earlier_list(reader, mark_workshop):
    page = reader.get(reverse("mapping:municipality", args=["mark"])).content.decode()
    assert "<strong>4</strong>" in page
    earlier, current = page.index("Tidigare lista"), page.index("Aktuell lista")
    assert page.index("2022-03-28") < earlier < page.index("2026-11-20") < current


def test_a_municipality_with_only_a_workshop_list_is_listed(reader, analysis_models, org, sjuharad_staff):
    _save(org, sjuharad_staff, "vargarda", "workshop:VGDA26", ranked=[("Läxhjälp", 2)])
    assert _index_counts(reader) == {"vargarda": 1}
