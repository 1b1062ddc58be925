"""Mounted at the site root: /search/, /tag/…, /park-news/…, /feed/…, /sitemap.xml."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from parkpulse.search import feeds, views
from parkpulse.search.sitemaps import SITEMAPS

app_name = "search"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("tag/<str:kind>/<str:slug>/", views.tag_page, name="tag"),
    path("park-news/<int:pk>/", views.park_news, name="park-news"),
    path("feed/", feeds.LatestFeed(), name="feed"),
    path("feed/atom/", feeds.LatestAtomFeed(), name="feed-atom"),
    path("feed/category/<slug:slug>/", feeds.CategoryFeed(), name="feed-category"),
    path("feed/category/<slug:slug>/atom/", feeds.CategoryAtomFeed(), name="feed-category-atom"),
    path("feed/tag/<str:kind>/<str:slug>/", feeds.TagFeed(), name="feed-tag"),
    path("feed/tag/<str:kind>/<str:slug>/atom/", feeds.TagAtomFeed(), name="feed-tag-atom"),
    path(
        "sitemap.xml", sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "search:sitemap-section"}, name="sitemap",
    ),
    path(
        "sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
