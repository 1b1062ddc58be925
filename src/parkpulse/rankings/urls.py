from django.urls import path

from parkpulse.rankings import views

app_name = "rankings"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_dataset, name="import"),
    path("run/<int:pk>/", views.table, name="run"),
    path("run/<int:pk>/uncertainty/", views.uncertainty, name="uncertainty"),
    path("run/<int:pk>/unit/<str:code>/", views.unit, name="unit"),
]
