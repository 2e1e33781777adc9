"""Products leave an event when their certificate ends (expired or revoked) while it runs.

The registry decides (``catalog_sync.public.certified_ids_on``, judged on the dates); the
product is taken out of the event here and out of its Saleor collection by ``sync_event``, so
Saleor's promotion no longer discounts it. Called after every sweep, sync or revocation
(``catalogue_changed``) and daily by Celery beat (``events.tasks.drop_lapsed``), since a
certificate can lapse at midnight with nothing else to announce it.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from catalog_sync import validity
from catalog_sync.public import certified_ids_on
from events.models import Event, EventProduct

logger = logging.getLogger(__name__)

LAPSED = "certificate no longer valid"


def drop_lapsed(now: Any = None) -> list[int]:
    """Take every product whose certificate is not valid today out of the events that have not
    ended; the ids of the events changed (their Saleor collection is to be brought in line)."""
    now = now or timezone.now()
    entries = list(
        EventProduct.objects.filter(
            removed_at__isnull=True, event__in=Event.objects.not_ended_at(now)
        ).values_list("pk", "product_id", "event_id")
    )
    if not entries:
        return []
    valid = certified_ids_on(
        validity.ocop_today(now), sorted({product for _, product, _ in entries})
    )
    lapsed = [(pk, event) for pk, product, event in entries if product not in valid]
    if not lapsed:
        return []
    EventProduct.objects.filter(pk__in=[pk for pk, _ in lapsed]).update(
        removed_at=now, removed_reason=LAPSED
    )
    changed = sorted({event for _, event in lapsed})
    Event.objects.filter(pk__in=changed).update(saleor_state=Event.SaleorState.PENDING)
    logger.info("events %s: %d products left (certificate ended)", changed, len(lapsed))
    return changed


def drop_lapsed_after_catalogue_change(sender: Any, **kwargs: Any) -> None:
    changed = drop_lapsed()
    if changed:
        from events.tasks import schedule_sync

        for event_id in changed:
            transaction.on_commit(partial(schedule_sync, event_id))
