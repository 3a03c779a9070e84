"""Password reset is rate-limited per address and per client (issue 8: 30 resets for one
address in a row were all accepted), answering the same neutral page either way."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from kunskapsnod.accounts.models import Role, ThrottleEvent
from kunskapsnod.accounts.services import create_user

URL = reverse("accounts:password_reset")
DONE = reverse("accounts:password_reset_done")


def _request(email, ip="192.0.2.10"):
    return Client(REMOTE_ADDR=ip).post(URL, {"email": email})


def test_thirty_resets_for_one_address_send_three_mails_and_all_look_the_same(boras_editor):
    responses = [_request(boras_editor.email) for _ in range(30)]
    assert {(r.status_code, r["Location"]) for r in responses} == {(302, DONE)}
    assert len(mail.outbox) == 3


def test_an_unknown_address_gets_the_same_answer_before_and_after_the_limit(regions):
    responses = [_request("finns.inte@example.org") for _ in range(5)]
    assert {(r.status_code, r["Location"]) for r in responses} == {(302, DONE)}
    assert mail.outbox == []


def test_one_client_may_ask_for_ten_addresses_an_hour(org):
    users = [
        create_user(
            username=f"u{n}", password="x" * 12, role=Role.READER, organisation=org("boras"), email=f"u{n}@ex.org"
        )
        for n in range(12)
    ]
    for user in users:
        _request(user.email, ip="198.51.100.7")
    assert len(mail.outbox) == 10
    _request(users[-1].email, ip="198.51.100.8")  # another client
    assert len(mail.outbox) == 11


def test_the_limit_lifts_after_an_hour(boras_editor):
    for _ in range(4):
        _request(boras_editor.email)
    assert len(mail.outbox) == 3
    ThrottleEvent.objects.update(created_at=ThrottleEvent.objects.first().created_at - datetime.timedelta(hours=1))
    _request(boras_editor.email)
    assert len(mail.outbox) == 4


def test_the_counts_hold_no_address(boras_editor):
    _request(boras_editor.email)
    keys = " ".join(ThrottleEvent.objects.values_list("key", flat=True))
    assert "alice" not in keys and "example" not in keys and "192.0.2" not in keys


@pytest.mark.parametrize("settings_name", ["PASSWORD_RESET_PER_ADDRESS", "PASSWORD_RESET_PER_CLIENT"])
def test_the_limits_are_settings(settings, boras_editor, settings_name):
    setattr(settings, settings_name, 1)
    _request(boras_editor.email)
    _request(boras_editor.email)
    assert len(mail.outbox) == 1
