"""Property tests of the document parser and the flat-row format (no database)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from kunskapsnod.mapping.services.document import DocumentError, parse_document
from kunskapsnod.mapping.services.formats import document_to_rows, read_csv, rows_to_document, write_csv

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=12,
)
keys = st.sampled_from(["kalla", "insatser_steg1", "behov_steg1", "prioriteringar_steg2", "kommun", "text", "delar"])


@settings(max_examples=3 * settings.default.max_examples)  # ci 300; deep 6000
@given(st.dictionaries(keys, json_values, max_size=4) | json_values)
def test_any_json_is_parsed_or_refused_with_a_document_error(data):
    try:
        parse_document(data)
    except DocumentError as exc:
        assert str(exc)


texts = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30).filter(
    lambda t: t.strip() == t and t
)
parts = st.lists(texts, max_size=3)
entries = st.builds(lambda text, delar: {"text": text, **({"delar": delar} if delar else {})}, texts, parts)
blocks = st.builds(
    lambda kommun, datum, insatser: {"kommun": kommun, "datum": datum, "insatser": insatser},
    st.sampled_from(["Borås", "Mark"]),
    st.sampled_from(["2022-01-27", None]),
    st.lists(entries, min_size=1, max_size=4),
)
priorities = st.lists(st.builds(lambda text, delar: (text, delar), texts, parts), min_size=1, max_size=4).map(
    lambda rows: [{"rang": r, "text": t, **({"delar": d} if d else {})} for r, (t, d) in enumerate(rows, start=1)]
)
documents = st.builds(
    lambda kalla, insatser, prio: {
        "kalla": kalla,
        "insatser_steg1": insatser,
        "prioriteringar_steg2": [{"kommun": "Mark", "datum": "2022-03-28", "prioriteringar": prio}],
    },
    texts,
    st.lists(blocks, max_size=2).filter(lambda bs: len({(b["kommun"], b["datum"]) for b in bs}) == len(bs)),
    priorities,
)


@settings(max_examples=3 * settings.default.max_examples // 2)  # ci 150; deep 3000
@given(documents)
def test_rows_and_csv_convert_back_to_the_same_document(document):
    expected = {k: v for k, v in document.items() if v}
    assert {k: v for k, v in rows_to_document(document_to_rows(document)).items() if v} == expected
    assert {k: v for k, v in read_csv(write_csv(document)).items() if v} == expected
    parse_document(document)  # and what the converters produce is valid
