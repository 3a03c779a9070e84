"""The JSON API (django-ninja; OpenAPI schema at /api/openapi.json, docs at /api/docs).

Each app contributes a router from its own ``api.py``. The API is read-only and serves
public data, so its views are exempt from the site-wide login requirement."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from kunskapsnod.indicators.api import router as indicators_router
from kunskapsnod.mapping.api import router as mapping_router
from kunskapsnod.regions.api import router as regions_router
from kunskapsnod.workshops.api import router as workshops_router


class PublicAPI(NinjaAPI):
    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            login_not_required(pattern.callback)
        return patterns, app_name, namespace


api = PublicAPI(
    title="Kunskapsnod API",
    version="1",
    description='Read-only JSON over the platform\'s data. Every error is {"error": "..."}.',
    urls_namespace="api",
)
api.add_router("", regions_router)
api.add_router("", indicators_router)
api.add_router("", mapping_router)
api.add_router("", workshops_router)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"error": str(exc) or "Hittades inte"}, status=404)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return api.create_response(request, {"error": "Ogiltig förfrågan", "detail": exc.errors}, status=422)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return api.create_response(request, {"error": str(exc)}, status=exc.status_code)
