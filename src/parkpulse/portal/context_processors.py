"""Values every page needs: the site name and the top-level categories for the menu."""

from django.conf import settings
from django.core.cache import cache

from parkpulse.portal.models import Category

NAV_TTL = 60  # seconds a new or renamed category may take to reach the menu


def _nav_categories():
    return list(Category.objects.filter(parent__isnull=True))


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "nav_categories": cache.get_or_set("portal:nav", _nav_categories, NAV_TTL),
    }
