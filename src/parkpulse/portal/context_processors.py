"""Values every page needs: the site name and the top-level categories for the menu."""

from django.conf import settings
from django.core.cache import cache

from parkpulse.portal.cache import site_generation
from parkpulse.portal.models import Category

NAV_TTL = 3600  # keyed by the site generation, which a category save or delete replaces


def _nav_categories():
    return list(Category.objects.filter(parent__isnull=True))


def site(request):
    key = f"portal:nav:{site_generation()}"
    return {
        "site_name": settings.SITE_NAME,
        "nav_categories": cache.get_or_set(key, _nav_categories, NAV_TTL),
    }
