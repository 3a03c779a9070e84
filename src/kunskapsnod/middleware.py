from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import QueryDict
from django.utils import translation

from kunskapsnod.text import clean_text, has_unwanted


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


class CleanTextMiddleware:
    """Control characters (other than tab, newline and carriage return) never reach a
    view: every GET parameter and every form field of a POST is cleaned here, once, so no
    form, view, admin page or API parameter can store one, whether or not it uses a Form
    (the workshop's participant pages read request.POST directly). One vertical tab in an
    anonymous note made every Excel export answer 500 (issue 8). Files are the importers'
    business: each cleans its text fields with the same kunskapsnod.text.clean_text."""

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _cleaned(request.GET)
        if request.method == "POST" and request.content_type in self.FORM_TYPES:
            request.POST = _cleaned(request.POST)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """The URL's own parts too (a join code, an indicator code): PostgreSQL refuses a
        lookup with NUL in it. Django passes these very containers to the view."""
        for key, value in view_kwargs.items():
            if isinstance(value, str):
                view_kwargs[key] = clean_text(value)
        return None


def _cleaned(data: QueryDict) -> QueryDict:
    if not any(has_unwanted(key) or any(has_unwanted(v) for v in values) for key, values in data.lists()):
        return data
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(clean_text(key), [clean_text(v) for v in values])
    cleaned._mutable = False
    return cleaned
