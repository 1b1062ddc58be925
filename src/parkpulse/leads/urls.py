"""URLs under /leads/: the public form, the desk, exports and the park view."""

from django.urls import path

from parkpulse.leads import views

app_name = "leads"
urlpatterns = [
    path("new/", views.lead_new, name="new"),
    path("thanks/", views.lead_thanks, name="thanks"),
    path("", views.inbox, name="inbox"),
    path("export.<str:fmt>", views.export_leads, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/phone/", views.reveal_phone, name="reveal_phone"),
    path("<int:pk>/update/", views.update, name="update"),
    path("<int:pk>/note/", views.add_note, name="note"),
    path("<int:pk>/claim/", views.claim, name="claim"),
    path("park/<int:park_id>/", views.park_leads, name="park"),
]
