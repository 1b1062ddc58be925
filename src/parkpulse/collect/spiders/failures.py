"""Name a failed request's cause with a short, stable kind for the run record."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
    StopDownload,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectError, DNSLookupError, TCPTimedOutError, TimeoutError


def classify(exc: BaseException) -> str:
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, DownloadTimeoutError | TimeoutError | TCPTimedOutError):
        return "timeout"
    if isinstance(exc, DownloadCancelledError):
        return "too_large" if "max size" in str(exc) else "cancelled"
    if isinstance(exc, StopDownload):
        return "non_html"
    if isinstance(exc, IgnoreRequest):
        msg = str(exc).lower()
        if "robots" in msg:
            return "robots_forbidden"
        if "redirect" in msg:
            return "redirect_loop"
        return "ignored"
    if isinstance(exc, CannotResolveHostError | DNSLookupError):
        return "dns"
    if isinstance(exc, DownloadConnectionRefusedError | ConnectError):
        return "connection"
    if isinstance(exc, ResponseDataLossError):
        return "data_loss"
    return type(exc).__name__.lower()
