from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowsConfig(AppConfig):
    name = "parkpulse.follows"
    verbose_name = _("关注")
    default_auto_field = "django.db.models.BigAutoField"
