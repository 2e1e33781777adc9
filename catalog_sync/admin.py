"""The registry in the Django admin: browse and search; sync runs and audit are read-only;
a manual revocation (with a reason) hides the product in Saleor at once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from catalog_sync.models import AuditEvent, Certificate, OcopProduct, Producer, RowIssue, SyncRun
from catalog_sync.services import SyncFailed, revoke
from saleor_api.errors import SaleorError


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CertificateInline(ReadOnlyInline):
    model = Certificate
    fk_name = "product"
    fields = ("stars", "decision_number", "decided_on", "valid_until", "status", "status_reason")
    ordering = ("-decided_on",)


class AuditInline(ReadOnlyInline):
    model = AuditEvent
    fields = ("at", "action", "reason", "actor", "run")


class RevokeForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="e.g. the revocation decision number and the unmet criterion",
    )


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "commune", "district", "province")
    list_filter = ("kind", "address_scheme", "province")
    search_fields = ("name", "name_key", "province")


@admin.register(OcopProduct)
class OcopProductAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "province", "shown", "saleor_product_id")
    list_filter = ("shown", "province")
    search_fields = ("name", "code", "product_key", "producer__name")
    readonly_fields = (
        "product_key",
        "code",
        "saleor_product_id",
        "shown",
        "applied_hash",
        "content",
        "created_at",
        "updated_at",
    )
    raw_id_fields = ("producer", "owner")
    inlines = [CertificateInline, AuditInline]
    actions = ["revoke_certificates"]

    @admin.action(description="Revoke the current certificate (asks for a reason)")
    def revoke_certificates(
        self, request: HttpRequest, queryset: QuerySet[OcopProduct]
    ) -> HttpResponse | None:
        form = RevokeForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            actor = getattr(request.user, "email", "") or str(request.user)
            done = 0
            for product in queryset:
                try:
                    revoke(product, form.cleaned_data["reason"], actor=f"admin:{actor}")
                    done += 1
                except (ValueError, SaleorError, SyncFailed) as exc:
                    self.message_user(request, f"{product}: {exc}", messages.ERROR)
            self.message_user(request, f"Revoked and hidden: {done}", messages.SUCCESS)
            return None
        return TemplateResponse(
            request,
            "admin/catalog_sync/revoke.html",
            {
                **self.admin_site.each_context(request),
                "title": "Revoke OCOP certificates",
                "products": queryset,
                "form": form,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ("product", "stars", "decision_number", "decided_on", "valid_until", "status")
    list_filter = ("status", "stars", "group", "recognition_level")
    search_fields = ("product__name", "product__code", "decision_number")
    date_hierarchy = "valid_until"


class RowIssueInline(ReadOnlyInline):
    model = RowIssue
    fields = ("row_number", "column", "kind", "reason")


@admin.register(SyncRun)
class SyncRunAdmin(ReadOnlyAdmin):
    list_display = (
        "pk",
        "kind",
        "source",
        "dry_run",
        "as_of",
        "status",
        "started_at",
        "finished_at",
    )
    list_filter = ("kind", "status", "dry_run")
    inlines = [RowIssueInline]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "product", "action", "reason", "actor", "run")
    list_filter = ("action",)
    search_fields = ("product__name", "reason")
