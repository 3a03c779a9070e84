"""The door of the youth module, the same for every page and API route: the module is
switched on (else 404), the user may use it (a coordinator grant, or node staff for the
aggregates; else 403) and has proved a TOTP code recently (else to the code page).
Signing in is already required by the site's LoginRequiredMiddleware."""

from __future__ import annotations

import functools
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from kunskapsnod.regions.permissions import PermissionDenied
from kunskapsnod.youth import menu, otp
from kunskapsnod.youth.access import may_use_module, module_enabled


def check_module(request) -> None:
    if not module_enabled():
        raise Http404("Sidan finns inte")
    allowed = may_use_module(request.user)
    request.session[menu.SESSION_KEY] = allowed
    if not allowed:
        raise PermissionDenied(
            _("Individuppföljningen är öppen för kommunens ungdomssamordnare (och nodpersonal för sammanställningar).")
        )


def module_page(view):
    """Open to users of the module, before TOTP (the enrolment and code pages)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        check_module(request)
        return view(request, *args, **kwargs)

    return wrapper


def protected_page(view):
    """A page of the module: users of the module with a recent TOTP code."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        check_module(request)
        if not otp.is_verified(request):
            target = "youth:otp_verify" if _has_device(request.user) else "youth:otp_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper


def check_api(request) -> None:
    """The API's door: as the pages', but answering 403 instead of sending to the code page."""
    check_module(request)
    if not otp.is_verified(request):
        raise PermissionDenied(_("Verifiera dig med en engångskod (TOTP) i individuppföljningen först."))


def _has_device(user) -> bool:
    device = otp.device_for(user)
    return device is not None and device.confirmed
