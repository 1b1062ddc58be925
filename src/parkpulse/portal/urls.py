from django.urls import path

from parkpulse.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("category/<slug:slug>/", views.category, name="category"),
    path("article/<int:pk>/", views.article, name="article"),
]
