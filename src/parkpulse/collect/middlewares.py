"""Downloader middleware: retries that back off instead of hammering a failing server.

Scrapy's RetryMiddleware re-schedules a failed request at once. This subclass waits first:
the server's ``Retry-After`` (seconds or an HTTP date, capped at ``RETRY_AFTER_MAX``) when it
sends one, otherwise ``RETRY_BACKOFF_BASE * 2**(n-1)`` for the n-th retry, capped at
``RETRY_BACKOFF_MAX``.
"""

from __future__ import annotations

from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.response import response_status_message
from twisted.internet import reactor
from twisted.internet.task import deferLater


def retry_after_seconds(value: bytes | str | None) -> float | None:
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        from datetime import UTC, datetime

        when = parsedate_to_datetime(text)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError, OverflowError):
        return None


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings, crawler=None):
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", 120.0)
        self.after_cap = settings.getfloat("RETRY_AFTER_MAX", 600.0)

    @classmethod
    def from_crawler(cls, crawler):
        mw = cls(crawler.settings, crawler)
        mw.crawler = crawler
        return mw

    def _delay(self, retry_request, response=None) -> float:
        if response is not None:
            after = retry_after_seconds(response.headers.get(b"Retry-After"))
            if after is not None:
                return min(after, self.after_cap)
        n = max(1, retry_request.meta.get("retry_times", 1))
        return min(self.base * 2 ** (n - 1), self.cap)

    def _later(self, retry_request, delay: float):
        if delay <= 0:
            return retry_request
        return deferLater(reactor, delay, lambda: retry_request)

    def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        return self._later(retry, self._delay(retry, response))

    def process_exception(self, request, exception, spider=None):
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        retry = self._retry(request, exception)
        if retry is None:
            return None
        return self._later(retry, self._delay(retry))
