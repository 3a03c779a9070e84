"""A request id in every log line and on every error page.

nginx passes its `$request_id` as `X-Request-ID` (deploy/nginx); a well-formed one is kept so
the id in nginx's access log and in the app's lines match, anything else is replaced. The id
lives in a context variable, which follows the request into sync views run in a thread by the
ASGI server and into every logger call made while it is handled."""

import contextvars
import logging
import re
import uuid
from inspect import iscoroutinefunction

from django.utils.decorators import sync_and_async_middleware

HEADER = "X-Request-ID"
WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{8,64}")

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def current_request_id() -> str:
    return _request_id.get()


def _incoming_id(request) -> str:
    sent = request.headers.get(HEADER, "")
    return sent if WELL_FORMED.fullmatch(sent) else uuid.uuid4().hex


@sync_and_async_middleware
def request_id_middleware(get_response):
    if iscoroutinefunction(get_response):

        async def middleware(request):
            token = _request_id.set(_incoming_id(request))
            try:
                response = await get_response(request)
                response[HEADER] = _request_id.get()
                return response
            finally:
                _request_id.reset(token)

    else:

        def middleware(request):
            token = _request_id.set(_incoming_id(request))
            try:
                response = get_response(request)
                response[HEADER] = _request_id.get()
                return response
            finally:
                _request_id.reset(token)

    return middleware


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request: commands, jobs)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


def request_id(request) -> dict:
    """Context processor: error pages show the id, so a user can quote it to support."""
    return {"request_id": _request_id.get()}
