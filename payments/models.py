from __future__ import annotations

from decimal import Decimal

from django.db import models

from payments.lifecycle import Status


class Gateway(models.TextChoices):
    """The payment methods this app offers; the storefront names one in the transaction's data."""

    STRIPE = "app.ocop.stripe", "Stripe (card and wallets)"
    COD = "app.ocop.cod", "Cash on delivery"


class PaymentRecordQuerySet(models.QuerySet["PaymentRecord"]):
    def for_source(self, source_id: str) -> PaymentRecordQuerySet:
        return self.filter(source_id=source_id)

    def settled_or_settling(self) -> PaymentRecordQuerySet:
        """Payments that hold or are taking the customer's money: a new one would pay twice."""
        return self.filter(status__in=Status.holding_money())

    def open(self) -> PaymentRecordQuerySet:
        """Payments the customer could still complete (a PaymentIntent awaiting confirmation)."""
        return self.filter(status__in=Status.open())


class PaymentRecord(models.Model):
    """One Saleor transaction handled by this app: what its gateway made of it.

    It keeps repeated requests idempotent (``answers`` holds the reply to each action request
    already handled) and Stripe's webhooks in order (``status`` only moves forward, see
    :mod:`payments.lifecycle`). Saleor stays the record of the money; this is the app's memory.
    """

    saleor_transaction_id = models.CharField(max_length=255, unique=True)
    gateway = models.CharField(max_length=32, choices=Gateway.choices)
    source_id = models.CharField(max_length=255, db_index=True)  # Saleor checkout or order id
    flow = models.CharField(max_length=16)  # CHARGE or AUTHORIZATION, as Saleor asked
    psp_reference = models.CharField(max_length=255, blank=True, db_index=True)
    amount = models.DecimalField(max_digits=20, decimal_places=3)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    amount_charged = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    amount_refunded = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    last_stripe_event_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)  # action request key -> reply sent
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PaymentRecordQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.get_gateway_display()} {self.psp_reference or self.saleor_transaction_id}"


class StripeEvent(models.Model):
    """A Stripe webhook event, recorded once by its id so a replay is never applied twice."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "to report to Saleor"
        REPORTED = "reported", "reported to Saleor"
        IGNORED = "ignored", "ignored (not ours, not used, or out of order)"
        FAILED = "failed", "refused by Saleor"

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    created = models.DateTimeField()  # when Stripe created the event
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    report = models.JSONField(null=True, blank=True)  # the transactionEventReport variables
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ("-received_at",)

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"
