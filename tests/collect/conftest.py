"""Fixtures for collector tests: run ``parkpulse crawl`` in a child process on the test DB."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# No politeness delays and short backoffs: tests only ever crawl loopback servers. The timeout
# stays roomy because CI machines are loaded; the fault test lowers it for its slow page.
FAST = {
    "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "DOWNLOAD_TIMEOUT": 15, "RETRY_TIMES": 1,
    "RETRY_BACKOFF_BASE": 0.05, "RETRY_AFTER_MAX": 2, "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}


def crawl_cmd(*args: str, progress: bool = False) -> list[str]:
    return [sys.executable, "-m", "parkpulse.site.cli", "crawl", *([] if progress else ["--no-progress"]), *args]


def crawl_env(settings: dict | None = None, **extra):
    from parkpulse.collect.childenv import child_env

    return child_env(PARKPULSE_CRAWL_SETTINGS=json.dumps({**FAST, **(settings or {})}), **extra)


@pytest.fixture
def crawl():
    """``crawl("--source", "x")`` runs a crawl to the end and returns the CompletedProcess."""

    def run(*args, settings=None, timeout=120, progress=False, **extra):
        proc = subprocess.run(crawl_cmd(*args, progress=progress), env=crawl_env(settings, **extra), capture_output=True,
                              text=True, timeout=timeout)
        return proc

    return run
