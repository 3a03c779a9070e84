"""Actions a user cannot take are not shown, and a forbidden page answers the one styled
403 page inside the site's layout (issue 8: /workshoppar/ny/ and /moten/nytt/ answered a
bare 403; a reader was offered "Klassificera posterna" and landed on a read-only list).

The walk visits every URL pattern on the demo data as a reader: no page offers a link or
button that writes, and no link leads to a refusal. Editors and node staff are offered
the same actions where they may take them."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from urlwalk import url_patterns

# Words that start the label of an action that changes something.
WRITE_WORDS = re.compile(
    r"^(registrera|redigera|ny|nytt|klassificera|importera|ta bort|lägg till|lägg upp|skapa|spara|läs in|"
    r"synka|ändra|för över|publicera|arkivera|ladda upp|koppla|stäng|öppna för|gå vidare|dölj|placera|slå ihop)\b",
    re.IGNORECASE,
)
NOT_PAGES = {"mapping:export", "accounts:logout", "set_language"}
# Forms everyone may send: signing in, one's own password, and taking part in a workshop
# with its join code.
OWN_FORMS = {"accounts:login", "accounts:password_change", "accounts:password_reset", "accounts:password_reset_confirm"}
OWN_FORMS |= {"workshops:join", "workshops:join_alias", "workshops:participate", "workshops:results"}


class _Actions(HTMLParser):
    """Links (href, text), buttons (text) and POST forms (action) inside <main>."""

    def __init__(self):
        super().__init__()
        self.in_main = 0
        self.links, self.buttons, self.post_forms = [], [], []
        self._text = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main += 1
        if not self.in_main:
            return
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.post_forms.append(attrs.get("action") or "")
        if tag in ("a", "button"):
            self._text = (tag, attrs.get("href"), [])
        if tag == "span" and "visually-hidden" in (attrs.get("class") or "") and self._text:
            self._text[2].append("\0")  # hidden context after the visible label

    def handle_data(self, data):
        if self._text:
            self._text[2].append(data)

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main -= 1
        if self._text and tag == self._text[0]:
            kind, href, parts = self._text
            text = " ".join("".join(parts).split("\0")[0].split())
            (self.links if kind == "a" else self.buttons).append((href, text) if kind == "a" else text)
            self._text = None


def _actions(html: str) -> _Actions:
    parser = _Actions()
    parser.feed(html)
    return parser


def _pages():
    """Every page of the site with arguments from the demo data (object pages: the first
    object of their kind)."""
    from kunskapsnod.mapping.models import Item, Priority
    from kunskapsnod.regions.models import Group, Meeting, Person
    from kunskapsnod.workshops.models import Workshop

    objects = {
        "regions:meeting": Meeting,
        "regions:group": Group,
        "regions:person": Person,
        "mapping:item": Item,
        "mapping:priority": Priority,
        "workshops:": Workshop,
    }
    samples = {"slug": "boras", "code": "N15428", "version": 2}
    for name, pattern in url_patterns():
        if name.split(":")[0] in {"admin", "api"} or name in NOT_PAGES:
            continue
        wanted = set(pattern.pattern.converters)
        if name.startswith("workshops:") and "code" in wanted:
            own = {"code": Workshop.objects.order_by("pk").first().join_code, "fmt": "xlsx"}
            yield name, reverse(name, kwargs={key: own[key] for key in wanted})
        elif wanted == {"pk"}:
            model = next((m for prefix, m in objects.items() if name.startswith(prefix)), None)
            obj = model.objects.order_by("pk").first() if model else None
            if obj is not None:
                yield name, reverse(name, kwargs={"pk": obj.pk})
        elif wanted <= set(samples):
            yield name, reverse(name, kwargs={key: samples[key] for key in wanted})


@pytest.fixture
def demo(committed_demo, db, personas):
    """The demo data, and a person, group and meeting of Borås's own."""
    import datetime

    from kunskapsnod.regions.models import Group, GroupKind, Meeting, Organisation, Person
    from kunskapsnod.regions.services import save_group, save_meeting, save_person

    editor, boras = personas["boras_editor"], Organisation.objects.get(slug="boras")
    person = save_person(actor=editor, person=Person(name="Elin Ek", organisation=boras))
    save_group(actor=editor, group=Group(name="KAA-nätverket", kind=GroupKind.NETWORK, owner=boras), members=[person])
    save_meeting(
        actor=editor,
        meeting=Meeting(date=datetime.date(2026, 11, 20), topic="Dialogmöte", organiser=boras, municipality=boras),
        attendees=[person],
    )
    return personas


def _is_styled_403(response) -> bool:
    text = response.content.decode()
    return '<main id="main"' in text and "<h1>Ingen behörighet</h1>" in text and 'class="site-footer"' in text


@pytest.mark.parametrize("path", ["/workshoppar/ny/", "/moten/nytt/", "/organisering/personer/ny/"])
def test_a_reader_is_refused_a_create_form_with_the_styled_page(client, demo, path):
    client.force_login(demo["boras_reader"])
    response = client.get(path)
    assert response.status_code == 403
    assert _is_styled_403(response)
    assert "Du har inte behörighet" in response.content.decode()


def test_every_refusal_a_reader_meets_is_the_styled_page(client, demo):
    client.force_login(demo["boras_reader"])
    refused = []
    for name, path in _pages():
        for response in (client.get(path), client.post(path, {})):
            if response.status_code == 403 and not _is_styled_403(response):
                refused.append(f"{response.request['REQUEST_METHOD']} {path} ({name})")
    assert refused == []


def test_a_reader_is_offered_no_action_that_writes(client, demo):
    client.force_login(demo["boras_reader"])
    offered, statuses = [], {}  # a link met on many pages is followed once
    for name, path in _pages():
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        found = _actions(response.content.decode())
        offered += [f"{path}: link {text!r} → {href}" for href, text in found.links if WRITE_WORDS.match(text)]
        offered += [f"{path}: button {text!r}" for text in found.buttons if WRITE_WORDS.match(text)]
        if name not in OWN_FORMS:
            offered += [f"{path}: a form that posts to {action or path}" for action in found.post_forms]
        for href, text in found.links:
            if href and href.startswith("/") and not href.startswith(("/admin/", "/api/")) and "export." not in href:
                if href not in statuses:
                    statuses[href] = client.get(href).status_code
                status = statuses[href]
                if status in (403, 404):
                    offered.append(f"{path}: link {text!r} → {href} answers {status}")
    assert offered == [], "\n".join(offered)


# Pages where an editor of Borås and Sjuhärad's node staff are offered what they may do.
OFFERED = {
    "/kommun/boras/": "Redigera uppgifter",
    "/moten/": "Registrera möte",
    "/organisering/personer/": "Registrera person",
    "/organisering/grupper/": "Ny grupp eller nätverk",
    "/kartlaggning/poster/?municipality=boras": "Lägg till insats eller behov",
    "/kommun/boras/kartlaggning/": "Klassificera posterna",
    "/kartlaggning/oklassificerade/?municipality=boras": "Klassificera markerade",
    "/workshoppar/": "Ny workshop",
}


@pytest.mark.parametrize("persona", ["boras_editor", "sjuharad_staff"])
def test_those_who_may_are_offered_the_actions(client, demo, persona):
    client.force_login(demo[persona])
    missing = []
    for path, label in OFFERED.items():
        found = _actions(client.get(path).content.decode())
        if label not in [text for _, text in found.links] + found.buttons:
            missing.append(f"{path}: {label}")
    assert missing == []


def test_an_editor_of_mark_is_offered_to_read_boras_unclassified_items_not_to_classify(client, demo):
    client.force_login(demo["mark_editor"])
    found = _actions(client.get("/kommun/boras/kartlaggning/").content.decode())
    texts = [text for _, text in found.links]
    assert "Klassificera posterna" not in texts
    assert "Visa de oklassificerade posterna" in texts
