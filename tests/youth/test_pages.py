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
        "absence/summary",
        "thresholds",
        "scales",
        f"enrolments/{world['youth_enrolment'].pk}",
        "conflicts",
    ):
        assert client.get(f"/api/youth/{route}").status_code == 200, route
    assert client.get("/api/youth/thresholds").json()[0]["total_percent"] == 10.0
    assert client.get(f"/api/youth/enrolments/{world['youth_enrolment'].pk}").json()["steps"][0]["step"] == "Studier"


HOSTILE = ["", "0", "-1", "99999999999999999999", "abc", "2026-13-45", "' OR 1=1 --", "ÅÄÖ", "[]"]


def test_hostile_parameters_answer_without_an_error(client, gbg_coordinator, gbg_person, verified):
    verified(client, gbg_coordinator)
    failures = []
    for url, names in (
        (reverse("youth:people"), ["q", "sida"]),
        (reverse("youth:dashboard"), ["organisation", "module", "start", "end"]),
        (reverse("youth:kaa_counts"), ["municipality", "year", "half"]),
        (reverse("youth:absence"), ["skola"]),
        ("/api/youth/dashboard", ["organisation", "start", "end", "module"]),
        ("/api/youth/kaa/counts", ["year", "half"]),
        ("/api/youth/people", ["offset"]),
    ):
        for name in names:
            for value in HOSTILE:
                response = client.get(url, {name: value})
                if response.status_code >= 500:
                    failures.append(f"{url}?{name}={value}: {response.status_code}")
    for value in HOSTILE:
        for url in (reverse("youth:otp_verify"), reverse("youth:thresholds"), reverse("youth:scales")):
            if (
                client.post(url, {"code": value, "school": value, "total_percent": value, "steps": value}).status_code
                >= 500
            ):
                failures.append(f"POST {url} {value}")
    assert failures == []


def test_the_person_page_forms_write_through_the_services(client, gbg_coordinator, gbg_person, verified, org):
    from kunskapsnod.youth.models import Consent, ContactAttempt, Enrolment, Measure, SensitiveNote
    from kunskapsnod.youth.services.progress import save_scale

    scale = save_scale(actor=gbg_coordinator, owner=org("goteborg"), name="Steg", steps=["Ingen", "Kontakt"])
    verified(client, gbg_coordinator)
    pk = gbg_person.pk

    def post(name, data):
        return client.post(reverse(f"youth:{name}", kwargs={"pk": pk}), data, follow=True).content.decode()

    post("kaa_save", {"status": "kontakt", "registered_on": "2026-01-02", "plan": "Plan", "goal": "Mål"})
    post(
        "measure_add",
        {"measure-responsible": "unga", "measure-description": "Söka jobb", "measure-starts_on": "2026-01-03"},
    )
    post("contact_add", {"contact-date": "2026-01-04", "contact-channel": "sms", "contact-reached": "on"})
    refused = post("note_add", {"note-topic": "halsa", "note-text": "Genererad anteckning"})
    assert "inget dokumenterat samtycke" in refused and not SensitiveNote.objects.exists()
    post("consent_add", {"consent-topic": "halsa", "consent-given_on": "2026-01-05", "consent-given_by": "den unga",
                         "consent-documentation": "blankett"})  # fmt: skip
    post("note_add", {"note-topic": "halsa", "note-text": "Genererad anteckning"})
    post("enrol", {"enrol-module": "steg1", "enrol-started_on": "2026-01-06", "enrol-organisation": org("goteborg").pk,
                   "enrol-scale": scale.pk})  # fmt: skip
    gbg_person.kaa.refresh_from_db()
    assert (gbg_person.kaa.status, gbg_person.kaa.plan) == ("kontakt", "Plan")
    assert Measure.objects.get().responsible == "unga" and ContactAttempt.objects.get().reached
    assert Consent.objects.count() == 1 and SensitiveNote.objects.count() == 1 and Enrolment.objects.count() == 1
