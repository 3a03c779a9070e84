"""The JSON API (django-ninja; OpenAPI schema at /api/openapi.json, docs at /api/docs).

Each app contributes a router from its own ``api.py``. The API is read-only. Its views are
exempt from the site-wide login redirect so that every answer is JSON; the routers over
public data (the organisation hierarchy, a workshop's results to whoever holds its join
code) need no login, the statistics need none when KUNSKAPSNOD_PUBLIC_STATISTICS is on,
while the node's own mapping needs a signed-in session; the others answer 401."""

import json
import logging

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import django_auth

from kunskapsnod.followup.api import router as followup_router
from kunskapsnod.indicators.api import router as indicators_router
from kunskapsnod.indicators.public import statistics_api_auth
from kunskapsnod.knowledge.api import router as knowledge_router
from kunskapsnod.mapping.api import router as mapping_router
from kunskapsnod.operations.api import router as operations_router
from kunskapsnod.regions.api import router as regions_router
from kunskapsnod.search.api import router as search_router
from kunskapsnod.surveys.api import router as surveys_router
from kunskapsnod.text import clean_data
from kunskapsnod.workshops.api import router as workshops_router
from kunskapsnod.youth.api import router as youth_router

logger = logging.getLogger(__name__)


class CleanParser(Parser):
    """JSON bodies as the forms' values: without control characters (kunskapsnod.text),
    and too deep a nesting is a bad request, not a crash."""

    def parse_body(self, request):
        try:
            return clean_data(json.loads(request.body))
        except RecursionError:
            raise HttpError(400, "JSON-dokumentet är för djupt nästlat") from None


class PublicAPI(NinjaAPI):
    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if pattern.callback is not None:
                login_not_required(pattern.callback)
        return patterns, app_name, namespace


api = PublicAPI(
    title="Kunskapsnod API",
    version="1",
    description='Read-only JSON over the platform\'s data. Every error is {"error": "..."}.',
    urls_namespace="api",
    parser=CleanParser(),
)
api.add_router("", regions_router)
api.add_router("", indicators_router, auth=statistics_api_auth)
api.add_router("", mapping_router, auth=django_auth)
api.add_router("", workshops_router)
# The knowledge bank answers everyone, each caller only what they may read (published
# entries for visitors).
api.add_router("", knowledge_router)
api.add_router("", followup_router, auth=django_auth)
# Search answers everyone, each caller only what they may read (kunskapsnod/search/query.py).
api.add_router("", search_router)
# Surveys: signed-in users (respondents answer through the HTML form, never the API).
api.add_router("", surveys_router, auth=django_auth)
# Personal data: a coordinator grant and a TOTP-verified session (kunskapsnod/youth/gate.py).
api.add_router("", youth_router, auth=django_auth)
api.add_router("", operations_router)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(request, {"error": "Logga in för att läsa detta"}, status=401)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"error": str(exc) or "Du har inte behörighet"}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"error": str(exc) or "Hittades inte"}, status=404)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return api.create_response(request, {"error": "Ogiltig förfrågan", "detail": exc.errors}, status=422)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return api.create_response(request, {"error": str(exc)}, status=exc.status_code)


@api.exception_handler(Exception)
def _server_error(request, exc):
    """Whatever else goes wrong still answers the documented JSON, never Django's HTML
    500 page; the traceback goes to the log."""
    logger.exception("API error on %s %s", request.method, request.get_full_path())
    return api.create_response(request, {"error": "Ett oväntat fel uppstod. Felet är loggat."}, status=500)
