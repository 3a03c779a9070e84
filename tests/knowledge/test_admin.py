"""The admin shows the knowledge bank and changes nothing: every change goes through the
workflow's services. It may delete an entry (one, or "delete selected"), through
``delete_entry``: the one rule, the audit log, the search index, the files."""

import pytest
from django.core.files.base import ContentFile

from kunskapsnod.knowledge import services
from kunskapsnod.knowledge.models import Entry
from kunskapsnod.regions.permissions import PermissionDenied

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_an_administrator_sees_entries_but_cannot_change_them(client, make_entry, administrator):
    entry = make_entry("boras", title="Synlig i admin")
    client.force_login(administrator)
    assert "Synlig i admin" in client.get("/admin/knowledge/entry/").content.decode()
    assert client.get(f"/admin/knowledge/entry/{entry.pk}/change/").status_code == 200
    assert client.get("/admin/knowledge/entry/add/").status_code == 403
    client.post(f"/admin/knowledge/entry/{entry.pk}/change/", {"title": "Ändrad", "status": "publicerad"})
    assert Entry.objects.get(pk=entry.pk).title == "Synlig i admin"


def test_an_administrator_deletes_an_entry_with_its_files(
    client, make_entry, administrator, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    entry = make_entry("boras", title="Tas bort")
    attachment = services.add_attachment(actor=administrator, entry=entry, file=ContentFile(PDF, name="r.pdf"))
    stored = tmp_path / attachment.file.name
    assert stored.is_file()
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/admin/knowledge/entry/{entry.pk}/delete/", {"post": "yes"})
    assert answer.status_code == 302
    assert not Entry.objects.filter(pk=entry.pk).exists()
    assert not stored.exists()


@pytest.mark.parametrize(
    ("persona", "status", "allowed"),
    [
        ("boras_editor", "utkast", True),
        ("boras_editor", "publicerad", False),  # a published entry is the node's to remove
        ("sjuharad_staff", "publicerad", True),
        ("mark_editor", "utkast", False),
    ],
)
def test_deleting_an_entry_follows_the_rule_of_changing_it(make_entry, personas, persona, status, allowed):
    entry = make_entry("boras", status=status)
    actor = personas[persona]
    if allowed:
        services.delete_entry(actor=actor, entry=entry)
    else:
        with pytest.raises(PermissionDenied):
            services.delete_entry(actor=actor, entry=entry)
    assert Entry.objects.filter(pk=entry.pk).exists() is not allowed
