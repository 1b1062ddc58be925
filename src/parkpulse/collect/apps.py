from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectConfig(AppConfig):
    name = "parkpulse.collect"
    verbose_name = _("采集")
    default_auto_field = "django.db.models.BigAutoField"
