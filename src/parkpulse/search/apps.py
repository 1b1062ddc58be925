from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "parkpulse.search"
    default_auto_field = "django.db.models.BigAutoField"
