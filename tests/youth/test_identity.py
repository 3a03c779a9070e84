"""Identity numbers: Luhn, coordination numbers, 10/12 digits with - or +, and the two
stored forms (keyed hash, encrypted value) that a database dump cannot read."""

import datetime

import pytest

from kunskapsnod.youth import identity


@pytest.mark.parametrize(
    ("text", "canonical", "coordination"),
    [
        ("19811218-9876", "198112189876", False),
        ("198112189876", "198112189876", False),
        ("811218-9876", "198112189876", False),
        ("8112189876", "198112189876", False),
        ("811218+9876", "188112189876", False),  # "+": a hundred years or older
        ("20080572-5827", "200805725827", True),  # samordningsnummer: day + 60
        ("080572-5827", "200805725827", True),
    ],
)
def test_it_accepts_valid_numbers_in_every_written_form(text, canonical, coordination):
    number = identity.parse(text, today=datetime.date(2026, 12, 1))
    assert (number.canonical, number.coordination) == (canonical, coordination)


@pytest.mark.parametrize(
    "text",
    [
        "19811218-9875",
        "811218-987",
        "20081312-0008",
        "20080592-5827",
        "abcdef-ghij",
        "",
        "٢٠٠٨٠٥١٢١٣٧٣",
        "20300101-0008",
    ],
)
def test_it_refuses_invalid_numbers(text):
    with pytest.raises(identity.InvalidIdentityNumber):
        identity.parse(text, today=datetime.date(2026, 12, 1))


def test_the_birth_date_of_a_coordination_number_is_the_real_day():
    assert identity.parse("20080572-5827").birth_date == datetime.date(2008, 5, 12)


def test_the_stored_forms_do_not_contain_the_number():
    canonical = "198112189876"
    token = identity.encrypt(canonical)
    assert canonical not in token and "9876" not in token
    assert identity.decrypt(token) == canonical
    assert identity.match_key(canonical) == identity.match_key(canonical)
    assert canonical not in identity.match_key(canonical)


def test_the_keyed_hash_depends_on_the_key(settings):
    before = identity.match_key("198112189876")
    settings.KUNSKAPSNOD_YOUTH_HMAC_KEY = "another-key-of-at-least-thirty-two-chars"
    assert identity.match_key("198112189876") != before
