"""Groups, networks and the officials in them."""

import pytest
from django.urls import reverse

from kunskapsnod.regions.models import Group, GroupKind, Organisation, Person


@pytest.fixture
def anna(org):
    return Person.objects.create(name="Anna Andersson", title="Rektor", organisation=org("boras"))


def test_node_staff_create_a_network_with_members(client, sjuharad_staff, org, anna):
    client.force_login(sjuharad_staff)
    response = client.post(
        reverse("regions:group_create"),
        {"name": "Skolchefsnätverket", "kind": GroupKind.NETWORK, "owner": org("sjuharad").pk, "members": [anna.pk]},
    )
    assert response.status_code == 302
    group = Group.objects.get(name="Skolchefsnätverket")
    assert list(group.members.all()) == [anna]
    page = client.get(reverse("regions:groups")).text
    assert "Skolchefsnätverket" in page
    assert "Anna Andersson" in page


def test_an_editor_cannot_create_a_group_owned_by_the_association(client, boras_editor, org):
    client.force_login(boras_editor)
    response = client.post(
        reverse("regions:group_create"), {"name": "Kapad", "kind": GroupKind.STEERING, "owner": org("sjuharad").pk}
    )
    assert response.status_code == 200
    assert not Group.objects.filter(name="Kapad").exists()


@pytest.mark.parametrize(
    ("persona", "allowed"), [("gr_staff", False), ("boras_editor", False), ("sjuharad_staff", True)]
)
def test_it_guards_editing_a_sjuharad_group(client, personas, org, persona, allowed):
    group = Group.objects.create(name="Styrgrupp", kind=GroupKind.STEERING, owner=org("sjuharad"))
    client.force_login(personas[persona])
    response = client.post(
        reverse("regions:group_edit", args=[group.pk]),
        {"name": "Ändrad", "kind": GroupKind.STEERING, "owner": org("sjuharad").pk},
    )
    group.refresh_from_db()
    assert (group.name == "Ändrad") is allowed
    assert response.status_code == (302 if allowed else 404)


def test_a_reader_is_refused_the_create_forms(client, boras_reader):
    client.force_login(boras_reader)
    assert client.get(reverse("regions:group_create")).status_code == 403
    assert client.get(reverse("regions:person_create")).status_code == 403


def test_an_editor_registers_an_official_of_their_own_municipality(client, boras_editor, org):
    client.force_login(boras_editor)
    response = client.post(
        reverse("regions:person_create"), {"name": "Bo Berg", "title": "Kurator", "organisation": org("boras").pk}
    )
    assert response.status_code == 302
    assert Person.objects.get(name="Bo Berg").organisation == org("boras")


def test_an_editor_cannot_edit_another_municipalitys_official(client, mark_editor, anna):
    client.force_login(mark_editor)
    response = client.post(
        reverse("regions:person_edit", args=[anna.pk]), {"name": "Kapad", "organisation": anna.organisation_id}
    )
    assert response.status_code == 404
    anna.refresh_from_db()
    assert anna.name == "Anna Andersson"


def test_the_people_list_offers_editing_only_where_allowed(client, mark_editor, anna, org):
    Person.objects.create(name="Maria Mark", organisation=org("mark"))
    client.force_login(mark_editor)
    page = client.get(reverse("regions:people")).text
    assert reverse("regions:person_edit", args=[anna.pk]) not in page
    assert "Maria Mark" in page
    assert page.count("/redigera/") == 1


def test_an_editor_registers_a_school_in_their_municipality(client, boras_editor, org):
    client.force_login(boras_editor)
    response = client.post(
        reverse("regions:actor_create"), {"name": "Sjöboskolan", "kind": "skola", "parent": org("boras").pk}
    )
    school = Organisation.objects.get(name="Sjöboskolan")
    assert response["Location"] == school.get_absolute_url()
    assert (school.parent, school.slug) == (org("boras"), "sjoboskolan")
    assert "Sjöboskolan" in client.get("/kommun/boras/").text


def test_an_editor_cannot_register_an_actor_under_another_municipality(client, boras_editor, org):
    client.force_login(boras_editor)
    response = client.post(
        reverse("regions:actor_create"), {"name": "Kapad", "kind": "skola", "parent": org("mark").pk}
    )
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="Kapad").exists()


def test_municipalities_cannot_be_created_as_actors(client, administrator, org):
    client.force_login(administrator)
    client.post(reverse("regions:actor_create"), {"name": "Nykommun", "kind": "kommun", "parent": org("boras").pk})
    assert not Organisation.objects.filter(name="Nykommun").exists()


def test_two_actors_with_the_same_name_get_distinct_addresses(client, sjuharad_staff, org):
    client.force_login(sjuharad_staff)
    for parent in ("boras", "mark"):
        client.post(
            reverse("regions:actor_create"), {"name": "Elevhälsan", "kind": "elevhalsa", "parent": org(parent).pk}
        )
    assert sorted(Organisation.objects.filter(name="Elevhälsan").values_list("slug", flat=True)) == [
        "elevhalsan",
        "elevhalsan-2",
    ]
