"""Request id, the security headers Django does not set by itself, and refusal of garbage URLs and
of methods the site does not take."""

import logging
import re
import uuid

from django.conf import settings
from django.db import DataError
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.log import log_response

from .logging import request_id_var

logger = logging.getLogger(__name__)
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Tags the request (and its log lines) with an id, echoed in the X-Request-ID header.

    An id set by the reverse proxy is kept when it looks sane, so proxy and app logs line up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.id
        return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class BadInputMiddleware:
    """Garbage in a URL answers 400, never 500.

    Our views clean their parameters, but some reach filters we do not write (the admin's) that pass
    them to PostgreSQL, which rejects NUL characters and out-of-range values.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        # Values PostgreSQL rejects, or too large to send to it: bad input, not a server error.
        nul = isinstance(exception, ValueError) and "NUL" in str(exception)
        if nul or isinstance(exception, DataError | OverflowError):
            logger.warning("Refused a request with unusable parameters: %s", exception)
            return self._bad_request(request)
        return None

    @staticmethod
    def _bad_request(request):
        return render(request, "400.html", status=400)


class AllowedMethodsMiddleware:
    """Only GET, HEAD and POST reach the site: any other method (TRACE, OPTIONS, PUT, PATCH,
    DELETE, WebDAV's) answers 405 before anything else runs, static files included.

    Our views state their own methods as well (require_safe, require_POST,
    require_http_methods), with the exact Allow header; this covers the pages we do not write
    (the admin, allauth, the sitemap) and answers before the CSRF check would refuse with a 403.
    Goes right after the security headers, before WhiteNoise.
    """

    ALLOWED = ("GET", "HEAD", "POST")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in self.ALLOWED:
            return self.get_response(request)
        response = HttpResponseNotAllowed(self.ALLOWED)
        log_response(
            "Method Not Allowed (%s): %s",
            request.method,
            request.path,
            response=response,
            request=request,
        )
        return response
