"""The file name a browser really sent.

Django's multipart parser cuts an uploaded file's name to its last path part
(``../../etc/passwd.pdf`` arrives as ``passwd.pdf``), which keeps the name harmless but
also hides that someone tried. The attachment view wants to refuse such a name with a
message instead of silently accepting a renamed file, so it parses the upload with
:class:`RawNameParser`, which remembers each name as sent, and hands the service that
name. Installing the parser means replacing ``request.parse_file_upload`` before the
body is read: the view is ``csrf_exempt`` on the outside (the CSRF middleware would read
the body first) and ``csrf_protect`` on the inside, as Django's documentation describes
for changing upload handlers.
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


def sent_name(uploaded) -> str:
    return getattr(uploaded, "raw_name", None) or uploaded.name
