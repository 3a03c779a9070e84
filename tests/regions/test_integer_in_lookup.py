"""`pk__in` with a number beyond the column's range answered 500 from a form's multiple
choice (issue 8); such a number matches no row."""

import pytest

from kunskapsnod.regions.models import Organisation


@pytest.mark.parametrize("huge", [2**63, 2**70, -(2**63) - 1, 10**30])
def test_an_id_beyond_the_columns_range_matches_nothing(org, huge):
    boras = org("boras")
    assert list(Organisation.objects.filter(pk__in=[huge, boras.pk])) == [boras]
    assert not Organisation.objects.filter(pk__in=[huge]).exists()
