"""Environment for a child ``parkpulse crawl`` process that must use *this* process's database.

The crawl runs in a child process (Twisted's reactor starts once per process). The child
must write where the parent reads — under pytest that is the test database, not the one
DATABASE_URL names — so the URL is rebuilt from the live connection settings.
"""

from __future__ import annotations

import os
from urllib.parse import quote


def database_url(alias: str = "default") -> str:
    from django.db import connections

    d = connections[alias].settings_dict
    engine = d["ENGINE"]
    if engine.endswith("sqlite3"):
        return f"sqlite:///{d['NAME']}"
    if "postgresql" in engine:
        auth = quote(d.get("USER") or "", safe="")
        if d.get("PASSWORD"):
            auth += ":" + quote(d["PASSWORD"], safe="")
        host = d.get("HOST") or "localhost"
        port = d.get("PORT") or 5432
        return f"postgres://{auth}@{host}:{port}/{d['NAME']}"
    raise ValueError(f"unsupported database engine for a child crawl: {engine}")


def child_env(**extra: str) -> dict[str, str]:
    from django.conf import settings

    env = dict(os.environ)
    env["DATABASE_URL"] = database_url()
    env.setdefault("PARKPULSE_HOME", str(settings.HOME))
    env.setdefault("DJANGO_SETTINGS_MODULE", "parkpulse.site.settings")
    env.update(extra)
    return env
