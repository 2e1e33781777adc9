"""The producers' portal. Every URL naming an object looks it up through accounts.policy (a 404
outside the user's scope); tests/portal/test_isolation.py fails when a URL here has no test."""

from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("products/<int:pk>/", views.product, name="product"),
    path("products/<int:pk>/photos/", views.photo_upload, name="photo_upload"),
    path("products/<int:pk>/photos/presign/", views.photo_presign, name="photo_presign"),
    path("products/<int:pk>/photos/uploaded/", views.photo_uploaded, name="photo_uploaded"),
    path("products/<int:pk>/photos/<str:media_id>/move/", views.photo_move, name="photo_move"),
    path(
        "products/<int:pk>/photos/<str:media_id>/delete/", views.photo_delete, name="photo_delete"
    ),
    path("products/<int:pk>/photos/<str:media_id>/alt/", views.photo_alt, name="photo_alt"),
    path("products/<int:pk>/label.<str:fmt>", views.label, name="label"),
    path("labels/", views.labels, name="labels"),
    path("labels/all.pdf", views.labels_sheet, name="labels_sheet"),
    path("scans/", views.scans, name="scans"),
    path("orders/", views.orders, name="orders"),
    path("orders/<str:order_id>/lines/<str:line_id>/ship/", views.ship, name="ship"),
    path("producers/", views.producers, name="producers"),
    path("producers/<int:pk>/members/", views.members, name="members"),
]
