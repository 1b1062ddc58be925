from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ParksConfig(AppConfig):
    name = "parkpulse.parks"
    verbose_name = _("园区")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from parkpulse.parks.roles import ensure_roles

        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="parkpulse.parks.roles")
