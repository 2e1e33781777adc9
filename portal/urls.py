"""The producers' portal. Every URL naming an object looks it up through accounts.policy (a 404
outside the user's scope); tests/portal/test_isolation.py fails when a URL here has no test."""

from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("products/<int:pk>/", views.product, name="product"),
    path("orders/", views.orders, name="orders"),
    path("orders/<str:order_id>/lines/<str:line_id>/ship/", views.ship, name="ship"),
    path("producers/", views.producers, name="producers"),
    path("producers/<int:pk>/members/", views.members, name="members"),
]
