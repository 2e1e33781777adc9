"""The province console. Every URL names a province by its slug and is looked up through
accounts.policy (a 404 outside the user's provinces); tests/console/test_isolation.py fails when
a URL here has no isolation test."""

from django.urls import path

from console import views

app_name = "console"

urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:province>/", views.province, name="province"),
    path("<slug:province>/upload/", views.upload, name="upload"),
    path("<slug:province>/uploads/<int:pk>/", views.upload_detail, name="upload_detail"),
    path("<slug:province>/uploads/<int:pk>/apply/", views.apply, name="apply"),
    path("<slug:province>/uploads/<int:pk>/status/", views.upload_status, name="upload_status"),
    path("<slug:province>/runs/", views.runs, name="runs"),
    path("<slug:province>/runs/<int:pk>/", views.run_detail, name="run"),
    path("<slug:province>/products/", views.products, name="products"),
    path("<slug:province>/products/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("<slug:province>/expiring/", views.expiring, name="expiring"),
    path("<slug:province>/producers/", views.producers, name="producers"),
]
