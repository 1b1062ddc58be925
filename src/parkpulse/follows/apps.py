from django.apps import AppConfig


class FollowsConfig(AppConfig):
    name = "parkpulse.follows"
    verbose_name = "关注"
    default_auto_field = "django.db.models.BigAutoField"
