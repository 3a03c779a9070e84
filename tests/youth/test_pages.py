"""Every page and API route of the module answers its coordinator (no error), and the
pages that show a person say that the read is logged."""

from django.urls import reverse

from urlwalk import url_patterns
from youth_world import MARKER, youth_kwargs, youth_world


def test_every_page_renders_for_the_coordinator(client, gbg_coordinator, org, verified):
    world = youth_world(gbg_coordinator, org("goteborg"))
    verified(client, gbg_coordinator)
    failures = []
    for name, pattern in url_patterns():
        if not name.startswith("youth:") or name in {"youth:grant_revoke", "youth:consent_withdraw"}:
            continue
        url = reverse(name, kwargs=youth_kwargs(name, world) if pattern.pattern.converters else {})
        response = client.get(url, follow=True)
        if response.status_code != 200:
            failures.append(f"{url}: {response.status_code}")
    assert failures == []
    page = client.get(reverse("youth:person", kwargs={"pk": world["youth_person"].pk})).content.decode()
    assert MARKER in page and "loggat" in page
    for route in (
        "people",
        f"people/{world['youth_person'].pk}",
        f"people/{world['youth_person'].pk}/log",
        "flags",
        "kaa/counts",
        "dashboard",
    ):
        assert client.get(f"/api/youth/{route}").status_code == 200, route
