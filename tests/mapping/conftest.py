"""Fixtures of the mapping tests: the real analysis model and the real pre-study."""

import copy
import json

import pytest
from django.conf import settings

from kunskapsnod.mapping.services import import_prestudy, load_analysis_models

PRESTUDY_PATH = settings.DATA_DIR / "sjuharad-forstudie-2022.json"


@pytest.fixture
def prestudy_data():
    """A fresh copy of the real 2022 pre-study document (tests may change it)."""
    return copy.deepcopy(json.loads(PRESTUDY_PATH.read_text("utf-8")))


@pytest.fixture
def analysis_models(regions):
    load_analysis_models(settings.DATA_DIR / "analysmodell.json")


@pytest.fixture
def imported(analysis_models, prestudy_data):
    import_prestudy(actor=None, data=prestudy_data)
    return prestudy_data
