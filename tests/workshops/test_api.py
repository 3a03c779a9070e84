from django.test import Client

from kunskapsnod.workshops import services
from kunskapsnod.workshops.models import Phase


def test_results_json_is_public_after_voting_and_holds_nothing_personal(
    voting_workshop, advance, django_assert_num_queries
):
    participant = services.join_workshop(workshop=voting_workshop, display_name="Hemlig Person")
    for text in ("KAA", "KAA", "Samverkan"):
        services.cast_dot(participant=participant, note_id=voting_workshop.notes.get(text=text).pk)
    advance(voting_workshop, Phase.RESULTS)
    client = Client()
    with django_assert_num_queries(3):
        response = client.get(f"/api/workshops/{voting_workshop.join_code}/results")
    assert response.status_code == 200
    data = response.json()
    assert data["results"] == [
        {"rank": 1, "shared_rank": False, "text": "KAA", "dots": 2, "left_out": False},
        {"rank": 2, "shared_rank": False, "text": "Samverkan", "dots": 1, "left_out": False},
    ]
    assert (data["organisation_kolada_id"], data["participants"], data["phase"]) == ("1490", 2, "results")
    assert "Hemlig" not in response.text
    assert data["saved_at"] is None


def test_results_json_is_refused_before_the_results_phase(voting_workshop):
    response = Client().get(f"/api/workshops/{voting_workshop.join_code}/results")
    assert response.status_code == 409
    assert response.json() == {"error": "Resultatet visas när röstningen är avslutad"}


def test_results_json_for_an_unknown_code(db):
    response = Client().get("/api/workshops/ZZZZZZ/results")
    assert response.status_code == 404
    assert response.json() == {"error": "Det finns ingen workshop med den koden"}


def test_the_results_endpoint_is_in_the_openapi_schema(db):
    schema = Client().get("/api/openapi.json").json()
    assert "/api/workshops/{code}/results" in schema["paths"]


def test_results_json_says_when_the_list_was_saved_and_what_was_left_out(voting_workshop, advance, sjuharad_staff):
    participant = services.join_workshop(workshop=voting_workshop)
    kaa, samverkan = (voting_workshop.notes.get(text=t) for t in ("KAA", "Samverkan"))
    for note in (kaa, samverkan):
        services.cast_dot(participant=participant, note_id=note.pk)
    advance(voting_workshop, Phase.RESULTS)
    services.save_results(actor=sjuharad_staff, workshop=voting_workshop, left_out=[samverkan.pk])
    data = Client().get(f"/api/workshops/{voting_workshop.join_code}/results").json()
    assert data["saved_at"] is not None
    assert [(r["text"], r["left_out"]) for r in data["results"]] == [("Samverkan", True), ("KAA", False)]
