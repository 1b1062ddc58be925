"""Versioned cache keys for article pages and their fragments.

Django's cache holds them: per process (local memory) by default, shared by every worker and
machine in Redis when ``REDIS_URL`` is set (settings). Nothing is deleted on an edit; every
key holds the versions of what it was rendered from, so an edit makes new keys and the old
entries are never read again (they expire):

* the article's ``updated_at`` (editorial saves),
* its search document's ``updated_at`` and ``related_at`` (enrichment: tags, parks, the
  related list — also recomputed when a neighbour is edited, hidden or arrives),
* the site generation: a token in the cache, replaced when a category, the call-to-action,
  a source, a park or a tag is saved or deleted (menu, breadcrumb, CTA, names in lists),
* the templates' digest: a deploy that changes the markup never serves the old one,
* language, scheme and host (absolute URLs in the page).
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "portal:gen"
_template_digest: str | None = None


def _local():
    from django.core.cache import caches

    return caches["local"] if "local" in settings.CACHES else None


def site_generation() -> str:
    """The current site generation; with a shared cache, each process re-reads it at most
    every GENERATION_LOCAL_TTL seconds (the process that bumps it sees the bump at once)."""
    local = _local()
    gen = local.get(GENERATION_KEY) if local is not None else None
    if gen is None:
        gen = cache.get(GENERATION_KEY)
        if gen is None:
            cache.add(GENERATION_KEY, secrets.token_hex(6), None)  # atomic: first writer wins
            gen = cache.get(GENERATION_KEY) or "0"
        if local is not None:
            local.set(GENERATION_KEY, gen, GENERATION_LOCAL_TTL)
    return gen


GENERATION_LOCAL_TTL = 2


def bump_site_generation(*args, **kwargs) -> None:
    """Signal receiver: a site-wide name or text changed; every page renders afresh."""
    cache.set(GENERATION_KEY, secrets.token_hex(6), None)
    local = _local()
    if local is not None:
        local.delete(GENERATION_KEY)


def fragment_cache() -> str:
    """Where ``{% cache %}`` keeps article fragments: this process's memory. A fragment only
    helps when its page has expired but the fragment has not, on the same worker; a round
    trip to Redis for it would cost every cold page more than it saves."""
    return "local" if "local" in settings.CACHES else "default"


def template_digest() -> str:
    """A digest of every template file the site can load, computed once per process."""
    global _template_digest
    if _template_digest is None:
        from django.template import engines

        h = hashlib.blake2b(digest_size=8)
        for engine in engines.all():
            for loader_dir in getattr(engine, "template_dirs", ()):
                for path in sorted(Path(loader_dir).rglob("*.html")):
                    h.update(str(path).encode())
                    h.update(path.read_bytes())
        _template_digest = h.hexdigest()
    return _template_digest


def get_page(key: str):
    """A cached page: this process's own copy first (settings CACHES["local"]), then the
    shared cache, whose hit is kept locally too."""
    local = _local()
    page = local.get(key) if local is not None else None
    if page is None:
        page = cache.get(key)
        if page is not None and local is not None:
            local.set(key, page, LOCAL_TTL)
    return page


def set_page(key: str, page: str, ttl: int) -> None:
    cache.set(key, page, ttl)
    local = _local()
    if local is not None:
        local.set(key, page, min(ttl, LOCAL_TTL))


LOCAL_TTL = 60


def key(*parts) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def connect_signals() -> None:
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for label in ("portal.Category", "portal.CallToAction", "portal.Tag", "collect.Source", "parks.Park"):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        uid = f"portal.cache.{label}"
        post_save.connect(bump_site_generation, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(bump_site_generation, sender=model, dispatch_uid=uid + ".delete")
