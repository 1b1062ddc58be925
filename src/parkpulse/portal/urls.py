from django.urls import path

from parkpulse.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("category/<slug:slug>/", views.category, name="category"),
    path("article/<int:pk>/", views.article, name="article"),
    path("article/<int:pk>/qr.svg", views.article_qr, name="article_qr"),
]
