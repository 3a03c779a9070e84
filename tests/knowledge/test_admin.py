"""The admin shows the knowledge bank and writes nothing: every change goes through the
workflow's services."""

from kunskapsnod.knowledge.models import Entry


def test_an_administrator_sees_entries_but_cannot_change_them(client, make_entry, administrator):
    entry = make_entry("boras", title="Synlig i admin")
    client.force_login(administrator)
    assert "Synlig i admin" in client.get("/admin/knowledge/entry/").content.decode()
    assert client.get(f"/admin/knowledge/entry/{entry.pk}/change/").status_code == 200
    assert client.get("/admin/knowledge/entry/add/").status_code == 403
    client.post(f"/admin/knowledge/entry/{entry.pk}/change/", {"title": "Ändrad", "status": "publicerad"})
    client.post(f"/admin/knowledge/entry/{entry.pk}/delete/", {"post": "yes"})
    assert Entry.objects.get(pk=entry.pk).title == "Synlig i admin"
