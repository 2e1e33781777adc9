"""Officer pages, under /<language>/province/events/. Every URL naming an event looks it up
through Event.objects.manageable_by (a 404 outside the user's province);
tests/events/test_isolation.py fails when a URL here has no isolation test."""

from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("new/", views.create, name="create"),
    path("<slug:slug>/", views.edit, name="edit"),
    path("<slug:slug>/cancel/", views.cancel, name="cancel"),
    path("<slug:slug>/retry/", views.retry, name="retry"),
]
