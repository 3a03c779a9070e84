"""What a hit on /sok/ shows: the words a reader sees (not Markdown), each text once."""

from kunskapsnod.knowledge import services as knowledge
from kunskapsnod.knowledge.models import Entry
from kunskapsnod.search import query
from kunskapsnod.search.models import Document

PAGE = "/sok/"


def _hits(page: str) -> str:
    return page.split('class="hit-list"', 1)[1]


def test_it_shows_an_entrys_body_without_markdown_syntax(client, org, administrator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    body = "## Stöd\n\nVi har **mentorer** i skolan. Läs [mer](https://example.org/mentor) & <b>fråga</b>."
    entry = Entry(owner=org("boras"), kind="metod", title="Läxhjälp", summary="Kort.", body=body)
    knowledge.publish_entry(actor=administrator, entry=knowledge.create_entry(actor=administrator, entry=entry))
    hits = _hits(client.get(PAGE, {"q": "mentor"}).content.decode())
    assert "Vi har <mark>mentorer</mark> i skolan. Läs mer &amp; &lt;b&gt;fråga&lt;/b&gt;." in hits
    assert "**" not in hits and "##" not in hits and "example.org" not in hits
    assert "example.org" not in Document.objects.get().text


def test_it_shows_an_items_text_once(client, make_item, boras_reader):
    make_item("Studie- och yrkesvägledning för nyanlända")
    client.force_login(boras_reader)
    hits = _hits(client.get(PAGE, {"q": "yrkesvägledning"}).content.decode())
    assert hits.count("nyanlända") == 1
    assert "<mark>yrkesvägledning</mark>" in hits
    assert 'class="snippet"' not in hits


def test_it_continues_an_items_heading_with_its_parts(make_item):
    item = make_item("Yrkesvägledning i grupp")
    make_item("Besök på arbetsplatser", parent=item)
    heading, snippet = query.present(Document.objects.get(object_id=item.pk), {"yrkesvagledning"})
    assert heading == "<mark>Yrkesvägledning</mark> i grupp"
    assert snippet == "Besök på arbetsplatser"


def test_it_cuts_a_long_title_and_goes_on_where_the_heading_stops(make_item):
    text = "Yrkesvägledning " + "och mer " * 40 + "slutet"
    make_item(text)
    heading, snippet = query.present(Document.objects.get(), {"yrkesvagledning"})
    assert heading.endswith("…") and len(heading) < 200
    assert snippet.startswith("… ") and snippet.endswith("slutet")
