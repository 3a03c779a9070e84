"""The project register as an Excel workbook. Every cell goes through
:mod:`kunskapsnod.spreadsheets`, so a title that starts with "=" stays text and control
characters never reach the file."""

from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook

from kunskapsnod.knowledge.register import Register, funder_label
from kunskapsnod.spreadsheets import xlsx_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

PROJECT_COLUMNS = (
    gettext_noop("Projekt"),
    gettext_noop("Ägs av"),
    gettext_noop("Projektägare"),
    gettext_noop("Finansiär"),
    gettext_noop("Startdatum"),
    gettext_noop("Slutdatum"),
    gettext_noop("Pågår i dag"),
    gettext_noop("Budget (kronor)"),
    gettext_noop("Teman"),
    gettext_noop("Målgrupp"),
    gettext_noop("Målgrupp (ålder)"),
    gettext_noop("Kommuner som deltar"),
    gettext_noop("Status"),
    gettext_noop("Adress"),
)
OVERLAP_COLUMNS = (
    gettext_noop("Projekt"),
    gettext_noop("Överlappar med"),
    gettext_noop("Gemensamma teman"),
    gettext_noop("Gemensam målgrupp"),
)
FUNDER_COLUMNS = (gettext_noop("Finansiär"), gettext_noop("Projekt"), gettext_noop("Budget (kronor)"))


def register_workbook(register: Register, *, base_url: str = "") -> bytes:
    """Three sheets: the projects, their overlaps and the funders."""
    workbook = Workbook(write_only=True)
    projects = workbook.create_sheet(_("Projekt"))
    projects.append(xlsx_row(projects, [_(c) for c in PROJECT_COLUMNS]))
    yes, no = _("ja"), _("nej")
    for p in register.projects:
        projects.append(
            xlsx_row(
                projects,
                [
                    p.title,
                    p.owner.name,
                    p.project_owner.name if p.project_owner else None,
                    funder_label(p),
                    p.start_date,
                    p.end_date,
                    yes if p.pk in register.running_ids else no,
                    p.budget,
                    ", ".join(t.name for t in p.themes.all()),
                    p.target_group or None,
                    p.get_target_age_display() or None,
                    ", ".join(m.name for m in p.municipalities.all()),
                    p.get_status_display(),
                    base_url + p.get_absolute_url(),
                ],
            )
        )
    overlaps = workbook.create_sheet(_("Överlapp"))
    overlaps.append(xlsx_row(overlaps, [_(c) for c in OVERLAP_COLUMNS]))
    for o in register.overlaps:
        themes = ", ".join(t.name for t in o.themes)
        overlaps.append(xlsx_row(overlaps, [o.first.title, o.second.title, themes, o.target]))
    funders = workbook.create_sheet(_("Finansiärer"))
    funders.append(xlsx_row(funders, [_(c) for c in FUNDER_COLUMNS]))
    for row in register.funders:
        funders.append(xlsx_row(funders, [row.label, row.projects, row.budget]))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
