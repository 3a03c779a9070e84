"""The entry form's project fields: a fieldset of their own that says whom it concerns,
shown by entry_form.js only for projects; the server still refuses them on other kinds."""

import re

from kunskapsnod.knowledge.models import PROJECT_FIELDS

NEW = "/kunskapsbank/ny/"


def _project_fieldset(page: str) -> str:
    return re.search(r'<fieldset class="project-fields".*?</fieldset>\s*<div class="actions">', page, re.S).group(0)


def test_it_puts_the_project_fields_in_a_fieldset_for_projects(client, boras_editor):
    client.force_login(boras_editor)
    page = client.get(NEW).content.decode()
    fieldset = _project_fieldset(page)
    assert 'id="project-fields"' in fieldset and 'data-project-kind="projekt"' in fieldset
    assert 'data-kind-field="id_kind"' in fieldset
    assert re.search(r"<legend>Projekt <span[^>]*>\(gäller bara poster av typen Projekt\)</span></legend>", fieldset)
    for name in PROJECT_FIELDS:
        assert f'name="{name}"' in fieldset
        assert page.count(f'name="{name}"') == 1
    assert 'name="title"' not in fieldset
    assert re.search(r'<script src="[^"]*knowledge/entry_form\.js" defer></script>', page)


def test_it_still_refuses_project_fields_on_another_kind(client, boras_editor, org):
    client.force_login(boras_editor)
    data = {"kind": "gott_exempel", "owner": org("boras").pk, "title": "Läxhjälp", "summary": "Kort.", "budget": "100"}
    page = client.post(NEW, data).content.decode()
    assert "Bara projekt har detta fält." in _project_fieldset(page)
