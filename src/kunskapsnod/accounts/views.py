from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from kunskapsnod.accounts.activity import describe
from kunskapsnod.accounts.forms import AuditFilterForm
from kunskapsnod.accounts.services import audit_entries
from kunskapsnod.regions.permissions import require_administrator


def audit_log(request):
    require_administrator(request.user, message=_("Bara administratörer ser granskningsloggen."))
    form = AuditFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "actor_id": data["actor"].pk if data["actor"] else None,
            "model": data["model"] or None,
            "action": data["action"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
    page = Paginator(audit_entries(**filters), 50).get_page(request.GET.get("sida"))
    template = "accounts/audit_log.html#results" if request.htmx else "accounts/audit_log.html"
    return render(request, template, {"form": form, "page": page, "events": describe(page)})


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Du är utloggad."))
        return response
