"""Every log line is one JSON object with the request's id, which the answer's header and
the error page show too."""

import json
import logging
import logging.config

import pytest
from django.conf import settings as django_settings

ID = "nginx-0123456789abcdef"


@pytest.fixture
def log_lines(tmp_path):
    """The site's own console handler (filter and formatter from settings.LOGGING), writing
    to a file the test reads."""
    config = {**django_settings.LOGGING}
    config["handlers"] = {
        "console": {**config["handlers"]["console"], "class": "logging.FileHandler", "filename": str(tmp_path / "log")}
    }
    config["root"] = {"handlers": ["console"], "level": "INFO"}
    logging.config.dictConfig(config)
    yield lambda: [json.loads(line) for line in (tmp_path / "log").read_text().splitlines()]
    logging.config.dictConfig(django_settings.LOGGING)


def test_a_well_formed_id_from_nginx_is_kept_and_a_malformed_one_replaced(client, db):
    assert client.get("/halsa/", HTTP_X_REQUEST_ID=ID)["X-Request-ID"] == ID
    replaced = client.get("/halsa/", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert replaced != "<script>" and len(replaced) == 32


def test_a_server_error_logs_json_lines_with_the_id_the_error_page_shows(client, db, settings, log_lines):
    settings.ROOT_URLCONF = "operations.failing_urls"
    client.raise_request_exception = False
    answer = client.get("/boom/", HTTP_X_REQUEST_ID=ID)
    assert answer.status_code == 500
    assert f"Ange referensen {ID}" in answer.content.decode()
    lines = log_lines()
    assert {line["request_id"] for line in lines} == {ID}
    assert any(line["level"] == "ERROR" and line["logger"] == "django.request" for line in lines)
    assert any(line["message"] == "about to fail" for line in lines)


def test_the_api_answers_a_server_error_with_the_id(client, db, settings):
    from kunskapsnod.views import server_error

    request = client.get("/halsa/", HTTP_X_REQUEST_ID=ID).wsgi_request
    request.path = "/api/x"
    assert json.loads(server_error(request).content)["request_id"]


def test_a_refusal_page_shows_the_reference(client, boras_reader):
    client.force_login(boras_reader)
    answer = client.get("/drift/", HTTP_X_REQUEST_ID=ID)
    assert answer.status_code == 403
    assert f"Referens: {ID}" in answer.content.decode()
