"""One logging setup: readable text by default, JSON lines with ``PARKPULSE_LOG_FORMAT=json``.

Every line written during a request carries that request's id (``RequestIdMiddleware`` sets
it and returns it as ``X-Request-ID``), and no line carries a phone number: ``ContextFilter``
sits on the handler, so it sees the records of every logger, Django's and the crawler's too.
This module imports nothing from Django at import time: ``settings`` calls ``logging_config``.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("parkpulse_request_id", default="-")

# Chinese mobile numbers (optionally +86, optionally split 3-4-4) and landlines with an area
# code (010-12345678). Digits on either side mean it is part of a longer number, not a phone.
PHONE_RE = re.compile(
    r"(?<![\d])(?:(?:\+|00)?86[\s-]?)?(1[3-9]\d)[\s-]?\d{4}[\s-]?(\d{4})(?![\d])"
    r"|(?<![\d-])(0\d{2,3})-\d{7,8}(?![\d])"
)
# Local time with its offset: Django sets the process's zone to TIME_ZONE (Asia/Shanghai).
DATEFMT = "%Y-%m-%dT%H:%M:%S%z"
# An id a proxy may hand us (nginx's $request_id is 32 hex digits); anything else is replaced.
REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{8,128}$")

# Attributes every LogRecord has; anything else on a record came in through ``extra=``.
_STANDARD = set(vars(logging.LogRecord("x", 0, "x", 0, "x", None, None))) | {"message", "asctime", "request_id"}


def mask_phones(text: str) -> str:
    """138****8000 for a mobile, 010-****** for a landline: enough to tell calls apart."""

    def repl(m: re.Match) -> str:
        if m.group(1):
            return f"{m.group(1)}****{m.group(2)}"
        return f"{m.group(3)}-********"

    return PHONE_RE.sub(repl, text)


def current_request_id() -> str:
    return _request_id.get()


class ContextFilter(logging.Filter):
    """Adds ``request_id`` and masks phone numbers in the message, its arguments, the
    traceback and string ``extra`` fields. Put it on handlers, not loggers."""

    _exc_formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = _request_id.get()
        record.msg = mask_phones(record.getMessage())
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = self._exc_formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_phones(record.exc_text)
            record.exc_info = None  # formatters then print the masked exc_text
        if record.stack_info:
            record.stack_info = mask_phones(record.stack_info)
        for key, value in vars(record).items():
            if key not in _STANDARD and isinstance(value, str):
                setattr(record, key, mask_phones(value))
        return True


def _json_factory():
    """The JSON formatter (python-json-logger); extra objects become text only here, so its
    output is masked once more."""
    from pythonjsonlogger.json import JsonFormatter

    class MaskedJsonFormatter(JsonFormatter):
        def format(self, record):
            return mask_phones(super().format(record))

    return MaskedJsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
        datefmt=DATEFMT,
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        json_ensure_ascii=False,
    )


def logging_config(fmt: str = "text", level: str = "WARNING") -> dict:
    """The ``LOGGING`` dict: one console handler (stderr, which journald collects)."""
    fmt = (fmt or "text").strip().lower()
    if fmt not in ("text", "json"):
        raise ValueError(f"PARKPULSE_LOG_FORMAT must be 'text' or 'json', not {fmt!r}")
    level = (level or "WARNING").upper()
    formatters = {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s", "datefmt": DATEFMT},
        "json": {"()": _json_factory},
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": ContextFilter}},
        "formatters": formatters,
        "handlers": {
            "console": {"class": "logging.StreamHandler", "filters": ["context"], "formatter": fmt},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's defaults add their own unfiltered console handler in DEBUG; route
            # everything through ours instead.
            "django": {"handlers": ["console"], "level": level, "propagate": False},
            "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }


class RequestIdMiddleware:
    """Outermost middleware: a request id for the log lines of this request, returned as
    ``X-Request-ID``, and one ``parkpulse.request`` line per request at INFO."""

    log = logging.getLogger("parkpulse.request")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = incoming if REQUEST_ID_RE.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(rid)
        request.request_id = rid
        start = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            if self.log.isEnabledFor(logging.INFO):
                match = getattr(request, "resolver_match", None)
                # The path only: query strings carry search words and, sometimes, phones.
                self.log.info(
                    "%s %s %s %.1fms", request.method, request.path, response.status_code,
                    (time.perf_counter() - start) * 1000,
                    extra={"view": match.view_name if match else "", "status": response.status_code,
                           "client_ip": client_ip(request)},
                )
            return response
        finally:
            _request_id.reset(token)


def client_ip(request) -> str:
    """The visitor's address through the site's one trusted-proxy helper (issue 13's
    ``parkpulse.site.client_ip``); the socket's peer where that helper is not installed."""
    global _client_ip
    if _client_ip is None:
        try:
            from parkpulse.site.client_ip import client_ip as trusted
        except ImportError:
            def trusted(request):
                return request.META.get("REMOTE_ADDR", "")
        _client_ip = trusted
    return _client_ip(request) or ""


_client_ip = None
