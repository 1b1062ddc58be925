from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "parkpulse.portal"
    verbose_name = _("门户")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from parkpulse.portal import cache

        cache.connect_signals()  # site-wide names and texts invalidate cached pages
