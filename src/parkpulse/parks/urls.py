from django.urls import path

from parkpulse.parks import views

app_name = "parks"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
]
