from django.apps import AppConfig


class RankingsConfig(AppConfig):
    name = "parkpulse.rankings"
    default_auto_field = "django.db.models.BigAutoField"
