import pytest

from kunskapsnod.indicators.services import load_indicator_metadata


@pytest.fixture
def indicators(regions):
    """All Kolada KPI metadata and the real region hierarchy."""
    load_indicator_metadata()
    return regions
