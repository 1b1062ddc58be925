from django.urls import path

from parkpulse.collect import views

app_name = "collect"
urlpatterns = [path("", views.health, name="health")]
