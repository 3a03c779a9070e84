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
