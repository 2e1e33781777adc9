"""Province events ("online agriculture weeks", OCOP fairs): featured products, a discount, a theme.

The shop owns what an event is (its names, dates, province, products, discount and theme) and who
may run it; Saleor carries it out: a collection of the featured products, published from the start,
and a catalogue promotion on that collection for the event's dates, so every price Saleor computes
(listings, carts, checkouts, orders) is right without the shop computing one. What exists in
Saleor is recorded here (collection, promotion and rule ids) after each write, so a failed write
is retried from where it stopped and never left half-applied without a trace.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from catalog_sync.models import OcopProduct

# The shop's languages: Vietnamese is required, the others shown when given.
NAME_LANGUAGES = ("vi", "en", "fr", "zh_hans", "ko", "ja")


class EventQuerySet(models.QuerySet["Event"]):
    def manageable_by(self, user: Any) -> EventQuerySet:
        """The events a user may read and change: staff all, an officer its province's (never a
        national event), anyone else none. Every officer view looks events up through this."""
        from accounts import policy

        if not (user is not None and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_staff:
            return self
        officer = policy.officer_of(user)
        if officer is None:
            return self.none()
        return self.filter(is_national=False, province_key=officer.province_key)

    def live(self) -> EventQuerySet:
        """Not cancelled."""
        return self.exclude(status=Event.Status.CANCELLED)

    def running_at(self, moment: datetime) -> EventQuerySet:
        return self.live().filter(starts_at__lte=moment, ends_at__gt=moment)

    def not_ended_at(self, moment: datetime) -> EventQuerySet:
        return self.live().filter(ends_at__gt=moment)


class Event(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled"
        CANCELLED = "cancelled"

    class Discount(models.TextChoices):
        NONE = "none"
        PERCENTAGE = "percentage"
        FIXED = "fixed"

    class SaleorState(models.TextChoices):
        PENDING = "pending"  # written here, not yet (or not all) in Saleor
        SYNCED = "synced"  # Saleor has what the event says
        FAILED = "failed"  # the last attempt failed (saleor_error says why); retried

    slug = models.SlugField(max_length=80, unique=True, help_text="its address: /events/<slug>/")
    name_vi = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    name_fr = models.CharField(max_length=200, blank=True)
    name_zh_hans = models.CharField(max_length=200, blank=True)
    name_ko = models.CharField(max_length=200, blank=True)
    name_ja = models.CharField(max_length=200, blank=True)
    # The province as the registry keys it (Producer.province_key / OcopProduct.province_key) and
    # names it; a national event (staff only) has none and may feature any province's products.
    is_national = models.BooleanField(default=False)
    province = models.CharField(max_length=200, blank=True)
    province_key = models.CharField(max_length=200, blank=True, db_index=True)
    starts_at = models.DateTimeField(help_text="entered in Vietnam time, stored aware")
    ends_at = models.DateTimeField()
    theme = models.CharField(max_length=64, default="default")
    discount_kind = models.CharField(max_length=16, choices=Discount.choices, default="none")
    discount_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    # A fixed amount off each product, per channel slug in that channel's currency:
    # {"vn": "20000", "intl": "1.00", "eu": "1.00"}; a channel not named gets no discount.
    discount_amounts = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # What Saleor has, recorded after each write that made it:
    saleor_collection_id = models.CharField(max_length=100, blank=True)
    saleor_promotion_id = models.CharField(max_length=100, blank=True)
    saleor_rule_ids = models.JSONField(default=dict, blank=True)  # channel slug -> rule id
    saleor_state = models.CharField(
        max_length=16, choices=SaleorState.choices, default=SaleorState.PENDING
    )
    saleor_error = models.TextField(blank=True)
    saleor_synced_at = models.DateTimeField(null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(is_national=True) | ~Q(province_key=""), name="event_has_a_province"
            ),
        ]

    def __str__(self) -> str:
        return self.name_vi

    def name_in(self, language: str) -> str:
        """The name in a Django language code ("zh-hans" too), else the Vietnamese one."""
        field = "name_" + (language or "vi").lower().replace("-", "_")
        return str(getattr(self, field, "") or self.name_vi)

    def name_translated(self, language: str) -> bool:
        field = "name_" + (language or "vi").lower().replace("-", "_")
        return bool(getattr(self, field, ""))

    @property
    def cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def phase(self, moment: datetime) -> str:
        """ "before", "running" or "after" at ``moment`` ("cancelled" when it was called off)."""
        if self.cancelled:
            return "cancelled"
        if moment < self.starts_at:
            return "before"
        if moment < self.ends_at:
            return "running"
        return "after"

    def rewards(self) -> dict[str, tuple[str, Decimal]]:
        """The discount per channel slug: (Saleor's reward value type, value); empty: none."""
        from saleor_api import blueprint as bp

        if self.discount_kind == self.Discount.PERCENTAGE and self.discount_percent:
            return {c.slug: ("PERCENTAGE", Decimal(self.discount_percent)) for c in bp.CHANNELS}
        if self.discount_kind == self.Discount.FIXED:
            return {
                slug: ("FIXED", Decimal(str(amount)))
                for slug, amount in sorted(self.discount_amounts.items())
                if amount not in (None, "") and Decimal(str(amount)) > 0
            }
        return {}

    def featured(self) -> models.QuerySet[EventProduct]:
        """The products still in the event (a lapsed certificate took the others out)."""
        return self.entries.filter(removed_at__isnull=True).select_related("product")


class EventProduct(models.Model):
    """A product featured by an event; one whose certificate ended during it is taken out
    (``removed_at`` and why) and leaves the Saleor collection, so the promotion leaves it too."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="entries")
    product = models.ForeignKey(OcopProduct, on_delete=models.PROTECT, related_name="event_entries")
    position = models.PositiveIntegerField(default=0)
    added_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "product"], name="unique_event_product")
        ]

    def __str__(self) -> str:
        return f"{self.event} — {self.product}"
