"""The OCOP registry: producers, products, certificates with their history, sync runs and audit.

The registry is the official record as the lists state it. Saleor holds the catalogue as customers
see it; `OcopProduct.saleor_product_id` and `externalReference` link the two.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from catalog_sync.domain import (
    AddressScheme,
    CertStatus,
    OcopGroup,
    ProducerKind,
    RecognitionLevel,
)
from catalog_sync.validity import is_valid_on
from saleor_api import blueprint as bp


class Producer(models.Model):
    """Who makes OCOP products: a cooperative, company, household business or cooperative group."""

    name = models.CharField(max_length=300)
    name_key = models.CharField(max_length=300, help_text="diacritics-insensitive matching key")
    kind = models.CharField(max_length=32, choices=[(k.value, k.name) for k in ProducerKind])
    commune = models.CharField(max_length=200, blank=True)
    district = models.CharField(max_length=200, blank=True)
    province = models.CharField(max_length=200, blank=True)
    province_key = models.CharField(max_length=200, blank=True)
    address_scheme = models.CharField(
        max_length=16, choices=[(s.value, s.name) for s in AddressScheme]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["province_key", "name_key"], name="unique_producer")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.province})"


class OcopProductQuerySet(models.QuerySet["OcopProduct"]):
    def shown(self) -> OcopProductQuerySet:
        return self.filter(shown=True)

    def in_province(self, province_key: str) -> OcopProductQuerySet:
        return self.filter(province_key=province_key)


class OcopProduct(models.Model):
    """A product with a stable identity across lists and re-ratings."""

    product_key = models.CharField(max_length=500, unique=True)
    code = models.CharField(
        max_length=100, unique=True, help_text="public verification code (/verify/<code>)"
    )
    name = models.CharField(max_length=500)
    slug = models.SlugField(
        max_length=120, blank=True, db_index=True, help_text="the Saleor product's slug (its URL)"
    )
    producer = models.ForeignKey(Producer, on_delete=models.PROTECT, related_name="products")
    province = models.CharField(
        max_length=200, blank=True, help_text="empty if the list names none"
    )
    province_key = models.CharField(max_length=200, blank=True, db_index=True)
    # The product as the current certificate's list states it (ProductContent.to_json()): what the
    # shop shows, including price, weight and images from the list that gave them.
    content = models.JSONField(default=dict, blank=True)
    # The link to Saleor and what this project last wrote there:
    saleor_product_id = models.CharField(max_length=100, blank=True, db_index=True)
    shown = models.BooleanField(default=False, help_text="published and for sale in Saleor")
    applied_hash = models.CharField(max_length=64, blank=True)
    # The shape (saleor_api.blueprint.SHAPE) the product was last written to Saleor in: a
    # product of an older shape is rewritten by the next sync or sweep. Products there before
    # shapes were recorded are of shape 1 (migration 0006).
    saleor_shape = models.PositiveSmallIntegerField(default=bp.SHAPE)
    # Staff deleted the product in Saleor (its webhook, or Saleor answering that it no longer
    # exists): the link is dropped and the sync does not create it again until staff list it
    # again (the admin's "List again in the shop").
    removed_from_saleor_at = models.DateTimeField(
        null=True, blank=True, help_text="when staff deleted it in Saleor: not created again"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="the cooperative account that manages this listing",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OcopProductQuerySet.as_manager()

    def __str__(self) -> str:
        return self.name

    @property
    def external_reference(self) -> str:
        return external_reference(self.product_key)

    def current_certificate(self) -> Certificate | None:
        return (
            self.certificates.exclude(status=Certificate.Status.SUPERSEDED)
            .order_by("-decided_on", "-id")
            .first()
        )


def external_reference(product_key: str) -> str:
    return f"ocop:{product_key}"


class CertificateQuerySet(models.QuerySet["Certificate"]):
    def current(self) -> CertificateQuerySet:
        return self.exclude(status=Certificate.Status.SUPERSEDED)

    def active(self) -> CertificateQuerySet:
        return self.filter(status=Certificate.Status.ACTIVE)

    def lapsed_on(self, day: date) -> CertificateQuerySet:
        """Active certificates whose validity ended before ``day``."""
        return self.active().filter(valid_until__lt=day)

    def expiring_between(self, start: date, end: date) -> CertificateQuerySet:
        return self.active().filter(valid_until__gte=start, valid_until__lte=end)


class Certificate(models.Model):
    """One rating of a product: a recognition decision. A re-rating supersedes it; history stays."""

    Status = CertStatus  # the planner's own, so the registry and the plan speak one language

    product = models.ForeignKey(OcopProduct, on_delete=models.CASCADE, related_name="certificates")
    stars = models.PositiveSmallIntegerField()
    group = models.CharField(max_length=32, choices=[(g.value, g.name) for g in OcopGroup])
    subgroup = models.CharField(max_length=300, blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    decision_number = models.CharField(max_length=100)
    decided_on = models.DateField()
    valid_until = models.DateField(help_text="the last day the rating is valid")
    issuing_authority = models.CharField(max_length=300, blank=True)
    recognition_level = models.CharField(
        max_length=16, choices=[(r.value, r.name) for r in RecognitionLevel]
    )
    status = models.CharField(
        max_length=16,
        choices=[(status.value, status.name.title()) for status in CertStatus],
        default=CertStatus.ACTIVE,
    )
    status_reason = models.CharField(max_length=500, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    source = models.CharField(max_length=1000, blank=True)
    source_row = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["product", "decision_number"], name="unique_certificate_per_decision"
            ),
            models.CheckConstraint(
                condition=Q(stars__gte=3) & Q(stars__lte=5), name="certified_stars_only"
            ),
        ]
        indexes = [models.Index(fields=["status", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.product} — {self.stars}★ ({self.decision_number})"

    def status_on(self, day: date) -> str:
        """The status as the storefront judges it on ``day`` (a Vietnamese civil date): a
        certificate whose validity ended is expired even before the sweep has marked it."""
        if self.status in (self.Status.REVOKED, self.Status.SUPERSEDED):
            return str(self.status)
        return str(
            self.Status.ACTIVE if is_valid_on(self.valid_until, day) else self.Status.EXPIRED
        )


class SyncRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        PARTIAL = "partial"  # some rows rejected or some Saleor writes failed
        FAILED = "failed"

    kind = models.CharField(max_length=16, default="sync")  # sync | expire
    source = models.CharField(max_length=1000, blank=True)
    options = models.JSONField(default=dict, blank=True)
    dry_run = models.BooleanField(default=False)
    as_of = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.status}"


class RowIssue(models.Model):
    """A feed row that was not imported, and why."""

    run = models.ForeignKey(SyncRun, on_delete=models.CASCADE, related_name="row_issues")
    row_number = models.PositiveIntegerField()
    sheet = models.CharField(max_length=200, blank=True, help_text="the workbook sheet, if several")
    column = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=32)
    reason = models.CharField(max_length=1000)

    class Meta:
        ordering = ["row_number"]

    def __str__(self) -> str:
        where = (
            f"sheet '{self.sheet}', row {self.row_number}"
            if self.sheet
            else f"row {self.row_number}"
        )
        return f"{where}: {self.reason}"


class AuditEvent(models.Model):
    """Every publish, hide, revoke and Saleor write of a product, with its reason."""

    class Action(models.TextChoices):
        CREATED = "created"
        UPDATED = "updated"
        HIDDEN = "hidden"
        REPUBLISHED = "republished"
        REVOKED = "revoked"
        FAILED = "failed"
        EDITED = "edited"  # by a person in the producers' portal
        SHIPPED = "shipped"  # an order line sent by its producer
        REMOVED = "removed"  # deleted in Saleor by staff: the sync leaves it out
        RELISTED = "relisted"  # listed again by staff after a removal

    product = models.ForeignKey(OcopProduct, on_delete=models.CASCADE, related_name="audit")
    run = models.ForeignKey(SyncRun, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=16, choices=Action.choices)
    reason = models.CharField(max_length=1000)
    actor = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="the person who made the change (portal edits)",
    )
    # What the listing was and became (portal edits): only the fields that changed.
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.product_id}: {self.reason}"


class ProductPhoto(models.Model):
    """A photo a list gave for a product, as uploaded to the product's media in Saleor: a rerun
    uploads nothing twice (the same address, or the same image under another address), and a
    later list naming new photos adds only those."""

    product = models.ForeignKey(OcopProduct, on_delete=models.CASCADE, related_name="photos")
    saleor_product_id = models.CharField(max_length=100, help_text="the product it was added to")
    source_url = models.CharField(max_length=2000, help_text="where the list said the photo is")
    sha256 = models.CharField(max_length=64)
    saleor_media_id = models.CharField(max_length=100)
    run = models.ForeignKey(SyncRun, null=True, blank=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["product", "saleor_product_id", "source_url"], name="unique_product_photo"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.source_url}"


class RetiredShape(models.Model):
    """The product shape (blueprint.SHAPE) whose predecessors' attributes are gone from Saleor:
    once recorded, later runs do not ask Saleor about them again (a rerun with no change sends
    Saleor nothing)."""

    shape = models.PositiveSmallIntegerField(unique=True)
    retired_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"shapes before {self.shape} retired at {self.retired_at:%Y-%m-%d %H:%M}"
