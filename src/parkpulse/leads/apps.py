"""招商 leads: the demand form, matching leads to parks and listings, and the lead desk."""
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "parkpulse.leads"
    verbose_name = _("招商线索")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from parkpulse.leads.roles import ensure_consultant_group

        post_migrate.connect(ensure_consultant_group, sender=self, dispatch_uid="leads_consultant_group")
