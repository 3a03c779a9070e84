"""The one rule for who may change what (regions/permissions.py)."""

import pytest

from kunskapsnod.accounts.models import Role
from kunskapsnod.accounts.services import create_user
from kunskapsnod.regions.models import Organisation, OrganisationKind
from kunskapsnod.regions.permissions import can_change, can_write_anything, writable_organisations


@pytest.mark.parametrize(
    ("persona", "slug", "allowed"),
    [
        ("boras_editor", "boras", True),
        ("boras_editor", "mark", False),
        ("boras_editor", "sjuharad", False),
        ("boras_reader", "boras", False),
        ("mark_editor", "mark", True),
        ("mark_editor", "boras", False),
        ("sjuharad_staff", "boras", True),
        ("sjuharad_staff", "mark", True),
        ("sjuharad_staff", "sjuharad", True),
        ("sjuharad_staff", "harryda", False),
        ("sjuharad_staff", "goteborgsregionen", False),
        ("gr_staff", "kungsbacka", True),
        ("gr_staff", "boras", False),
        ("administrator", "harryda", True),
        ("administrator", "riket", True),
    ],
)
def test_it_scopes_changes_by_organisation_and_role(personas, org, persona, slug, allowed):
    assert can_change(personas[persona], org(slug)) is allowed


def test_an_editor_may_change_organisations_under_their_own(boras_editor, org):
    school = Organisation.objects.create(
        name="Sjöboskolan", slug="sjoboskolan", kind=OrganisationKind.SCHOOL, parent=org("boras")
    )
    assert can_change(boras_editor, school)


def test_node_staff_may_change_actors_under_member_municipalities(sjuharad_staff, gr_staff, org):
    health = Organisation.objects.create(
        name="Elevhälsan Mark", slug="elevhalsan-mark", kind=OrganisationKind.STUDENT_HEALTH, parent=org("mark")
    )
    assert can_change(sjuharad_staff, health)
    assert not can_change(gr_staff, health)


def test_a_reader_may_change_nothing(boras_reader):
    assert not can_write_anything(boras_reader)
    assert not writable_organisations(boras_reader).exists()


def test_a_deactivated_editor_may_change_nothing(boras_editor, org):
    boras_editor.is_active = False
    boras_editor.save()
    assert not can_change(boras_editor, org("boras"))


def test_an_anonymous_visitor_may_change_nothing(org):
    from django.contrib.auth.models import AnonymousUser

    assert not can_change(AnonymousUser(), org("boras"))


def test_only_an_administrator_may_change_data_without_an_organisation(boras_editor, administrator):
    assert not can_change(boras_editor, None)
    assert can_change(administrator, None)


def test_the_database_refuses_a_non_administrator_without_organisation(regions):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        create_user(username="nobody", password="x" * 12, role=Role.EDITOR, organisation=None)


def test_node_staff_write_scope_is_the_association_and_its_members(sjuharad_staff):
    slugs = set(writable_organisations(sjuharad_staff).values_list("slug", flat=True))
    assert slugs == {
        "sjuharad",
        "bollebygd",
        "boras",
        "herrljunga",
        "mark",
        "svenljunga",
        "tranemo",
        "ulricehamn",
        "vargarda",
    }
