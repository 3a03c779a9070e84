"""Logging in and out, password change and reset, lockout, hashing."""

import re

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.urls import reverse

from personas import PASSWORD


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_every_page_but_login_sends_an_anonymous_visitor_to_log_in(client, regions):
    response = client.get("/kommun/boras/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_user_logs_in_and_lands_on_the_start_page(client, boras_editor):
    response = _login(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    page = client.get(reverse("home")).text
    assert "Översikt: Boråsregionen Sjuhärad" in page
    assert "Mark" in page


def test_a_wrong_password_gets_a_message_in_swedish(client, boras_editor):
    response = _login(client, "alice", "fel")
    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in response.text


def test_it_locks_out_after_five_failed_logins_even_for_the_right_password(client, boras_editor):
    for _ in range(5):
        _login(client, "alice", "fel-lösenord")
    response = _login(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert "tillfälligt låst" in response.text
    assert "_auth_user_id" not in client.session


def test_logout_needs_post_and_ends_the_session(client, boras_editor):
    client.force_login(boras_editor)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("home")).status_code == 302


def test_passwords_are_hashed_with_argon2(boras_editor):
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
        boras_editor.set_password("ett-nytt-långt-lösen")
    assert identify_hasher(boras_editor.password).algorithm == "argon2"


def test_production_settings_hash_with_argon2_first():
    from kunskapsnod import settings

    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_a_user_changes_their_password(client, boras_editor):
    client.force_login(boras_editor)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "ny-lösenfras-för-borås",
            "new_password2": "ny-lösenfras-för-borås",
        },
    )
    assert response.status_code == 302
    boras_editor.refresh_from_db()
    assert boras_editor.check_password("ny-lösenfras-för-borås")


def test_a_weak_new_password_is_refused(client, boras_editor):
    client.force_login(boras_editor)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )
    assert response.status_code == 200
    boras_editor.refresh_from_db()
    assert boras_editor.check_password(PASSWORD)


def test_a_forgotten_password_is_reset_through_an_emailed_link(client, boras_editor):
    client.post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/konto/aterstall/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": "återställd-fras-2026", "new_password2": "återställd-fras-2026"})
    assert response.status_code == 302
    boras_editor.refresh_from_db()
    assert boras_editor.check_password("återställd-fras-2026")


def test_a_reset_for_an_unknown_address_reveals_nothing(client, regions):
    response = client.post(reverse("accounts:password_reset"), {"email": "okand@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.parametrize("url", ["/", "/kommun/boras/", "/moten/", "/organisering/"])
def test_pages_are_in_swedish_and_english_on_request(client, boras_reader, url):
    client.force_login(boras_reader)
    assert 'lang="sv"' in client.get(url).text
    client.post(reverse("set_language"), {"language": "en", "next": url})
    page = client.get(url).text
    assert 'lang="en"' in page
    assert "Skip to content" in page


def test_the_start_page_counts_the_associations_meetings_of_the_last_year(client, sjuharad_staff, org):
    import datetime

    from kunskapsnod.regions.models import Meeting

    Meeting.objects.create(date=datetime.date.today(), topic="Dialogmöte", organiser=org("mark"))
    Meeting.objects.create(date=datetime.date.today(), topic="Annat förbund", organiser=org("harryda"))
    client.force_login(sjuharad_staff)
    response = client.get(reverse("home"))
    assert response.context["meetings"].meetings == 1
    assert "Möten senaste året" in response.text


def test_swedish_is_the_default_whatever_the_browser_prefers(client, boras_reader):
    client.force_login(boras_reader)
    page = client.get(reverse("home"), headers={"Accept-Language": "en-US,en;q=0.9"}).text
    assert 'lang="sv"' in page
    assert "Hoppa till innehållet" in page


def test_logging_out_says_so(client, boras_editor):
    client.force_login(boras_editor)
    response = client.post(reverse("accounts:logout"), follow=True)
    assert "Du är utloggad" in response.text
