"""Log-in that sends each role to its work (see ``parkpulse.site.roles.landing_url``)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from parkpulse.site.roles import landing_url


class LoginView(auth_views.LoginView):
    # LoginView would put the request's host name in site_name; the context processor
    # (parkpulse.site.context.chrome) gives the configured name in the reader's language.
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.pop("site_name", None)
        return context

    def get_default_redirect_url(self):
        # An explicit ?next= still wins (get_success_url checks it first).
        return landing_url(self.request.user)
