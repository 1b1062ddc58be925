"""URL map: each app owns its own ``urls.py``; this file only mounts them."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.static import serve as serve_file

from parkpulse.api.api import api
from parkpulse.site.health import readyz
from parkpulse.site.metrics import metrics_view

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
# Uploaded media (covers, park photos, claim proofs are NOT here: proofs are served by a
# permission-checked view). A large deployment puts a web server in front of MEDIA_ROOT.
urlpatterns.append(
    re_path(r"^media/(?P<path>.*)$", serve_file, {"document_root": settings.MEDIA_ROOT})
)

handler404 = "parkpulse.portal.views.page_not_found"
handler500 = "parkpulse.portal.views.server_error"
