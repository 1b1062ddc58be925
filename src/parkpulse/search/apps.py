"""The search app: connects enrichment to article saves and park-list changes."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "parkpulse.search"
    verbose_name = _("搜索与相关文章")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from parkpulse.parks.models import Park
        from parkpulse.portal.models import Article
        from parkpulse.search import context
        from parkpulse.search.enrich import on_article_saved

        post_save.connect(on_article_saved, sender=Article, dispatch_uid="search.enrich_article")
        post_save.connect(context.invalidate, sender=Park, dispatch_uid="search.parks_changed")
        post_delete.connect(context.invalidate, sender=Park, dispatch_uid="search.parks_deleted")
