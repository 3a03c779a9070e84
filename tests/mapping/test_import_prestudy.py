import pytest
from django.core.management import CommandError, call_command

from kunskapsnod.mapping.models import Item, Kind, Priority, Source
from kunskapsnod.mapping.services import DocumentError, import_prestudy
from kunskapsnod.regions.permissions import PermissionDenied


def _file_counts(data, section, key):
    return {block["kommun"]: len(block[key]) for block in data[section]}


def _db_counts(kind):
    rows = Item.objects.filter(kind=kind, parent__isnull=True).values_list("municipality__name", flat=True)
    counts = {}
    for name in rows:
        counts[name] = counts.get(name, 0) + 1
    return counts


def test_counts_per_municipality_equal_the_files(imported):
    assert _db_counts(Kind.INTERVENTION) == _file_counts(imported, "insatser_steg1", "insatser")
    assert _db_counts(Kind.NEED) == _file_counts(imported, "behov_steg1", "behov")


def test_the_stated_figures_of_the_report_hold(imported):
    boras = Item.objects.filter(municipality__slug="boras", parent__isnull=True)
    assert boras.filter(kind=Kind.INTERVENTION).count() == 54
    assert boras.filter(kind=Kind.NEED).count() == 35
    svenljunga = Priority.objects.filter(municipality__slug="svenljunga")
    assert svenljunga.filter(parent__isnull=True).count() == 11
    eleventh = svenljunga.get(rank=11)
    assert eleventh.text == "Bryta lokal kultur kring skolan"
    assert [p.text for p in eleventh.parts.order_by("position")][:2] == [
        "Psykisk ohälsa",
        "Uppföljning/analys",
    ]
    assert eleventh.parts.count() == 7


def test_sub_items_are_kept_under_their_item(imported):
    parent = Item.objects.get(municipality__slug="bollebygd", text="Skolpliktsbevakning")
    assert [p.text for p in parent.parts.order_by("position")] == [
        "Kontroll att alla barn har en skolplacering",
        "Närvarokontroll i skolan",
        "Frånvaroutredningar i skolan",
        "Rutiner på huvudmannanivå på frånvaro",
    ]
    sub_items = sum(len(i.get("delar", [])) for b in imported["insatser_steg1"] for i in b["insatser"])
    assert Item.objects.filter(parent__isnull=False).count() == sub_items == 8


def test_duplicate_texts_in_one_list_stay_two_items(imported):
    assert Item.objects.filter(municipality__slug="boras", text="MiniMaria").count() == 2


def test_rerunning_the_import_changes_nothing(imported, prestudy_data):
    before = (Item.objects.count(), Priority.objects.count(), Source.objects.count())
    summary = import_prestudy(actor=None, data=prestudy_data)
    assert (summary.created, summary.updated) == (0, 0)
    assert (Item.objects.count(), Priority.objects.count(), Source.objects.count()) == before


def test_sources_link_to_the_workshop_meetings_when_they_exist(analysis_models, prestudy_data):
    from kunskapsnod.regions.services import import_prestudy_meetings

    import_prestudy_meetings(prestudy_data)
    import_prestudy(actor=None, data=prestudy_data)
    source = Source.objects.get(municipality__slug="boras", label__startswith="Workshop steg 1")
    assert source.meeting is not None
    assert source.meeting.date.isoformat() == "2022-01-27"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["insatser_steg1"][1].update(kommun="Atlantis"),
            r"insatser_steg1\[1\]\.kommun: okänd kommun",
        ),
        (
            lambda d: d["behov_steg1"][2]["behov"][3].pop("text"),
            r"behov_steg1\[2\]\.behov\[3\]\.text: text saknas",
        ),
        (
            lambda d: d["behov_steg1"][0]["behov"][0].update(text=""),
            r"behov_steg1\[0\]\.behov\[0\]\.text: värde saknas",
        ),
        (
            lambda d: d["prioriteringar_steg2"][3]["prioriteringar"][0].update(rang="1"),
            r"\[3\]\.prioriteringar\[0\]\.rang",
        ),
        (lambda d: d["insatser_steg1"][0].update(datum=20220208), r"insatser_steg1\[0\]\.datum"),
        (
            lambda d: d["insatser_steg1"][0]["insatser"][1].update(delar="x"),
            r"insatser\[1\]\.delar: måste vara en lista",
        ),
        (lambda d: d.update(behov_steg1={}), r"behov_steg1: måste vara en lista"),
        (lambda d: d["behov_steg1"][0]["behov"][0].update(omfang="kanske"), r"behov\[0\]\.omfang"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_writes_nothing(analysis_models, prestudy_data, change, message):
    change(prestudy_data)
    with pytest.raises(DocumentError, match=message):
        import_prestudy(actor=None, data=prestudy_data)
    assert not Item.objects.exists() and not Priority.objects.exists() and not Source.objects.exists()


def test_an_editor_may_not_import_other_municipalities(analysis_models, prestudy_data, boras_editor):
    with pytest.raises(PermissionDenied):
        import_prestudy(actor=boras_editor, data=prestudy_data)
    assert not Item.objects.exists()


def test_the_command_imports_the_default_file_and_reports(analysis_models, capsys):
    call_command("import_prestudy")
    assert "created" in capsys.readouterr().out
    assert Item.objects.filter(municipality__slug="boras", parent__isnull=True).count() == 89


def test_the_command_names_a_malformed_file(analysis_models, tmp_path):
    path = tmp_path / "trasig.json"
    path.write_text('{"insatser_steg1": [', "utf-8")
    with pytest.raises(CommandError, match=r"trasig\.json: ogiltig JSON på rad 1"):
        call_command("import_prestudy", str(path))


def _normalised(text):
    return " ".join(text.split()).casefold()


def test_priorities_link_to_the_need_with_the_very_same_text_only(imported):
    needs = {b["kommun"]: {_normalised(i["text"]) for i in b["behov"]} for b in imported["behov_steg1"]}
    expected = sorted(
        (b["kommun"], p["text"])
        for b in imported["prioriteringar_steg2"]
        for p in b["prioriteringar"]
        if _normalised(p["text"]) in needs.get(b["kommun"], set())
    )
    linked = Priority.objects.filter(need__isnull=False)
    assert sorted(linked.values_list("municipality__name", "text")) == expected
    assert len(expected) == 7
    assert all(_normalised(p.need.text) == _normalised(p.text) for p in linked)
