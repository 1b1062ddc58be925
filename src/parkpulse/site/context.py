"""Template values for the site chrome: the user's role links and the language switch."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language

from parkpulse.site.language import alternates
from parkpulse.site.roles import role_links


def chrome(request):
    user = getattr(request, "user", None)
    english = (get_language() or "").startswith("en")
    return {
        # The configured name is Chinese-first; English pages use its English form.
        "site_name": settings.SITE_NAME_EN if english else settings.SITE_NAME,
        "role_links": role_links(user) if user is not None else [],
        "languages": alternates(request),
    }
