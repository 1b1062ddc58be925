from django.apps import AppConfig


class PortalConfig(AppConfig):
    verbose_name = "门户"
    name = "parkpulse.portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from parkpulse.portal import cache

        cache.connect_signals()  # site-wide names and texts invalidate cached pages
