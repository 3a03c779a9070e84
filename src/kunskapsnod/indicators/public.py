"""Public statistics: Kolada's figures are public data, so the statistics pages, their
downloads and the statistics API may be read without login. Whether they are is one
setting, ``KUNSKAPSNOD_PUBLIC_STATISTICS`` (docs/configuration.md): on in the demo, off by
default, so that an installation publishes only when it decides to.

The mapping, workshops, meetings, people and groups stay behind the login whatever the
setting; so do the staff pages of own indicators."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login


def statistics_are_public() -> bool:
    return bool(getattr(settings, "KUNSKAPSNOD_PUBLIC_STATISTICS", False))


def public_statistics(view):
    """Exempt ``view`` from the site-wide login when statistics are public; without the
    setting a visitor is sent to the login page as on every other page. Read per request,
    so the setting can change without a restart of the URL configuration."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated and not statistics_are_public():
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.public_statistics = True  # tests/test_urls.py: open only for this reason
    return login_not_required(wrapper)


def statistics_api_auth(request):
    """django-ninja ``auth`` of the statistics API: anyone when statistics are public,
    else a signed-in session (401 JSON otherwise)."""
    if statistics_are_public():
        return True
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None
