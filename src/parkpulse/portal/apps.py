from django.apps import AppConfig


class PortalConfig(AppConfig):
    verbose_name = "门户"
    name = "parkpulse.portal"
    default_auto_field = "django.db.models.BigAutoField"
