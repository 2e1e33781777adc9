"""Celery tasks of events: an event whose Saleor side is not in line is tried again until it is.

A write that fails leaves the event ``failed`` (or ``pending``) in the database with the reason,
shown on its officer page; ``resync_pending`` (Celery beat, every two minutes) tries each such
event again. Nothing waits on a broker in a request.
"""

from __future__ import annotations

import logging

from celery import shared_task

from events.lifecycle import drop_lapsed
from events.models import Event
from events.sync import EventBusy, sync_event
from saleor_api.errors import SaleorError

logger = logging.getLogger(__name__)


def schedule_sync(event_id: int) -> bool:
    """Bring the event's Saleor side up to date now; False when Saleor failed (the event
    records it and ``resync_pending`` tries again) or another process is on it."""
    try:
        sync_event(event_id)
    except (SaleorError, EventBusy) as exc:
        logger.info(
            "event %s: Saleor not updated now (%s); retried by resync_pending", event_id, exc
        )
        return False
    return True


@shared_task(name="events.tasks.drop_lapsed", acks_late=True)
def drop_lapsed_products() -> list[int]:
    """Daily after the expiry sweep: products whose certificate ended leave their events."""
    changed = drop_lapsed()
    for event_id in changed:
        schedule_sync(event_id)
    return changed


@shared_task(name="events.tasks.resync_pending", acks_late=True)
def resync_pending() -> int:
    """Events whose Saleor side is not known to be in line (a failed write, a crash between two
    writes) are tried again; the number now in line."""
    pending = Event.objects.exclude(saleor_state=Event.SaleorState.SYNCED)
    return sum(schedule_sync(event_id) for event_id in pending.values_list("pk", flat=True))
