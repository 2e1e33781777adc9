"""Scan counts in the admin: per product and Vietnamese day; read-only (only scans write them)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from traceability.models import ScanCount


@admin.register(ScanCount)
class ScanCountAdmin(admin.ModelAdmin):
    list_display = ("day", "product", "product_code", "producer", "count")
    list_filter = ("day", "product__province")
    search_fields = ("product__name", "product__code", "product__producer__name")
    date_hierarchy = "day"
    list_select_related = ("product", "product__producer")
    ordering = ("-day", "-count")

    @admin.display(description="code", ordering="product__code")
    def product_code(self, obj: ScanCount) -> str:
        return obj.product.code

    @admin.display(description="producer", ordering="product__producer__name")
    def producer(self, obj: ScanCount) -> str:
        return obj.product.producer.name

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
