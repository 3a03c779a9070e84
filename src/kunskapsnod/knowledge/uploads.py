"""The file name a browser really sent.

Django's multipart parser cuts an uploaded file's name to its last path part
(``../../etc/passwd.pdf`` arrives as ``passwd.pdf``), which keeps the name harmless but
also hides that someone tried. The attachment view refuses such a name with a message
instead of silently accepting a renamed file, so uploads are parsed with
:class:`RawNameParser`, which remembers each name as sent (as ``raw_name`` on the
uploaded file). The parser must be in place before anything reads ``request.POST`` (the
CSRF check and the text-cleaning middleware do), hence :class:`RawFileNameMiddleware`,
listed early in ``MIDDLEWARE``. Without it uploads still work: the names are then the
ones Django already cut to their last part.
"""

import types

from django.http.multipartparser import MultiPartParser


class RawNameParser(MultiPartParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.raw_names: dict[str, str] = {}

    def sanitize_file_name(self, file_name):
        safe = super().sanitize_file_name(file_name)
        if safe is not None and ("/" in file_name or "\\" in file_name):
            self.raw_names[safe] = file_name
        return safe


def keep_raw_file_names(request) -> None:
    """Parse ``request``'s upload with :class:`RawNameParser`; afterwards every uploaded
    file has ``raw_name``, the name as sent."""

    def parse_file_upload(self, META, post_data):
        parser = RawNameParser(META, post_data, self.upload_handlers, self.encoding)
        post, files = parser.parse()
        for _field, uploaded in files.lists():
            for file in uploaded:
                file.raw_name = parser.raw_names.get(file.name, file.name)
        return post, files

    request.parse_file_upload = types.MethodType(parse_file_upload, request)


class RawFileNameMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            keep_raw_file_names(request)
        return self.get_response(request)


def sent_name(uploaded) -> str:
    return getattr(uploaded, "raw_name", None) or uploaded.name
