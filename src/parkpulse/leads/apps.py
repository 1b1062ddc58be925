from django.apps import AppConfig


class LeadsConfig(AppConfig):
    name = "parkpulse.leads"
    default_auto_field = "django.db.models.BigAutoField"
