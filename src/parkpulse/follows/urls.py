from django.urls import path

from parkpulse.follows import views

app_name = "follows"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("add/", views.follow_add, name="add"),
    path("<int:pk>/delete/", views.follow_delete, name="delete"),
    path("feed/<str:key>/", views.PersonalFeed(), name="feed"),
    path("feed/<str:key>/atom/", views.PersonalAtomFeed(), name="feed-atom"),
]
