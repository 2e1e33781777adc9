"""Celery tasks of the producers' portal."""

from __future__ import annotations

from celery import shared_task

from catalog_sync.validity import ocop_today
from portal.notices import send_due


@shared_task(name="portal.tasks.certificate_notices", acks_late=True)
def certificate_notices() -> int:
    """Daily, after the expiry sweep (see CELERY_BEAT_SCHEDULE): warn producers by mail."""
    return send_due(ocop_today())
