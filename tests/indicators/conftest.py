import pytest
from django.conf import settings

from kunskapsnod.indicators.services import load_indicator_metadata

KOLADA = settings.DATA_DIR / "kolada"


@pytest.fixture
def indicators(regions):
    """All Kolada KPI metadata and the real region hierarchy."""
    load_indicator_metadata()
    return regions
