"""TOTP is required for the youth module: enrolment with a QR code, a verified session
mark that expires, codes that work once, and no way around it."""

import re
import time

import pyotp
import pytest
from django.urls import reverse

from kunskapsnod.youth import otp
from kunskapsnod.youth.models import TotpDevice


def _secret(page: str) -> str:
    return re.search(r'class="youth-secret">([A-Z2-7]+)<', page).group(1)


def test_it_sends_an_unverified_coordinator_to_enrolment_then_opens_the_module(client, gbg_coordinator):
    client.force_login(gbg_coordinator)
    response = client.get(reverse("youth:people"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("youth:otp_setup"))
    page = client.get(response["Location"]).content.decode()
    assert 'src="data:image/svg+xml' in page  # the QR code, an image the CSP allows
    code = pyotp.TOTP(_secret(page)).now()
    done = client.post(reverse("youth:otp_setup"), {"code": code, "next": reverse("youth:people")})
    assert done.status_code == 302 and done["Location"] == reverse("youth:people")
    assert client.get(reverse("youth:people")).status_code == 200
    assert TotpDevice.objects.get(user=gbg_coordinator).confirmed


def test_it_refuses_a_wrong_code_and_a_code_used_twice(client, gbg_coordinator):
    client.force_login(gbg_coordinator)
    secret = _secret(client.get(reverse("youth:otp_setup")).content.decode())
    assert client.post(reverse("youth:otp_setup"), {"code": "000000"}).status_code == 400
    code = pyotp.TOTP(secret).now()
    assert client.post(reverse("youth:otp_setup"), {"code": code}).status_code == 302
    client.logout()
    client.force_login(gbg_coordinator)
    assert client.post(reverse("youth:otp_verify"), {"code": code}).status_code == 400  # replayed
    assert client.get(reverse("youth:people")).status_code == 302


def test_the_verification_expires(client, gbg_coordinator, settings):
    client.force_login(gbg_coordinator)
    session = client.session
    session[otp.SESSION_KEY] = time.time() - settings.KUNSKAPSNOD_YOUTH_OTP_MINUTES * 60 - 1
    session.save()
    assert client.get(reverse("youth:people")).status_code == 302
    assert client.get("/api/youth/people").status_code == 403


def test_the_secret_is_stored_encrypted(client, gbg_coordinator):
    client.force_login(gbg_coordinator)
    secret = _secret(client.get(reverse("youth:otp_setup")).content.decode())
    assert secret not in TotpDevice.objects.get(user=gbg_coordinator).secret_encrypted


@pytest.mark.parametrize("url", ["/unga/", "/unga/personer/", "/api/youth/people"])
def test_a_visitor_never_sees_the_module(client, regions, url):
    response = client.get(url)
    assert response.status_code in (302, 401)
    assert response.get("Location", reverse("accounts:login")).startswith(reverse("accounts:login"))


def test_switched_off_the_module_answers_404_and_leaves_the_menu(client, gbg_coordinator, verified, settings):
    verified(client, gbg_coordinator)
    assert "Individuppföljning" in client.get("/").content.decode()
    settings.KUNSKAPSNOD_YOUTH = False
    assert client.get(reverse("youth:people")).status_code == 404
    assert client.get("/api/youth/people").status_code == 404
    assert "Individuppföljning" not in client.get("/").content.decode()


def test_the_menu_shows_the_module_only_to_those_who_may_use_it(client, gbg_coordinator, boras_reader):
    client.force_login(boras_reader)
    assert "Individuppföljning" not in client.get("/").content.decode()
    client.force_login(gbg_coordinator)
    assert "Individuppföljning" in client.get("/").content.decode()
