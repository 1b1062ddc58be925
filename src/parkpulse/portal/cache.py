"""Versioned cache keys for article pages and their fragments.

Django's cache holds them: per process (local memory) by default, shared by every worker and
machine in Redis when ``REDIS_URL`` is set (settings). Nothing is deleted on an edit; every
key holds the versions of what it was rendered from, so an edit makes new keys and the old
entries are never read again (they expire):

* the article's ``updated_at`` (editorial saves),
* its search document's ``updated_at`` and ``related_at`` (enrichment: tags, parks, the
  related list — also recomputed when a neighbour is edited, hidden or arrives),
* the site generation: a token in the database (``SiteGeneration``), replaced when a
  category, the call-to-action, a source, a park or a tag is saved or deleted (menu,
  breadcrumb, CTA, names in lists),
* the templates' digest: a deploy that changes the markup never serves the old one,
* the language and the relative date the page shows ("3天前"),
* scheme and host (absolute URLs in the page).

Below these caches, each article page also has a stored copy in the database
(``parkpulse.portal.copies``), rendered at enrichment, under the same versions.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError

_template_digest: str | None = None


def _local():
    from django.core.cache import caches

    return caches["local"] if "local" in settings.CACHES else None


def site_generation() -> str:
    """The current site generation (``SiteGeneration``). Each process re-reads it at most
    every GENERATION_LOCAL_TTL seconds; the process that bumps it sees the bump at once."""
    global _generation
    now = time.monotonic()
    held = _generation
    if held is not None and now - held[1] < GENERATION_LOCAL_TTL:
        return held[0]
    from parkpulse.portal.models import SiteGeneration

    try:
        token = SiteGeneration.objects.filter(pk=1).values_list("token", flat=True).first()
        if token is None:
            token = SiteGeneration.objects.get_or_create(pk=1, defaults={"token": secrets.token_hex(6)})[0].token
    except DatabaseError:
        # An error page rendered while the database is away still needs a key.
        return held[0] if held is not None else "0"
    _generation = (token, now)
    return token


GENERATION_LOCAL_TTL = 2
_generation: tuple[str, float] | None = None  # (token, when read), this process's copy


def bump_site_generation(*args, **kwargs) -> None:
    """Signal receiver: a site-wide name or text changed; every page renders afresh."""
    global _generation
    from parkpulse.portal.models import SiteGeneration

    token = secrets.token_hex(6)
    SiteGeneration.objects.update_or_create(pk=1, defaults={"token": token})
    _generation = (token, time.monotonic())


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
