"""The QA scenario with the real 2022 pre-study: Mark's workshop list, reviewed and saved
without its junk, becomes Mark's list in the combined sub-regional priorities; the 2022
list stays in the mapping, untouched."""

import json

import pytest
from django.conf import settings
from django.test import Client

from kunskapsnod.mapping.models import AnalysisModel, Priority, Source
from kunskapsnod.mapping.services import import_prestudy, load_analysis_models
from kunskapsnod.mapping.services.analysis import combined_priorities
from kunskapsnod.workshops import services
from kunskapsnod.workshops.models import Phase


@pytest.fixture
def mark_2022(regions, org):
    load_analysis_models(settings.DATA_DIR / "analysmodell.json")
    import_prestudy(
        actor=None, data=json.loads((settings.DATA_DIR / "sjuharad-forstudie-2022.json").read_text("utf-8"))
    )
    source = Source.objects.filter(municipality=org("mark"), priorities__isnull=False).distinct().get()
    return source, list(source.priorities.filter(parent__isnull=True).order_by("rank").values_list("text", flat=True))


@pytest.fixture
def mark_workshop(org, mark_editor, advance):
    workshop = services.create_workshop(
        actor=mark_editor, organisation=org("mark"), title="Behov i Mark", dots_per_participant=6
    )
    voter = services.join_workshop(workshop=workshop)
    for text in ("Gemensam KAA-rutin", "Skolnärvaro", "Studie- och yrkesvägledning", "Fritid", "asdf", "test test"):
        note = services.add_facilitator_note(actor=mark_editor, workshop=workshop, text=text)
        services.place_note_as_facilitator(
            actor=mark_editor, workshop=workshop, note_id=note.pk, placement="delregionalt"
        )
    services.set_phase(actor=mark_editor, workshop=workshop, phase=Phase.VOTING)
    for note in workshop.notes.all():
        services.cast_dot(participant=voter, note_id=note.pk)
    services.set_phase(actor=mark_editor, workshop=workshop, phase=Phase.RESULTS)
    workshop.refresh_from_db()
    return workshop


def test_marks_reviewed_workshop_list_replaces_the_2022_list_in_the_combined_priorities(
    mark_2022, mark_workshop, mark_editor, org
):
    source_2022, texts_2022 = mark_2022
    client = Client()
    client.force_login(mark_editor)
    review = client.get(f"/workshoppar/{mark_workshop.pk}/resultat/").text
    date = source_2022.date.isoformat()
    assert f"ersätter listan ”{source_2022.label}” ({date}) för Mark i den delregionala sammanställningen" in review
    model = AnalysisModel.objects.order_by("-version").first()
    assert combined_priorities(model=model, municipalities=[org("mark")]).lists[0][1] == source_2022  # not yet

    junk = list(mark_workshop.notes.filter(text__in=["asdf", "test test"]).values_list("pk", flat=True))
    client.post(f"/workshoppar/{mark_workshop.pk}/resultat/", {"leave_out": junk})
    [(municipality, source, count)] = combined_priorities(model=model, municipalities=[org("mark")]).lists
    assert (municipality, source.workshop_ref, count) == (org("mark"), f"workshop:{mark_workshop.join_code}", 4)
    assert list(source_2022.priorities.filter(parent__isnull=True).order_by("rank").values_list("text", flat=True)) == (
        texts_2022
    )
    assert not Priority.objects.filter(text__in=["asdf", "test test"]).exists()
