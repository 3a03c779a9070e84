"""Hostile values in every form field and every API parameter never answer 5xx (issue 8).

Nothing here is a hand list of endpoints. The targets are discovered: every URL pattern of
the site (aimed at real objects through test_write_matrix._kwargs, which fails for a page
it cannot reach), every form those pages render for an administrator and for a workshop
participant (method, action and field names parsed from the HTML), and every operation of
the API's OpenAPI schema with its parameters. Hypothesis fills them with hostile values:
Unicode digits, lone surrogates (sent as the invalid UTF-8 a real client would send),
numbers past 2**63, control characters, very long strings, deeply nested JSON, and files
of random bytes. A new page, form or API parameter is attacked from its first commit.

Each example attacks every target once, so a run of a few examples covers all of them;
HYPOTHESIS_PROFILE=deep runs many more."""

import traceback
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kunskapsnod.workshops import services as workshops
from kunskapsnod.workshops.models import Phase
from test_write_matrix import _kwargs, goteborg_world  # noqa: F401  (the fixture is used by name)
from urlwalk import url_patterns

EXAMPLES = max(3, settings.default.max_examples // 50)  # ci: 3 rounds over every target; deep: 40
ATTACK = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
SKIPPED_NAMESPACES = {"admin", "api"}  # the admin is Django's; the API is attacked from its schema
# Forms that would end the attacking session or change what the attack can reach.
SKIPPED_ACTIONS = ("/konto/logga-ut/", "/konto/losenord/")
NASTY = [
    "²",
    "١٢",
    "𝟗",
    "Ⅻ",
    "\ud800",
    "a\udfffb",
    "\x00",
    "\x0b",
    "\x1b[2J",
    str(2**63),
    str(2**64),
    "-" + str(2**63),
    "9" * 60,
    "1e309",
    "NaN",
    "-1",
    "0",
    "",
    " ",
    "x" * 100_000,
    "[" * 50_000,
    '{"a":' * 10_000,
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "'; DROP TABLE x; --",
    "%",
    "\u202e",
    "🙂" * 1000,
]
HOSTILE = st.one_of(
    st.sampled_from(NASTY),
    st.text(alphabet=st.characters(categories=["Cc", "Cs", "Nd", "No", "Nl", "Zs", "So", "Lo"]), max_size=30),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
)
_DEEP_JSON = ("[" * 100_000 + "]" * 100_000).encode()
_FILES = st.one_of(
    st.binary(max_size=2000),
    st.sampled_from(
        [
            _DEEP_JSON,
            b'{"behov_steg1": [{"kommun": "Bor\\u00e5s", "datum": "2026-01-01", "behov": [{"text": "\\ud800"}]}]}',
            b'{"prioriteringar_steg2": [{"kommun": "Bor\\u00e5s", "datum": "2026-01-01", "prioriteringar": '
            b'[{"text": "x", "rang": 1000000000000000000000000000000, "pluppar": 9223372036854775808}]}]}',
            b"\xff\xfe\x00\x00" * 100,
            b"kpi;municipality_id;period;gender;value\nN15428;1490;\xb2\xb2;T;1e999\n",
            b"avsnitt;kommun;nr;text\r\nbehov_steg1;Bor\xe5s;\xb2;x\r\n",
            "avsnitt;kommun;nr;text\r\nbehov_steg1;Borås;²;x\r\n".encode(),
            b"PK\x03\x04" + b"\x00" * 500,
        ]
    ),
)


# --- discovery -------------------------------------------------------------------------------


class _Forms(HTMLParser):
    """The forms of a page: method, action and fields (name, kind, first value)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action"), "fields": {}}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "button") and attrs.get("name") and attrs["name"] != "csrfmiddlewaretoken":
            kind = attrs.get("type", "text") if tag == "input" else "button"
            self._form["fields"].setdefault(attrs["name"], (kind, attrs.get("value") or ""))
        elif tag in ("textarea", "select") and attrs.get("name"):
            self._form["fields"].setdefault(attrs["name"], (tag, ""))
            self._select = attrs["name"] if tag == "select" else None
        elif tag == "option" and self._select and attrs.get("value"):
            kind, value = self._form["fields"][self._select]
            if not value:
                self._form["fields"][self._select] = (kind, attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _pages(world) -> list[tuple[str, str, dict]]:
    """(url name, url, kwargs) for every page of the site."""
    pages = []
    for name, pattern in url_patterns():
        if name.split(":")[0] in SKIPPED_NAMESPACES:
            continue
        kwargs = _kwargs(name, pattern, world)
        pages.append((name, reverse(name, kwargs=kwargs), kwargs))
    return pages


def _forms_on(client, url: str) -> list[dict]:
    response = client.get(url)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return []
    parser = _Forms()
    parser.feed(response.content.decode())
    for form in parser.forms:
        form["url"] = urlsplit(form["action"]).path if form["action"] else url
    return parser.forms


@pytest.fixture
def admin_client(administrator):
    client = Client(raise_request_exception=False)
    client.force_login(administrator)
    return client


@pytest.fixture
def targets(goteborg_world, admin_client, administrator):  # noqa: F811
    """Every page, every form and every API operation, found as described above."""
    world = goteborg_world
    workshop_urls = _participant_pages(admin_client, world["workshop"], administrator)
    pages = _pages(world)
    forms, seen = [], set()
    for url in [url for _, url, _ in pages] + workshop_urls:
        for form in _forms_on(admin_client, url):
            key = (form["method"], form["url"], tuple(sorted(form["fields"])))
            if key not in seen and not form["url"].startswith(SKIPPED_ACTIONS):
                seen.add(key)
                forms.append(form)
    get_names = {name for form in forms if form["method"] == "get" for name in form["fields"]}
    get_names |= {"version", "page", "sida", "v", "year", "period", "offset", "q"}
    return {"pages": pages, "forms": forms, "get_names": sorted(get_names), "api": _api_operations(admin_client)}


def _participant_pages(client, workshop, facilitator) -> list[str]:
    """The workshop page in each phase, as a participant who has joined, so that its
    note, sorting and voting forms are found."""
    urls = []
    for phase in (None, Phase.SORTING, Phase.VOTING):
        target = workshop
        if phase is not None:
            target = workshops.create_workshop(actor=facilitator, organisation=workshop.organisation, title="Fas")
            note = workshops.add_facilitator_note(actor=facilitator, workshop=target, text="Lapp")
            workshops.place_note_as_facilitator(
                actor=facilitator, workshop=target, note_id=note.pk, placement="delregionalt"
            )
            workshops.set_phase(actor=facilitator, workshop=target, phase=phase)
            workshops.set_joining(actor=facilitator, workshop=target, open=True)
        client.post(f"/w/{target.join_code}/", {"name": "Angripare"})
        urls.append(f"/w/{target.join_code}/")
    return urls


def _api_operations(client) -> list[tuple[str, list[dict]]]:
    schema = client.get("/api/openapi.json").json()
    return [
        (path, op.get("parameters", []))
        for path, operations in schema["paths"].items()
        for method, op in operations.items()
        if method == "get"
    ]


# Real values for the API's path parameters, by name; a new parameter name fails here.
# Real values for the path parameters the API has; any other id-like parameter gets "1".
API_PATH_VALUES = {
    "kolada_id": "1490",
    "code": "N15428",
    "entry_id": "1",
    "survey_id": "1",
    "slug": "sjuharad",
    "year": "2026",
}


# --- attacks -----------------------------------------------------------------------------------


def _query(pairs) -> str:
    """A query string as a client sends it; lone surrogates become the invalid UTF-8 bytes
    that a real client would send (Django's test client cannot encode them)."""
    return urlencode(pairs, doseq=True, encoding="utf-8", errors="surrogatepass")


def _readiness_answer(response) -> bool:
    """The readiness probe answers 503 by design when this server should get no traffic
    (e.g. a job has not run recently), with what is wrong: an answer, not a crash."""
    if response.status_code != 503 or not response.get("Content-Type", "").startswith("application/json"):
        return False
    return response.json().get("status") == "not ready"


def _segment(value: str) -> str:
    return quote(value, safe="", encoding="utf-8", errors="surrogatepass") or "x"


def _check(response, what):
    if response.status_code >= 500 and not _readiness_answer(response):
        info = getattr(response, "exc_info", None)
        cause = "".join(traceback.format_exception(*info)[-3:]) if info else ""
        pytest.fail(f"{what} answered {response.status_code}\n{cause}")


@ATTACK
@given(data=st.data())
def test_no_form_field_answers_5xx(admin_client, targets, data):
    assert len(targets["forms"]) > 20, "the discovery found too few forms"
    for form in targets["forms"]:
        values = {}
        files = {}
        for name, (kind, value) in form["fields"].items():
            hostile = data.draw(st.booleans(), label=f"attack {name}")
            if kind == "file":
                files[name] = SimpleUploadedFile(
                    data.draw(st.sampled_from(["x.csv", "x.json", "x.xlsx", "x.pdf", "x"])), data.draw(_FILES)
                )
            elif kind in ("checkbox", "radio", "button", "submit") and not hostile:
                values[name] = value or "on"
            else:
                values[name] = data.draw(HOSTILE) if hostile else value
        what = f"{form['method'].upper()} {form['url']} {sorted(values)}"
        if form["method"] == "get":
            response = admin_client.get(f"{form['url']}?{_query(values)}")
        elif files:
            clean = {k: v.encode("utf-8", "replace").decode("utf-8") for k, v in values.items()}
            response = admin_client.post(form["url"], {**clean, **files})
        else:
            body = _query(values)
            response = admin_client.post(form["url"], body, content_type="application/x-www-form-urlencoded")
        _check(response, what)


@ATTACK
@given(data=st.data())
def test_no_page_answers_5xx_to_hostile_query_parameters_or_path_segments(admin_client, targets, data):
    names = targets["get_names"]
    for name, url, kwargs in targets["pages"]:
        params = {n: data.draw(HOSTILE) for n in data.draw(st.lists(st.sampled_from(names), max_size=4))}
        _check(admin_client.get(f"{url}?{_query(params)}"), f"GET {url} {sorted(params)}")
        for key, value in kwargs.items():
            hostile = _segment(data.draw(HOSTILE))
            attacked = url.replace(f"/{value}/", f"/{hostile}/", 1).replace(f".{value}", f".{hostile}", 1)
            _check(admin_client.get(attacked), f"GET {name} with {key}={hostile[:40]}")


@ATTACK
@given(data=st.data())
def test_no_api_parameter_answers_5xx_and_errors_are_json(admin_client, targets, data):
    assert len(targets["api"]) >= 10
    for path, parameters in targets["api"]:
        url, query = path, {}
        for parameter in parameters:
            hostile = data.draw(HOSTILE)
            if parameter["in"] == "path":
                name = parameter["name"]
                value = hostile if data.draw(st.booleans()) else API_PATH_VALUES.get(name, "1")
                url = url.replace("{" + name + "}", _segment(value))
            elif data.draw(st.booleans()):
                query[parameter["name"]] = hostile
        for extra in data.draw(st.lists(st.sampled_from(targets["get_names"]), max_size=3)):
            query[extra] = data.draw(HOSTILE)
        response = admin_client.get(f"{url}?{_query(query)}")
        _check(response, f"GET {url} {sorted(query)}")
        if response.status_code >= 400:
            assert response["Content-Type"].startswith("application/json"), f"GET {url}: not JSON"
            assert "error" in response.json(), f"GET {url}: no error key"


def test_the_discovery_reaches_the_forms_that_broke(targets):
    """The findings of issue 8 are among the discovered targets."""
    found = {(form["method"], form["url"].strip("/").split("/")[0]) for form in targets["forms"]}
    assert ("post", "w") in found  # the participant's note, sorting and dot forms
    assert ("post", "workshoppar") in found  # the facilitator's buttons
    assert any(form["url"] == "/kartlaggning/import/" for form in targets["forms"])
    assert {"/api/values", "/api/indicators", "/api/mapping/items"} <= {path for path, _ in targets["api"]}
