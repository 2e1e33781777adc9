from django.contrib import admin
from django.http import HttpRequest

from payments.models import PaymentRecord, StripeEvent


@admin.register(PaymentRecord)
class PaymentRecordAdmin(admin.ModelAdmin):
    list_display = ("psp_reference", "gateway", "status", "amount", "currency", "created_at")
    list_filter = ("gateway", "status", "currency")
    search_fields = ("psp_reference", "saleor_transaction_id", "source_id")
    readonly_fields = [f.name for f in PaymentRecord._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):
    list_display = ("event_id", "type", "outcome", "attempts", "created", "received_at")
    list_filter = ("outcome", "type")
    search_fields = ("event_id",)
    readonly_fields = [f.name for f in StripeEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
