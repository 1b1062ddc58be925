"""URL map: each app owns its own ``urls.py``; this file only mounts them."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from parkpulse.api.api import api
from parkpulse.site.health import readyz
from parkpulse.site.metrics import metrics_view
from parkpulse.site.media import public_media

urlpatterns = [
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    path("admin/", admin.site.urls),
    # site_name: LoginView would otherwise put the request's host name in the page header
    path("accounts/login/", auth_views.LoginView.as_view(extra_context={"site_name": settings.SITE_NAME}), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("collect/", include("parkpulse.collect.urls")),
    path("parks/", include("parkpulse.parks.urls")),
    path("leads/", include("parkpulse.leads.urls")),
    path("rankings/", include("parkpulse.rankings.urls")),
    path("api/v1/", api.urls),
    path("follows/", include("parkpulse.follows.urls")),
    path("", include("parkpulse.search.urls")),
    path("", include("parkpulse.portal.urls")),
]
# Uploaded media: public images only, through a checked view (claim proofs are not here:
# they are served by their own permission-checked view). With PARKPULSE_SERVE_MEDIA=0 the
# front server serves MEDIA_ROOT (docs/security.md).
if getattr(settings, "SERVE_MEDIA", True):
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", public_media, name="media"))

handler404 = "parkpulse.portal.views.page_not_found"
handler500 = "parkpulse.portal.views.server_error"
