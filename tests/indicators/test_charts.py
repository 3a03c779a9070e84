"""Chart specs, their server-side rendering, the table exports and the browser embedding."""

import io

import vl_convert as vlc
from django.conf import settings
from openpyxl import load_workbook

from kunskapsnod.indicators import charts
from kunskapsnod.indicators.analysis.common import Measure
from kunskapsnod.indicators.templatetags.statistik import sparkline

STATIC = settings.BASE_DIR / "src" / "kunskapsnod"
POINTS = [
    {"series": "Borås", "period": 2019, "value": 70.5, "computed": False},
    {"series": "Borås", "period": 2020, "value": 72.8, "computed": False},
    {"series": "Sjuhärad (medel)", "period": 2020, "value": 73.9, "computed": True},
]


def test_time_series_is_valid_vega_lite_with_swedish_numbers():
    spec = charts.time_series(POINTS, title="Gymnasieexamen", unit="Andel (%)")
    assert vlc.vegalite_to_vega(spec)["$schema"].startswith("https://vega.github.io/schema/vega/")
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["description"] == spec["title"] == "Gymnasieexamen"
    assert spec["encoding"]["color"]["sort"] == ["Borås", "Sjuhärad (medel)"]


def test_ranking_bars_draw_reference_rules_only_where_values_exist():
    spec = charts.ranking_bars(
        [{"name": "Borås", "value": 6.2, "rank": 22}, {"name": "Mark", "value": None, "rank": None}],
        title="UVAS",
        unit="Andel (%)",
        focus={"Borås"},
        references=[
            {"label": "Riket", "value": 6.5, "kind": "country"},
            {"label": "Västra Götaland", "value": None, "kind": "county"},
        ],
    )
    assert [d["name"] for d in spec["datasets"]["bars"]] == ["Borås"]
    assert [d["label"] for d in spec["datasets"]["refs"]] == ["Riket"]
    assert spec["layer"][1]["encoding"]["color"]["scale"] == {"domain": ["Riket"], "range": ["#2d6a2d"]}


def test_the_server_renders_svg_and_png_for_the_no_js_fallback_and_downloads():
    spec = charts.time_series(POINTS, title="Gymnasieexamen", unit="Andel (%)")
    svg = charts.render_svg(spec)
    assert svg.startswith("<svg") and "Gymnasieexamen" in svg
    assert "style=" not in svg  # nothing our CSP would have to allow
    assert charts.render_png(spec)[:8] == b"\x89PNG\r\n\x1a\n"


def test_csv_export_is_what_swedish_excel_reads():
    table = charts.Table("T", ["Kommun", "Värde"], [["Borås", 72.8], ["Härryda", "sekretess"], ["Ale", None]])
    text = charts.table_csv(table).decode("utf-8")
    assert text.startswith("\ufeffKommun;Värde\r\n")
    assert "Borås;72,8\r\n" in text and "Härryda;sekretess\r\n" in text and "Ale;\r\n" in text


def test_excel_export_keeps_numbers_as_numbers_and_names_the_source():
    table = charts.Table("Gymnasieexamen 2020", ["Kommun", "Värde"], [["Borås", 72.8]])
    sheet = load_workbook(io.BytesIO(charts.table_xlsx(table, source="Källa: Kolada, hämtad 2026"))).active
    assert sheet["B2"].value == 72.8
    assert "Källa: Kolada, hämtad 2026" in [row[0] for row in sheet.iter_rows(values_only=True)]


def test_the_source_line_names_kolada_and_the_years_of_retrieval():
    assert charts.retrieval_label({2026}) == "Källa: Kolada, hämtad 2026"
    assert charts.retrieval_label({2021, 2026}) == "Källa: Kolada, hämtad 2021 och 2026"
    assert charts.retrieval_label(set()) == "Källa: Kolada"


def test_a_sparkline_breaks_at_missing_years_and_hides_from_screen_readers():
    trend = [(2018, Measure(1.0)), (2019, Measure(None, "Privacy")), (2020, Measure(2.0)), (2021, Measure(3.0))]
    svg = str(sparkline(trend))
    assert 'aria-hidden="true"' in svg
    assert svg.count("<polyline") == 2
    assert "style=" not in svg


def test_the_browser_embedding_is_csp_safe():
    script = (STATIC / "indicators" / "static" / "indicators" / "charts.js").read_text()
    assert "ast: true" in script and "expressionInterpreter" in script and "defaultStyle: false" in script
    assert "eval(" not in script and "new Function" not in script.replace("`new Function`", "")
    vendored = (STATIC / "static" / "vendor" / "vega-interpreter.min.js").read_text()
    assert vendored.startswith("var vegaInterpreter=")


def test_csv_export_puts_the_credits_below_the_data():
    table = charts.Table("T", ["Kommun", "Värde"], [["Borås", 72.8]])
    text = charts.table_csv(table, credits=["Källa: Kolada, hämtad 2021", "Beräkning: Kunskapsnod"]).decode("utf-8")
    assert text.endswith("Borås;72,8\r\n\r\nKälla: Kolada, hämtad 2021\r\nBeräkning: Kunskapsnod\r\n")


def test_exported_charts_name_the_source_under_the_title():
    spec = charts.with_credits(charts.time_series(POINTS, title="Gymnasieexamen", unit="Andel (%)"), ["Källa: Kolada"])
    svg = charts.render_svg(spec)
    assert "Gymnasieexamen" in svg and "Källa: Kolada." in svg
