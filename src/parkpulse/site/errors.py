"""Error pages in the site's look, each saying what to do next.

Django's handlers cover 400, 403, 404 and 500. Responses that views return themselves
without a body (405 from ``require_POST``, 429 from a rate limit) get the same page from
``ErrorPageMiddleware``. A denied permission is an expected event: ``QuietPermissionDenied``
keeps its log record to one warning line instead of a traceback.
"""

from __future__ import annotations

import logging

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpResponse
from django.template import loader

PAGES = {400: "400.html", 403: "403.html", 404: "404.html", 405: "405.html", 429: "429.html"}


def render_error(request, status: int, reason: str = "") -> HttpResponse:
    template = loader.get_template(PAGES[status])
    return HttpResponse(template.render({"status": status, "reason": reason}, request), status=status)


def bad_request(request, exception=None):
    # Our own checks (parkpulse.site.limits) raise BadRequest with a translated sentence that
    # names the problem; Django's other 400s (SuspiciousOperation) keep their details private.
    reason = str(exception) if type(exception) is BadRequest else ""
    return render_error(request, 400, reason)


def permission_denied(request, exception=None):
    return render_error(request, 403)


def page_not_found(request, exception=None):
    return render_error(request, 404)


def server_error(request):
    # No request context: the failure may be the database the context processors read.
    return HttpResponse(loader.get_template("500.html").render({}), status=500)


class ErrorPageMiddleware:
    """Give empty 405/429 responses (and empty 400/403) the site's error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        status = response.status_code
        if (status in PAGES and not getattr(response, "streaming", False) and not response.content
                and "html" in request.headers.get("Accept", "text/html")):
            page = render_error(request, status)
            for header in ("Allow", "Retry-After"):
                if header in response:
                    page[header] = response[header]
            return page
        return response


class QuietPermissionDenied(logging.Filter):
    """Drop the traceback from django.request's 'Forbidden (Permission denied)' records."""

    def filter(self, record):
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
