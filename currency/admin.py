from django.contrib import admin

from currency.models import ExchangeRate


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    """Read-only: the table is loaded by `manage.py exchange_rates` and its beat task."""

    list_display = ("currency", "base", "rate", "published_at", "fetched_at", "source")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
