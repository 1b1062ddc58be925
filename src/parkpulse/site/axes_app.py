"""django-axes under a Chinese (and English) name in the admin; its behaviour is unchanged."""

from axes.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AppConfig):
    verbose_name = _("登录保护")
