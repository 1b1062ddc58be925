from django.apps import AppConfig


class ParksConfig(AppConfig):
    name = "parkpulse.parks"
    default_auto_field = "django.db.models.BigAutoField"
