"""URLs under /parks/: directory, claims and reviews, change requests, listings, register."""

from django.urls import path

from parkpulse.parks.views import (
    accounts,
    changes,
    claims,
    compare,
    directory,
    facts,
    listings,
    parkmap,
)

app_name = "parks"
urlpatterns = [
    path("", directory.park_list, name="list"),
    path("<int:pk>/", directory.park_detail, name="detail"),
    path("compare/", compare.park_compare, name="compare"),
    path("map/", parkmap.park_map, name="map"),
    path("map/data.json", parkmap.map_data, name="map_data"),
    path("map/china.geojson", parkmap.map_geojson, name="map_geojson"),
    path("<int:pk>/history/", directory.park_history, name="history"),
    path("<int:pk>/history/<int:number>/", directory.park_revision, name="revision"),
    path("<int:pk>/update/", changes.park_update, name="update"),
    path("<int:pk>/claim/", claims.claim_new, name="claim"),
    path("changes/<int:pk>/", changes.change_detail, name="change_detail"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/proof/", claims.claim_proof, name="claim_proof"),
    path("review/", claims.review_queue, name="review_queue"),
    path("facts/review/", facts.fact_queue, name="fact_queue"),
    path("facts/<int:pk>/", facts.fact_detail, name="fact"),
    path("facts/confirmed.csv", facts.confirmed_csv, name="facts_csv"),
    path("me/", claims.dashboard, name="dashboard"),
    path("listings/", listings.listing_list, name="listings"),
    path("listings/new/", listings.listing_new, name="listing_new"),
    path("listings/<int:pk>/", listings.listing_detail, name="listing"),
    path("listings/<int:pk>/edit/", listings.listing_edit, name="listing_edit"),
    path("register/", accounts.register, name="register"),
]
