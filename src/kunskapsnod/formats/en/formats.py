from django.conf.locale.en.formats import *  # noqa: F403  (numbers, input formats)

from kunskapsnod.formats import DATE_FORMATS

globals().update(DATE_FORMATS)
FIRST_DAY_OF_WEEK = 1  # Monday, as in Sweden
