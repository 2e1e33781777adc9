from django.urls import path

from saleor_api import app_views, webhooks

app_name = "saleor_api"
urlpatterns = [
    path("manifest", app_views.manifest, name="manifest"),
    path("register", app_views.register, name="register"),
    path("webhooks/", webhooks.receive_webhook, name="webhooks"),
]
