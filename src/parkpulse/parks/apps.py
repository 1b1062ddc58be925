from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ParksConfig(AppConfig):
    name = "parkpulse.parks"
    verbose_name = _("园区")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from parkpulse.parks.news_facts import on_article_saved, on_search_document_saved
        from parkpulse.parks.roles import ensure_roles

        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="parkpulse.parks.roles")
        # the search index row is saved last in every article analysis, after the park links
        post_save.connect(on_search_document_saved, sender="search.SearchDocument",
                          dispatch_uid="parkpulse.parks.news_facts")
        post_save.connect(on_article_saved, sender="portal.Article", dispatch_uid="parkpulse.parks.article_facts")
