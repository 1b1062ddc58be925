from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RankingsConfig(AppConfig):
    name = "parkpulse.rankings"
    verbose_name = _("园区排名")
    default_auto_field = "django.db.models.BigAutoField"
