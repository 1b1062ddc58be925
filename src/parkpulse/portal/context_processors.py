"""Values every page needs: the site name and the top-level categories for the menu."""

from django.conf import settings

from parkpulse.portal.models import Category


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "nav_categories": Category.objects.filter(parent__isnull=True),
    }
