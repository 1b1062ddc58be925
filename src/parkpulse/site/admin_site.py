"""The admin titled with the site's name, in the reader's language."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _site_name() -> str:
    return settings.SITE_NAME_EN if (get_language() or "").startswith("en") else settings.SITE_NAME


site_name = lazy(_site_name, str)


def brand_admin() -> None:
    admin.site.site_header = lazy(lambda: f"{_site_name()} · {_('管理后台')}", str)()
    admin.site.site_title = site_name()
    admin.site.index_title = _("站点管理")
    admin.site.site_url = "/"
