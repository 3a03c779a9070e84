"""A board sorted by the analysis model's themes: the columns, who may move a note there,
voting on every sorted note, and the theme carried into the result and the mapping."""

import re

import pytest
from django.conf import settings

from kunskapsnod.mapping.models import AnalysisModel, Priority
from kunskapsnod.mapping.services import create_model_version, load_analysis_models
from kunskapsnod.regions.permissions import PermissionDenied
from kunskapsnod.workshops import services
from kunskapsnod.workshops.models import Phase, SortBy

V2_THEMES = ["Föräldrar som resurs", "Hälsa för lärande", "Meningsfull fritid", "Ungas delaktighet", "God lärmiljö"]


@pytest.fixture
def notes(theme_workshop):
    """Two participants' notes in the sorting phase: (author, [note, note], other, other's note)."""
    author, other = (services.join_workshop(workshop=theme_workshop) for _ in range(2))
    mine = [services.add_note(participant=author, text=t) for t in ("Läxhjälp", "Fritidsgård")]
    theirs = services.add_note(participant=other, text="Föräldramöten")
    services.set_phase(actor=theme_workshop.facilitator, workshop=theme_workshop, phase=Phase.SORTING)
    return author, mine, other, theirs


def test_it_makes_the_themes_of_the_newest_model_the_columns(theme_workshop):
    assert theme_workshop.analysis_model == AnalysisModel.objects.get(version=2)
    columns = services.board_columns(theme_workshop)
    assert [c.label for c in columns] == ["Osorterat", *V2_THEMES]
    assert columns[0].key == "unsorted" and all(c.key.isdigit() for c in columns[1:])


def test_it_keeps_the_levels_as_columns_by_default(workshop):
    assert workshop.sort_by == SortBy.LEVEL and workshop.analysis_model is None
    assert [c.key for c in services.board_columns(workshop)] == ["unsorted", "internt", "delregionalt"]


def test_it_refuses_to_sort_by_theme_without_an_analysis_model(org, sjuharad_staff):
    with pytest.raises(services.InvalidInput, match="ingen analysmodell"):
        services.create_workshop(actor=sjuharad_staff, organisation=org("boras"), title="X", sort_by="tema")


def test_the_facilitator_moves_any_note_between_themes(theme_workshop, notes, theme, sjuharad_staff):
    _, _, _, theirs = notes
    health = theme("Hälsa för lärande")
    moved = services.place_note_as_facilitator(
        actor=sjuharad_staff, workshop=theme_workshop, note_id=theirs.pk, placement=str(health.pk)
    )
    assert (moved.theme, moved.placed_by_facilitator, theme_workshop.column_of(moved)) == (health, True, str(health.pk))
    moved = services.place_note_as_facilitator(
        actor=sjuharad_staff, workshop=theme_workshop, note_id=theirs.pk, placement="unsorted"
    )
    assert moved.theme is None and moved.placement == "unsorted"


@pytest.mark.parametrize("placement", ["delregionalt", "0", "99999", "abc", ""])
def test_it_refuses_a_column_the_board_does_not_have(theme_workshop, notes, sjuharad_staff, placement):
    with pytest.raises(services.InvalidInput, match="Okänd placering"):
        services.place_note_as_facilitator(
            actor=sjuharad_staff, workshop=theme_workshop, note_id=notes[3].pk, placement=placement
        )


def test_it_refuses_a_theme_of_another_model_version(theme_workshop, notes, sjuharad_staff):
    old = AnalysisModel.objects.get(version=1).themes.get(name="Samverkan")
    with pytest.raises(services.InvalidInput):
        services.place_note_as_facilitator(
            actor=sjuharad_staff, workshop=theme_workshop, note_id=notes[3].pk, placement=str(old.pk)
        )


def test_only_those_who_run_the_workshop_move_notes(theme_workshop, notes, theme, mark_editor):
    with pytest.raises(PermissionDenied):
        services.place_note_as_facilitator(
            actor=mark_editor,
            workshop=theme_workshop,
            note_id=notes[3].pk,
            placement=str(theme("Hälsa för lärande").pk),
        )


def test_a_participant_proposes_a_theme_for_their_own_notes_only(theme_workshop, notes, theme, sjuharad_staff):
    author, (mine, other_mine), _, theirs = notes
    leisure = theme("Meningsfull fritid")
    assert services.place_note(participant=author, note_id=mine.pk, placement=str(leisure.pk)).theme == leisure
    with pytest.raises(services.WorkshopError, match="dina egna"):
        services.place_note(participant=author, note_id=theirs.pk, placement=str(leisure.pk))
    services.place_note_as_facilitator(
        actor=sjuharad_staff, workshop=theme_workshop, note_id=other_mine.pk, placement="unsorted"
    )
    with pytest.raises(services.WorkshopError, match="redan placerat"):
        services.place_note(participant=author, note_id=other_mine.pk, placement=str(leisure.pk))


def test_a_merged_note_keeps_the_targets_theme_and_undo_restores_it(theme_workshop, notes, theme, sjuharad_staff):
    _, (a, b), _, _ = notes
    for note, name in ((a, "Hälsa för lärande"), (b, "God lärmiljö")):
        services.place_note_as_facilitator(
            actor=sjuharad_staff, workshop=theme_workshop, note_id=note.pk, placement=str(theme(name).pk)
        )
    target = services.merge_notes(actor=sjuharad_staff, workshop=theme_workshop, source_id=a.pk, target_id=b.pk)
    assert target.theme == theme("God lärmiljö")
    back = services.unmerge_note(actor=sjuharad_staff, workshop=theme_workshop, note_id=a.pk)
    assert back.merged_into is None and back.theme == theme("Hälsa för lärande")


def _vote_on_themes(workshop, notes, theme, staff):
    """Läxhjälp under Hälsa för lärande, Föräldramöten under Föräldrar som resurs,
    Fritidsgård left in Osorterat; then voting, with joining open for voters."""
    _, (homework, _), _, parents = notes
    for note, name in ((homework, "Hälsa för lärande"), (parents, "Föräldrar som resurs")):
        services.place_note_as_facilitator(
            actor=staff, workshop=workshop, note_id=note.pk, placement=str(theme(name).pk)
        )
    services.set_phase(actor=staff, workshop=workshop, phase=Phase.VOTING)
    services.set_joining(actor=staff, workshop=workshop, open=True)
    workshop.refresh_from_db()
    return homework, parents


def test_every_sorted_note_gets_dots_and_unsorted_ones_none(theme_workshop, notes, theme, sjuharad_staff):
    homework, parents = _vote_on_themes(theme_workshop, notes, theme, sjuharad_staff)
    voter = services.join_workshop(workshop=theme_workshop)
    for note in (homework, parents):
        services.cast_dot(participant=voter, note_id=note.pk)
    with pytest.raises(services.WorkshopError, match="under ett tema"):
        services.cast_dot(participant=voter, note_id=notes[1][1].pk)


def test_voting_with_no_note_under_a_theme_is_refused_unless_confirmed(theme_workshop, notes, sjuharad_staff):
    with pytest.raises(services.WorkshopError, match="ingen lapp ligger under ett tema"):
        services.set_phase(actor=sjuharad_staff, workshop=theme_workshop, phase=Phase.VOTING, refuse_empty_voting=True)


def test_the_result_names_each_notes_theme_and_the_saved_priorities_carry_it(
    theme_workshop, notes, theme, sjuharad_staff
):
    homework, parents = _vote_on_themes(theme_workshop, notes, theme, sjuharad_staff)
    voter = services.join_workshop(workshop=theme_workshop)
    for note in (parents, parents, homework):
        services.cast_dot(participant=voter, note_id=note.pk)
    services.set_phase(actor=sjuharad_staff, workshop=theme_workshop, phase=Phase.RESULTS)
    ranked = services.ranked_results(theme_workshop)
    assert [(r.text, r.dots, r.theme) for r in ranked] == [
        ("Föräldramöten", 2, "Föräldrar som resurs"),
        ("Läxhjälp", 1, "Hälsa för lärande"),
    ]
    services.save_results(actor=sjuharad_staff, workshop=theme_workshop)
    saved = Priority.objects.filter(source__workshop_ref=services.workshop_ref(theme_workshop)).order_by("rank")
    assert [(p.text, [t.name for t in p.themes.all()]) for p in saved] == [
        ("Föräldramöten", ["Föräldrar som resurs"]),
        ("Läxhjälp", ["Hälsa för lärande"]),
    ]


def test_the_sorting_is_chosen_until_the_sorting_starts(workshop, sjuharad_staff, advance):
    load_analysis_models(settings.DATA_DIR / "analysmodell.json")
    changed = services.set_sort_by(actor=sjuharad_staff, workshop=workshop, sort_by="tema")
    assert changed.sorts_by_theme and changed.analysis_model.version == 2
    assert services.set_sort_by(actor=sjuharad_staff, workshop=workshop, sort_by="niva").sort_by == "niva"
    with pytest.raises(services.InvalidInput):
        services.set_sort_by(actor=sjuharad_staff, workshop=workshop, sort_by="färg")
    advance(workshop, Phase.SORTING)
    with pytest.raises(services.WorkshopError, match="innan sorteringen börjar"):
        services.set_sort_by(actor=sjuharad_staff, workshop=workshop, sort_by="tema")


def test_choosing_the_themes_again_takes_the_newest_version_and_clears_older_themes(
    theme_workshop, theme, sjuharad_staff, administrator
):
    note = services.add_facilitator_note(actor=sjuharad_staff, workshop=theme_workshop, text="Läxhjälp")
    services.place_note_as_facilitator(
        actor=sjuharad_staff, workshop=theme_workshop, note_id=note.pk, placement=str(theme("Hälsa för lärande").pk)
    )
    v2 = theme_workshop.analysis_model
    v3 = create_model_version(
        actor=administrator,
        base=v2,
        name="Version 3",
        theme_names={t.pk: t.name for t in v2.themes.all()},
        level_names={level.pk: level.name for level in v2.levels.all()},
    )
    unchanged = services.board_columns(theme_workshop)
    assert [c.label for c in unchanged][1:] == V2_THEMES  # a running board keeps its model
    services.set_sort_by(actor=sjuharad_staff, workshop=theme_workshop, sort_by="tema")
    note.refresh_from_db()
    assert theme_workshop.analysis_model == v3 and note.theme is None


def test_someone_else_cannot_change_the_sorting(workshop, mark_editor):
    with pytest.raises(PermissionDenied):
        services.set_sort_by(actor=mark_editor, workshop=workshop, sort_by="niva")


def test_the_admin_shows_each_notes_theme(theme_workshop, notes, theme, sjuharad_staff, administrator, client):
    _, _, _, theirs = notes
    health = theme("Hälsa för lärande")
    services.place_note_as_facilitator(
        actor=sjuharad_staff, workshop=theme_workshop, note_id=theirs.pk, placement=str(health.pk)
    )
    client.force_login(administrator)
    page = client.get(f"/admin/workshops/workshop/{theme_workshop.pk}/change/").text
    cells = re.findall(r'<td class="field-theme">\s*<p>(.*?)</p>', page, re.S)
    assert cells.count("Hälsa för lärande") == 1 and set(cells) == {"-", "Hälsa för lärande"}  # unsorted: none
