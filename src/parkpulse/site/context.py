"""Template values for the site chrome: the user's role links and the language switch."""

from __future__ import annotations

from parkpulse.site.language import alternates
from parkpulse.site.roles import role_links


def chrome(request):
    user = getattr(request, "user", None)
    return {
        "role_links": role_links(user) if user is not None else [],
        "languages": alternates(request),
    }
