"""Scrapy settings for ParkPulse crawls: polite by default, overridable per run (tests, bench).

Politeness: robots.txt always obeyed, AutoThrottle on, a per-domain concurrency cap, an
identifying user agent with a contact URL (Django's ``CRAWLER_CONTACT_URL``). Robustness:
retries with exponential backoff and Retry-After, a download timeout, a 10 MB size cap.
"""

from __future__ import annotations

from typing import Any

import parkpulse

BOT_NAME = "ParkPulseBot"


def user_agent(contact: str) -> str:
    return f"{BOT_NAME}/{parkpulse.__version__} (+{contact})"


def crawl_settings(contact: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    s: dict[str, Any] = {
        "BOT_NAME": BOT_NAME,
        "USER_AGENT": user_agent(contact),
        "ROBOTSTXT_OBEY": True,
        "ROBOTSTXT_USER_AGENT": BOT_NAME,
        # The ORM runs in the reactor thread; the plain epoll reactor keeps asyncio (and
        # Django's async-safety guard) out of that thread.
        "TWISTED_REACTOR": "twisted.internet.epollreactor.EPollReactor",
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
        "DOWNLOAD_DELAY": 0.25,
        "AUTOTHROTTLE_ENABLED": True,
        "AUTOTHROTTLE_START_DELAY": 1.0,
        "AUTOTHROTTLE_MAX_DELAY": 30.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 2.0,
        "DOWNLOAD_TIMEOUT": 30,
        "DOWNLOAD_MAXSIZE": 10 * 1024 * 1024,
        "DOWNLOAD_WARNSIZE": 0,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 3,
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
        "RETRY_BACKOFF_BASE": 2.0,  # seconds; doubled on every further retry
        "RETRY_BACKOFF_MAX": 120.0,
        "RETRY_AFTER_MAX": 600.0,  # never wait longer than this for a Retry-After
        "REDIRECT_MAX_TIMES": 5,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "LOG_INSTALL_ROOT_HANDLER": False,  # Django configures logging
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "parkpulse.collect.middlewares.BackoffRetryMiddleware": 550,
        },
        "SPIDER_MIDDLEWARES": {},
        "ITEM_PIPELINES": {"parkpulse.collect.pipelines.IngestPipeline": 300},
        "EXTENSIONS": {"scrapy.extensions.telnet.TelnetConsole": None},
        "NEAR_DUP_THRESHOLD": 0.7,
        "MIN_TEXT_CHARS": 120,
        "PARKPULSE_REDIS_PREFIX": "pp:collect",
    }
    if overrides:
        s.update(overrides)
    return s


def distributed_settings(redis_url: str, prefix: str, source_id: int, token: str) -> dict[str, Any]:
    """scrapy-redis: one shared frontier (queue) and seen-set (dupefilter) per source crawl."""
    base = f"{prefix}:{source_id}:{token}"
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": f"{base}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{base}:dupefilter",
        "SCHEDULER_PERSIST": True,  # workers leave at different times; keys expire instead
        "SCHEDULER_IDLE_BEFORE_CLOSE": 0,
        "REDIS_URL": redis_url,
    }
