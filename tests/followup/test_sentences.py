import pytest

from kunskapsnod.followup.services.sentences import key_figure_sentence


def figure(association, county=None, *, code="N15428", better=True, counts=None, members=8, first=2019, **extra):
    return {
        "code": code,
        "title": "Elever i åk 9 som är behöriga till yrkesprogram, hemkommun, andel (%)",
        "percentage": True,
        "higher_is_better": better,
        "members": members,
        "counts": counts or {},
        "association": association,
        "county": county or {},
        "first_period": first,
        **extra,
    }


def test_it_writes_the_shape_the_issue_asks_for():
    text = key_figure_sentence(figure({"2019": 80.04, "2024": 82.36}, {"2019": 81.0, "2024": 82.0}), "Sjuhärad").text
    assert text == (
        "Andelen elever i åk 9 som är behöriga till yrkesprogram ökade i Sjuhärad från 80,0 % 2019 till 82,4 % 2024, "
        "mer än i länet (+1,0 procentenheter) – en förbättring."
    )


@pytest.mark.parametrize(
    ("association", "county", "better", "expected"),
    [
        (
            {"2019": 10.0, "2024": 8.0},
            {"2019": 10.0, "2024": 9.5},
            False,
            "minskade i X från 10,0 % 2019 till 8,0 % 2024, "
            "mer än i länet (\u22120,5 procentenheter) – en förbättring.",
        ),
        (
            {"2019": 10.0, "2024": 11.0},
            {"2019": 10.0, "2024": 9.0},
            True,
            "ökade i X från 10,0 % 2019 till 11,0 % 2024, "
            "medan länet minskade (\u22121,0 procentenheter) – en förbättring.",
        ),
        (
            {"2019": 10.0, "2024": 10.0},
            {"2019": 10.0, "2024": 12.0},
            True,
            "var oförändrad i X från 10,0 % 2019 till 10,0 % 2024, medan länet ökade (+2,0 procentenheter).",
        ),
        ({"2019": 10.0, "2024": 11.0}, {}, None, "ökade i X från 10,0 % 2019 till 11,0 % 2024."),
        (
            {"2019": 10.0, "2024": 9.0},
            {"2019": 10.0, "2024": 8.0},
            True,
            "minskade i X från 10,0 % 2019 till 9,0 % 2024, "
            "mindre än i länet (\u22122,0 procentenheter) – en försämring.",
        ),
    ],
    ids=["lower-is-better", "against-the-county", "unchanged", "no-direction-no-county", "worse"],
)
def test_it_states_direction_and_comparison(association, county, better, expected):
    text = key_figure_sentence(figure(association, county, better=better), "X").text
    assert text.endswith(expected), text


def test_it_names_a_value_resting_on_few_members():
    text = key_figure_sentence(figure({"2019": 10.0, "2024": 11.0}, counts={"2019": 8, "2024": 2}), "X").text
    assert text.endswith("; värdet bygger på 2 av 8 kommuner 2024, ett litet underlag att tolka med försiktighet.")


def test_it_says_when_there_is_nothing_to_compare_with():
    only = key_figure_sentence(figure({"2024": 11.0}, first=2024), "X")
    assert only.text.endswith("var 11,0 % i X 2024; äldre värden att jämföra med saknas.")
    assert only.numbers == [11.0, 2024]
    none = key_figure_sentence(figure({}), "X")
    assert none.text.endswith(": inga värden för X.") and none.numbers == []


def test_it_marks_a_discontinued_series_and_names_other_indicators_by_title():
    text = key_figure_sentence(
        figure({"2015": 5.0, "2019": 4.0}, code="X1", first=2015, discontinued=True, title="Egen enkät, andel (%)"), "X"
    ).text
    assert text.startswith("Värdet för ”Egen enkät, andel (%)” minskade") and text.endswith("; serien har upphört.")


def test_it_says_an_equal_base_once_and_different_bases_each():
    same = key_figure_sentence(figure({"2019": 10.0, "2024": 11.0}, counts={"2019": 7, "2024": 7}), "X")
    assert same.text.endswith("; värdet bygger på 7 av 8 kommuner 2019 och 2024.")
    assert same.numbers[-4:] == [7, 8, 2019, 2024]
    both = key_figure_sentence(figure({"2019": 10.0, "2024": 11.0}, counts={"2019": 6, "2024": 7}), "X")
    assert both.text.endswith("; värdet bygger på 6 av 8 kommuner 2019 och 7 av 8 kommuner 2024.")
