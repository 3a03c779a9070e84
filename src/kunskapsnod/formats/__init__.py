"""Date formats (FORMAT_MODULE_PATH): one convention on every page, the Swedish standard
numeric form of ISO 8601 – 2026-12-01 and 2026-12-01 14:05 – in Swedish and in English,
so that templates write ``{{ meeting.date }}`` or ``|date:"DATETIME_FORMAT"`` and never
spell out a format of their own. Numbers keep Django's formats for each language."""

DATE_FORMATS = {
    "DATE_FORMAT": "Y-m-d",
    "SHORT_DATE_FORMAT": "Y-m-d",
    "DATETIME_FORMAT": "Y-m-d H:i",
    "SHORT_DATETIME_FORMAT": "Y-m-d H:i",
    "TIME_FORMAT": "H:i",
    "YEAR_MONTH_FORMAT": "Y-m",
}
