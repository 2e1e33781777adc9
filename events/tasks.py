"""Celery tasks of events: bring an event's Saleor side up to date, retried until it is."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from events.lifecycle import drop_lapsed
from events.models import Event
from events.sync import EventBusy, sync_event
from saleor_api.errors import SaleorError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 60


@shared_task(name="events.tasks.sync", bind=True, max_retries=30, acks_late=True)
def sync(self, event_id: int) -> str:
    try:
        return sync_event(event_id).saleor_state
    except (SaleorError, EventBusy) as exc:
        raise self.retry(exc=exc, countdown=RETRY_SECONDS) from exc
    except Event.DoesNotExist:
        return "gone"


def schedule_sync(event_id: int) -> None:
    """Bring the event's Saleor side up to date now, else soon (the task retries)."""
    try:
        sync_event(event_id)
    except (SaleorError, EventBusy):
        sync.apply_async(args=[event_id], countdown=RETRY_SECONDS)


@shared_task(name="events.tasks.drop_lapsed", acks_late=True)
def drop_lapsed_products() -> list[int]:
    """Daily after the expiry sweep: products whose certificate ended leave their events."""
    changed = drop_lapsed()
    for event_id in changed:
        sync.delay(event_id)
    return changed


@shared_task(name="events.tasks.resync_pending", acks_late=True)
def resync_pending() -> int:
    """Every few minutes: events whose Saleor side is not known to be in line (a failure whose
    retries ran out, a crash between writes) are tried again."""
    stale = Event.objects.exclude(saleor_state=Event.SaleorState.SYNCED).filter(
        updated_at__lt=timezone.now() - timedelta(seconds=RETRY_SECONDS)
    )
    count = 0
    for event_id in stale.values_list("pk", flat=True):
        sync.delay(event_id)
        count += 1
    return count
