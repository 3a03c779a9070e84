"""The password-reset request, rate-limited per address and per client.

30 requests for one address in a row each sent a mail (issue 8). Now at most
settings.PASSWORD_RESET_PER_ADDRESS mails go to one address and
settings.PASSWORD_RESET_PER_CLIENT requests are served for one client IP per hour; past
that the same neutral "if the address is known, a mail is on its way" page answers, so the
limit reveals neither whether an address has an account nor that it was reached."""

import logging

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect

from kunskapsnod.accounts import throttle

logger = logging.getLogger(__name__)
SCOPE = "password-reset"


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        limits = [
            (form.cleaned_data["email"], settings.PASSWORD_RESET_PER_ADDRESS),
            (get_client_ip_address(self.request) or "", settings.PASSWORD_RESET_PER_CLIENT),
        ]
        if throttle.allow(SCOPE, limits):
            return super().form_valid(form)
        logger.warning("Password-reset request refused by the rate limit (client %s)", limits[1][0])
        return HttpResponseRedirect(self.get_success_url())
