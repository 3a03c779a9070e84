"""Properties that must hold for any input: the small-group rule never leaves a hidden
group that can be worked out from the total, and any file of addresses is either read
(every row accounted for) or refused with a message — never a crash."""

from hypothesis import given, settings
from hypothesis import strategies as st

from kunskapsnod.surveys.services import SurveyError, read_addresses
from kunskapsnod.surveys.services.results import _suppressed_groups

sizes = st.dictionaries(st.one_of(st.none(), st.integers(0, 40)), st.integers(0, 30), max_size=12)


@settings(max_examples=300)
@given(counted=sizes, minimum=st.integers(1, 10))
def test_hidden_groups_are_never_small_alone_nor_together(counted, minimum):
    hidden = _suppressed_groups(counted, minimum)
    shown = {g: n for g, n in counted.items() if g not in hidden}
    assert all(n == 0 or n >= minimum for n in shown.values())
    hidden_total = sum(counted[g] for g in hidden)
    # What total − shown reveals is either nothing or a group of at least the minimum.
    assert hidden_total == 0 or hidden_total >= minimum or all(n == 0 for n in shown.values())


@settings(max_examples=200)
@given(data=st.binary(max_size=400) | st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_any_file_of_addresses_is_read_or_refused(data):
    try:
        found = read_addresses(data)
    except SurveyError:
        return
    assert len(found.addresses) == len(set(found.addresses))
    assert all(line >= 1 for line, _text, _reason in found.problems)
