from django.conf.locale.sv.formats import *  # noqa: F403  (numbers, input formats, first day of week)

from kunskapsnod.formats import DATE_FORMATS

globals().update(DATE_FORMATS)
