"""Log-in that sends each role to its work (see ``parkpulse.site.roles.landing_url``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views

from parkpulse.site.roles import landing_url


class LoginView(auth_views.LoginView):
    # site_name: LoginView would otherwise put the request's host name in the page header
    extra_context = {"site_name": settings.SITE_NAME}

    def get_default_redirect_url(self):
        # An explicit ?next= still wins (get_success_url checks it first).
        return landing_url(self.request.user)
