"""The registry in the Django admin: browse and search; sync runs and audit are read-only;
a manual revocation (with a reason) hides the product in Saleor at once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from catalog_sync.content import GROUP_LABELS
from catalog_sync.domain import OcopGroup
from catalog_sync.models import AuditEvent, Certificate, OcopProduct, Producer, RowIssue, SyncRun
from catalog_sync.registry import relist
from catalog_sync.services import SyncFailed, revoke
from catalog_sync.validity import ocop_today
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
    fields = (
        "stars",
        "group",
        "decision_number",
        "decided_on",
        "valid_until",
        "status_today",
        "status_reason",
    )
    readonly_fields = fields
    ordering = ("-decided_on",)

    @admin.display(description="status today")
    def status_today(self, certificate: Certificate) -> str:
        return certificate.status_on(ocop_today())


class AuditInline(ReadOnlyInline):
    model = AuditEvent
    fields = ("at", "action", "reason", "actor", "run")
    readonly_fields = fields  # "at" is not editable: a form cannot hold it


class CurrentGroupFilter(admin.SimpleListFilter):
    """The group of the current certificate; "unclassified" lists the products staff must
    classify (a list gave no group and the name suggested none)."""

    title = "group"
    parameter_name = "group"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(g.value, GROUP_LABELS.get(g.value, g.value)) for g in OcopGroup]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if not self.value():
            return queryset
        current = Certificate.objects.current().filter(product=OuterRef("pk"), group=self.value())
        return queryset.filter(Exists(current))


class DeletedInSaleorFilter(admin.SimpleListFilter):
    title = "deleted in Saleor"
    parameter_name = "deleted"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "deleted by staff: left out"), ("no", "not deleted")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(removed_from_saleor_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(removed_from_saleor_at__isnull=True)
        return queryset


class StatusTodayFilter(admin.SimpleListFilter):
    title = "certificate today"
    parameter_name = "today"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("valid", "valid today"), ("ended", "ended, revoked or none")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        valid = Certificate.objects.active().filter(
            product=OuterRef("pk"), valid_until__gte=ocop_today()
        )
        if self.value() == "valid":
            return queryset.filter(Exists(valid))
        if self.value() == "ended":
            return queryset.exclude(Exists(valid))
        return queryset


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
    list_display = (
        "name",
        "code",
        "province",
        "group",
        "status_today",
        "shown",
        "saleor_product_id",
    )
    list_filter = (
        CurrentGroupFilter,
        StatusTodayFilter,
        "shown",
        DeletedInSaleorFilter,
        "province",
    )
    search_fields = ("name", "code", "product_key", "producer__name")
    readonly_fields = (
        "product_key",
        "code",
        "saleor_product_id",
        "shown",
        "applied_hash",
        "saleor_shape",
        "removed_from_saleor_at",
        "content",
        "created_at",
        "updated_at",
    )
    raw_id_fields = ("producer", "owner")
    inlines = [CertificateInline, AuditInline]
    actions = ["revoke_certificates", "list_again"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[OcopProduct]:
        current = Certificate.objects.current().order_by("-decided_on", "-id")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("certificates", queryset=current, to_attr="current_certs"))
        )

    @staticmethod
    def _current(product: OcopProduct) -> Certificate | None:
        certs = getattr(product, "current_certs", None)
        if certs is None:
            return product.current_certificate()
        return certs[0] if certs else None

    @admin.display(description="status today")
    def status_today(self, product: OcopProduct) -> str:
        """As the storefront judges it: valid today in Vietnam, whatever the stored status says."""
        current = self._current(product)
        return current.status_on(ocop_today()) if current else "no certificate"

    @admin.display(description="group")
    def group(self, product: OcopProduct) -> str:
        current = self._current(product)
        return GROUP_LABELS.get(current.group, current.group) if current else ""

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

    @admin.action(description="List again in the shop (products deleted in Saleor)")
    def list_again(self, request: HttpRequest, queryset: QuerySet[OcopProduct]) -> None:
        actor = getattr(request.user, "email", "") or str(request.user)
        user = request.user if request.user.is_authenticated else None
        done = relist(queryset, actor=f"admin:{actor}", user=user)
        if done:
            self.message_user(
                request,
                f"Listed again: {done}; the next sync creates them in Saleor.",
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, "None of these products was deleted in Saleor.", messages.WARNING
            )


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = (
        "product",
        "stars",
        "decision_number",
        "decided_on",
        "valid_until",
        "status_today",
    )
    list_filter = ("status", "stars", "group", "recognition_level")
    search_fields = ("product__name", "product__code", "decision_number")
    date_hierarchy = "valid_until"

    @admin.display(description="status today")
    def status_today(self, certificate: Certificate) -> str:
        return certificate.status_on(ocop_today())


class RowIssueInline(ReadOnlyInline):
    model = RowIssue
    fields = ("sheet", "row_number", "column", "kind", "reason")
    readonly_fields = fields


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
