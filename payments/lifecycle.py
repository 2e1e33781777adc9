"""Where a payment stands, and which news may move it: Stripe's webhooks arrive late and out of order.

A payment only moves forward through ``pending → action required / failed → processing →
authorized → charged / canceled``. News of a lower rank than the current state is old news (a late
``payment_intent.processing`` after ``payment_intent.succeeded``) and is ignored. News of the same
rank (a failed attempt, then a new attempt needing 3-D Secure) is applied in Stripe's event order.
Refunds are counted apart (``amount_refunded``): they never move the status.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models


class Status(models.TextChoices):
    PENDING = "pending", "pending"  # recorded, the gateway has not answered yet
    ACTION_REQUIRED = "action_required", "the customer must act (pay, 3-D Secure)"
    FAILED = "failed", "failed (the customer may try again)"
    PROCESSING = "processing", "processing"
    AUTHORIZED = "authorized", "authorized"
    CHARGED = "charged", "charged"
    CANCELED = "canceled", "canceled"

    @classmethod
    def holding_money(cls) -> tuple[str, ...]:
        return (cls.PROCESSING, cls.AUTHORIZED, cls.CHARGED)

    @classmethod
    def open(cls) -> tuple[str, ...]:
        return (cls.PENDING, cls.ACTION_REQUIRED)


RANK: dict[str, int] = {
    Status.PENDING: 0,
    Status.ACTION_REQUIRED: 1,
    Status.FAILED: 1,
    Status.PROCESSING: 2,
    Status.AUTHORIZED: 3,
    Status.CHARGED: 4,
    Status.CANCELED: 4,
}


def may_move(
    current: str,
    new: str,
    *,
    last_event_at: datetime | None,
    event_at: datetime,
) -> bool:
    """Whether news that the payment is ``new`` (from an event at ``event_at``) is applied.

    Same status again is applied (Saleor ignores a duplicate; re-sending heals a lost answer).
    """
    if RANK[new] > RANK[current]:
        return True
    if RANK[new] < RANK[current]:
        return False
    if new == current:
        return True
    if RANK[new] == RANK[Status.CHARGED]:
        return False  # charged and canceled are both final: whichever came first stands
    return last_event_at is None or event_at >= last_event_at
