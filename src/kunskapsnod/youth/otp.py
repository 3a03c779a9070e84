"""Strong login for the youth module: TOTP (RFC 6238) codes from an authenticator app,
with pyotp (well kept, no Django app or tables of its own, so the secret can be stored
Fernet-encrypted like the identity numbers, which django-otp's plain hex key is not).

A verified code marks the session for ``KUNSKAPSNOD_YOUTH_OTP_MINUTES``; signing out
flushes the session, and with it the mark. A code is accepted once (``last_step``)."""

from __future__ import annotations

import hmac
import time

import pyotp
import segno
from django.conf import settings
from django.db import transaction

from kunskapsnod.youth.identity import decrypt, encrypt
from kunskapsnod.youth.models import TotpDevice

SESSION_KEY = "youth_otp_verified_at"
ISSUER = "Kunskapsnod"


def device_for(user) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user).first()


def start_enrolment(user) -> TotpDevice:
    """The user's device, with a new secret if they have none yet (the same secret is
    shown until a code from it is proved)."""
    device = device_for(user)
    if device is not None:
        return device
    return TotpDevice.objects.create(user=user, secret_encrypted=encrypt(pyotp.random_base32()))


def provisioning_uri(device: TotpDevice) -> str:
    return pyotp.TOTP(decrypt(device.secret_encrypted)).provisioning_uri(
        name=device.user.get_username(), issuer_name=ISSUER
    )


def qr_svg(device: TotpDevice) -> str:
    """The enrolment QR code as an SVG data URI (the CSP allows data: images)."""
    return segno.make(provisioning_uri(device), error="m").svg_data_uri(scale=5)


def secret_text(device: TotpDevice) -> str:
    return decrypt(device.secret_encrypted)


@transaction.atomic
def verify(request, code: str) -> bool:
    """Check ``code`` against the user's device; on success mark the session."""
    device = TotpDevice.objects.select_for_update().filter(user=request.user).first()
    code = (code or "").strip().replace(" ", "")
    if device is None or not (code.isascii() and code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(decrypt(device.secret_encrypted))
    now = time.time()
    for drift in (-1, 0, 1):  # one step either way for clocks that differ a little
        step = totp.timecode(now) + drift
        if step > device.last_step and hmac.compare_digest(totp.generate_otp(step), code):
            device.last_step = step
            device.confirmed = True
            device.save(update_fields=["last_step", "confirmed"])
            request.session[SESSION_KEY] = now
            return True
    return False


def is_verified(request) -> bool:
    verified_at = request.session.get(SESSION_KEY)
    if not isinstance(verified_at, int | float):
        return False
    return time.time() - verified_at < settings.KUNSKAPSNOD_YOUTH_OTP_MINUTES * 60
