from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    """Swedish unless the user chose another language with the language form.

    Django's LocaleMiddleware would follow the browser's Accept-Language and show most
    visitors English; the platform speaks Swedish, and English is an explicit choice."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The strict policy everywhere, except that Django's admin may use inline styles:
    its autocomplete and selector widgets set style attributes we cannot change. Scripts
    stay 'self' only there too."""

    ADMIN_UPDATE = {"style-src": ["'unsafe-inline'"]}

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path.startswith("/admin/"):
            parts.update = {**(parts.update or {}), **self.ADMIN_UPDATE}
        return parts
