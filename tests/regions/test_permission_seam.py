"""The one permission seam (regions/permissions.py): one refusal, one styled 403, one
"get for this user or 404", organisations by slug or Kolada id, and the admin bound by the
same rule. The architecture tests fail when an app grows its own shape again."""

import ast
import datetime
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core import exceptions
from django.http import Http404
from django.test import RequestFactory

import kunskapsnod
from kunskapsnod.accounts.models import Role
from kunskapsnod.api import api
from kunskapsnod.regions.models import NODE_STAFF_ROLE, READER_ROLE, Meeting, Organisation
from kunskapsnod.regions.permissions import (
    PermissionDenied,
    get_for_user_or_404,
    get_organisation_or_404,
    require_change,
)
from kunskapsnod.regions.services import save_meeting

SRC = Path(kunskapsnod.__file__).parent
SEAM = SRC / "regions" / "permissions.py"


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_the_refusal_is_djangos_so_every_view_answers_it_alike():
    assert issubclass(PermissionDenied, exceptions.PermissionDenied)


def test_the_rule_reads_the_role_values_accounts_defines():
    assert READER_ROLE == Role.READER
    assert NODE_STAFF_ROLE == Role.NODE_STAFF


def test_require_change_names_the_data_and_the_organisation(boras_editor, org):
    require_change(boras_editor, org("boras"), what="mötet")
    with pytest.raises(PermissionDenied, match="Du får inte ändra mötet för Mark"):
        require_change(boras_editor, org("mark"), what="mötet")


def test_nothing_that_belongs_to_no_organisation_is_changed_but_by_administrators(sjuharad_staff, administrator):
    with pytest.raises(PermissionDenied, match="Bara administratörer"):
        require_change(sjuharad_staff, None)
    require_change(administrator, None)


def test_a_foreign_object_and_a_missing_one_look_the_same(boras_editor, administrator, org):
    meeting = save_meeting(
        actor=administrator, meeting=Meeting(date=datetime.date(2026, 3, 4), topic="Nätverk", organiser=org("mark"))
    )
    queryset = Meeting.objects.all()
    assert get_for_user_or_404(boras_editor, queryset, pk=meeting.pk) == meeting
    with pytest.raises(Http404) as foreign:
        get_for_user_or_404(boras_editor, queryset, write=True, owner="organiser", pk=meeting.pk)
    with pytest.raises(Http404) as missing:
        get_for_user_or_404(boras_editor, queryset, write=True, owner="organiser", pk=meeting.pk + 1000)
    assert str(foreign.value) == str(missing.value)


@pytest.mark.parametrize("key", ["boras", "1490"])
def test_an_organisation_is_found_by_slug_or_kolada_id(regions, key):
    assert get_organisation_or_404(key, kind="kommun").name == "Borås"


@pytest.mark.parametrize("key", ["9999", "ingen-kommun", "1490x", "١٤٩٠"])
def test_an_unknown_key_is_404(regions, key):
    with pytest.raises(Http404):
        get_organisation_or_404(key)


def test_the_municipality_page_answers_to_its_kolada_id(client, boras_reader):
    client.force_login(boras_reader)
    response = client.get("/kommun/1490/", follow=True)
    assert response.redirect_chain == [("/kommun/boras/", 302)]  # to the page's one address
    assert "<h1>Borås" in response.text.replace("\n", "")


@pytest.mark.parametrize(
    "url", ["/workshoppar/ny/", "/moten/nytt/", "/organisering/aktorer/ny/", "/kartlaggning/import/"]
)
def test_a_forbidden_page_is_the_one_styled_403(client, boras_reader, url):
    client.force_login(boras_reader)
    response = client.get(url)
    assert response.status_code == 403
    assert "Ingen behörighet" in response.text
    assert 'id="main"' in response.text or "<main" in response.text  # inside the site's layout


def test_the_api_answers_a_refusal_as_json():
    request = RequestFactory().get("/api/x")
    response = api.on_exception(request, PermissionDenied("Du får inte ändra detta."))
    assert response.status_code == 403
    assert json.loads(response.content) == {"error": "Du får inte ändra detta."}


# --- the admin obeys the rule -----------------------------------------------------------


@pytest.fixture
def staff_editor(boras_editor):
    """A Borås editor who was (wrongly, say) given the admin and every model permission:
    the rule still decides which objects they may change there."""
    boras_editor.is_staff = True
    boras_editor.save()
    boras_editor.user_permissions.set(Permission.objects.filter(content_type__app_label="regions"))
    return boras_editor


def test_the_admin_does_not_let_an_editor_change_another_municipalitys_meeting(
    client, staff_editor, administrator, org
):
    meeting = save_meeting(
        actor=administrator, meeting=Meeting(date=datetime.date(2026, 3, 4), topic="Mark", organiser=org("mark"))
    )
    client.force_login(staff_editor)
    response = client.post(
        f"/admin/regions/meeting/{meeting.pk}/change/",
        {"date": "2026-03-05", "topic": "Kapat", "organiser": org("boras").pk, "participant_count": ""},
    )
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert (meeting.topic, meeting.organiser) == ("Mark", org("mark"))
    assert client.post(f"/admin/regions/meeting/{meeting.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_the_admin_saves_through_the_service_that_checks_the_new_owner(staff_editor, org):
    from django.contrib import admin

    from kunskapsnod.regions.admin import MeetingAdmin

    request = RequestFactory().post("/admin/")
    request.user = staff_editor
    meeting = Meeting(date=datetime.date(2026, 3, 4), topic="Flyttat", organiser=org("mark"))
    with pytest.raises(PermissionDenied):
        MeetingAdmin(Meeting, admin.site).save_model(request, meeting, form=None, change=False)
    assert not Meeting.objects.filter(topic="Flyttat").exists()


# --- architecture: one seam, no second shape --------------------------------------------


def test_only_the_seam_defines_a_refusal():
    offenders = []
    for path, tree in _modules():
        classes = [node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
        for node in classes:
            if path != SEAM and (node.name in {"NotAllowed", "Forbidden"} or "Denied" in node.name):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno} class {node.name}")
    assert offenders == []


def test_no_view_answers_a_bare_403():
    offenders = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
            if name == "HttpResponseForbidden":
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
            is_403 = isinstance(node, ast.keyword) and node.arg == "status" and ast.unparse(node.value) == "403"
            if is_403 and path.name != "api.py":
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno} status=403")
    assert offenders == []


def _runtime_imports(tree):
    """Imports outside ``if TYPE_CHECKING:`` blocks."""
    type_only = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_only.update(id(child) for child in ast.walk(node))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and id(node) not in type_only:
            yield node.module or ""
        elif isinstance(node, ast.Import) and id(node) not in type_only:
            yield from (alias.name for alias in node.names)


def test_the_regions_app_never_imports_accounts():
    offenders = [
        f"{path.relative_to(SRC)}: {module}"
        for path, tree in _modules()
        if "regions" in path.relative_to(SRC).parts
        for module in _runtime_imports(tree)
        if module.startswith("kunskapsnod.accounts")
    ]
    assert offenders == []


def test_organisations_are_read_through_the_queryset_vocabulary(regions):
    assert set(Organisation.objects.by_key("1490")) == {Organisation.objects.get(slug="boras")}
    assert Organisation.objects.writable_by(type("Anonymous", (), {"is_authenticated": False})()).count() == 0


def test_a_refused_form_post_without_csrf_token_is_styled_too(boras_editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(boras_editor)
    response = client.post("/moten/nytt/", {"topic": "x"})
    assert response.status_code == 403
    assert "Formuläret kunde inte skickas" in response.text
    assert "<main" in response.text
