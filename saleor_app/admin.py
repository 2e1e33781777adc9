from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from saleor_app.models import AppInstallation, WebhookDelivery


@admin.register(AppInstallation)
class AppInstallationAdmin(admin.ModelAdmin):
    """Which Saleor installed the app. The token is a secret: never shown, never editable here."""

    list_display = ("saleor_domain", "api_url", "installed_at")
    fields = ("saleor_domain", "api_url", "installed_at")
    readonly_fields = fields
    search_fields = ("saleor_domain",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens come from Saleor's installation, never typed in


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("event", "saleor_domain", "received_at")
    list_filter = ("event", "saleor_domain")
    fields = ("event", "saleor_domain", "received_at", "key")
    readonly_fields = fields
    date_hierarchy = "received_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
