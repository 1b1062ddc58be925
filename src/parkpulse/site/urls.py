"""URL map: each app owns its own ``urls.py``; this file only mounts them."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from parkpulse.api.api import api
from parkpulse.site import language, plain
from parkpulse.site.accounts import LoginView
from parkpulse.site.admin_site import brand_admin
from parkpulse.site.health import readyz
from parkpulse.site.media import public_media
from parkpulse.site.metrics import metrics_view

brand_admin()

# Not pages: the same in every language, no /en/ twin.
urlpatterns = [
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("lang/<str:code>/", language.switch_language, name="switch_language"),
    path("favicon.ico", plain.favicon, name="favicon"),
    path("robots.txt", plain.robots_txt, name="robots"),
]
# Pages: Chinese at the plain address, English under /en/ (parkpulse.site.language).
urlpatterns += language.i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path("design/", plain.design, name="design"),
    path("collect/", include("parkpulse.collect.urls")),
    path("parks/", include("parkpulse.parks.urls")),
    path("leads/", include("parkpulse.leads.urls")),
    path("rankings/", include("parkpulse.rankings.urls")),
    path("follows/", include("parkpulse.follows.urls")),
    path("", include("parkpulse.search.urls")),
    path("", include("parkpulse.portal.urls")),
)
# Uploaded media: public images only, through a checked view (claim proofs are not here:
# they are served by their own permission-checked view). With PARKPULSE_SERVE_MEDIA=0 the
# front server serves MEDIA_ROOT (docs/security.md).
if getattr(settings, "SERVE_MEDIA", True):
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", public_media, name="media"))

handler400 = "parkpulse.site.errors.bad_request"
handler403 = "parkpulse.site.errors.permission_denied"
handler404 = "parkpulse.site.errors.page_not_found"
handler500 = "parkpulse.site.errors.server_error"
