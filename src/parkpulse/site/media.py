"""``/media/``: the public uploads (covers, park and listing photos), and nothing else.

Only image files under ``MEDIA_ROOT`` are served, with ``nosniff`` so a browser never runs
one as a page; claim proofs live outside ``MEDIA_ROOT`` and go through their own
permission-checked view. A large deployment sets ``PARKPULSE_SERVE_MEDIA=0`` and lets the
front server serve the folder (nginx recipe in docs/security.md).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_safe
from django.views.static import serve

PUBLIC_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


@require_safe
def public_media(request, path):
    if PurePosixPath(path).suffix.lower() not in PUBLIC_SUFFIXES:
        raise Http404("not a public image")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    return response
