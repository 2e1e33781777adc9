from typing import Any

from django.contrib import admin

from events.models import Event, EventProduct


class EventProductInline(admin.TabularInline):
    model = EventProduct
    extra = 0
    raw_id_fields = ["product"]
    readonly_fields = ["added_at", "removed_at", "removed_reason"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Officers and staff run events from /<lang>/province/events/, which writes Saleor at once;
    a change made here is marked pending and reaches Saleor at the next retry (events.tasks)."""

    list_display = ["slug", "name_vi", "province", "starts_at", "ends_at", "status", "saleor_state"]
    list_filter = ["status", "saleor_state", "is_national"]
    search_fields = ["slug", "name_vi", "province"]
    readonly_fields = [
        "saleor_collection_id",
        "saleor_promotion_id",
        "saleor_rule_ids",
        "saleor_state",
        "saleor_error",
        "saleor_synced_at",
        "created_by",
    ]
    inlines = [EventProductInline]

    def save_model(self, request: Any, obj: Event, form: Any, change: bool) -> None:
        obj.saleor_state = Event.SaleorState.PENDING
        super().save_model(request, obj, form, change)
