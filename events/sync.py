"""Carry an event out in Saleor, idempotently: its collection and its catalogue promotion.

``sync_event`` compares what the event says with what Saleor has (read back each time, never
assumed) and writes only the difference, recording every id on the event as soon as Saleor made
it; run twice it writes nothing the second time. A failure leaves the event ``failed`` with the
reason (shown to the officer) and what was already made recorded, and a Celery task tries again
(``events.tasks``); nothing is half-applied without a trace.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db import connection
from django.utils import timezone

from catalog_sync.services import store_layout
from events.models import Event
from saleor_api import promotions
from saleor_api.connection import get_client
from saleor_api.errors import SaleorError
from saleor_api.promotions import Reward
from saleor_api.types import StoreLayout
from storefront.cache import CACHE_DOWN, cache_down, invalidate_catalogue

if TYPE_CHECKING:
    from saleor_api.client import SaleorClient

logger = logging.getLogger(__name__)

LOCK_NAMESPACE = 0x0C0E  # pg advisory lock: (namespace, event id)


class EventBusy(Exception):
    """Another process is bringing this event up to date right now."""


def collection_slug(event: Event) -> str:
    return f"ocop-event-{event.slug}"


def promotion_name(event: Event) -> str:
    """Stable (the slug never changes): a promotion made by a write whose answer was lost is
    found again by it."""
    return f"OCOP event {event.slug}"


@contextmanager
def _locked(event_id: int) -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, event_id])
        if not cursor.fetchone()[0]:
            raise EventBusy(str(event_id))
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, event_id])


def _record(event: Event, **fields: object) -> None:
    """Write these fields of the event at once (each Saleor id as soon as it exists)."""
    for name, value in fields.items():
        setattr(event, name, value)
    Event.objects.filter(pk=event.pk).update(**fields)


def sync_event(event_id: int, client: SaleorClient | None = None) -> Event:
    """Bring Saleor in line with the event; raises SaleorError (recorded) when Saleor fails."""
    with _locked(event_id):
        event = Event.objects.get(pk=event_id)
        try:
            client = client or get_client()
            layout = store_layout(client)
            if event.cancelled:
                _end(client, layout, event)
            else:
                _sync_collection(client, layout, event)
                _sync_promotion(client, layout, event)
        except SaleorError as exc:
            logger.warning("event %s: Saleor write failed: %s", event.slug, exc)
            _record(event, saleor_state=Event.SaleorState.FAILED, saleor_error=str(exc)[:2000])
            raise
        _record(
            event,
            saleor_state=Event.SaleorState.SYNCED,
            saleor_error="",
            saleor_synced_at=timezone.now(),
        )
    _pages_are_stale()
    return event


def _pages_are_stale() -> None:
    """The storefront's cached pages and answers (an event's landing page, the home page's
    block, prices) are drawn again. Saleor's own price change follows within its beat's period."""
    try:
        invalidate_catalogue()
    except CACHE_DOWN as exc:
        cache_down(exc)


def _featured_saleor_ids(event: Event) -> set[str]:
    return {
        entry.product.saleor_product_id
        for entry in event.featured()
        if entry.product.saleor_product_id
    }


def _sync_collection(client: SaleorClient, layout: StoreLayout, event: Event) -> None:
    wanted = _featured_saleor_ids(event)
    state = (
        promotions.get_collection(client, event.saleor_collection_id)
        if event.saleor_collection_id
        else None
    )
    if state is None:
        state = promotions.create_collection(
            client, name=event.name_vi, slug=collection_slug(event), product_ids=sorted(wanted)
        )
        _record(event, saleor_collection_id=state.id)
    if state.name != event.name_vi:
        promotions.rename_collection(client, state.id, event.name_vi)
    channels = [c.slug for c in layout.channels]
    published = {
        slug: at for slug, (shown, at) in state.channels.items() if shown and at is not None
    }
    if any(published.get(slug) != event.starts_at for slug in channels):
        promotions.publish_collection(
            client, layout, state.id, channels=channels, published_at=event.starts_at
        )
    if missing := wanted - state.product_ids:
        promotions.add_to_collection(client, state.id, missing)
    if extra := state.product_ids - wanted:
        promotions.remove_from_collection(client, state.id, extra)


def _rewards(event: Event) -> dict[str, Reward]:
    return {slug: Reward(kind, value) for slug, (kind, value) in event.rewards().items()}


def _sync_promotion(client: SaleorClient, layout: StoreLayout, event: Event) -> None:
    rewards = _rewards(event)
    state = (
        promotions.get_promotion(client, event.saleor_promotion_id)
        if event.saleor_promotion_id
        else None
    )
    if not rewards:  # no discount (any more): no promotion
        if state is not None:
            promotions.delete_promotion(client, state.id)
        if event.saleor_promotion_id or event.saleor_rule_ids:
            _record(event, saleor_promotion_id="", saleor_rule_ids={})
        return
    collection = event.saleor_collection_id
    if state is None:
        state = promotions.create_promotion(
            client,
            layout,
            name=promotion_name(event),
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            collection_id=collection,
            rewards=rewards,
        )
        _record(event, saleor_promotion_id=state.id)
    dates_moved = state.starts_at != event.starts_at or state.ends_at != event.ends_at
    if dates_moved:
        promotions.set_promotion_dates(
            client, state.id, starts_at=event.starts_at, ends_at=event.ends_at
        )
    rule_ids: dict[str, str] = {}
    for rule in state.rules:
        channel = rule.channels[0] if len(rule.channels) == 1 else None
        if channel is None or channel not in rewards or channel in rule_ids:
            promotions.delete_rule(client, rule.id)  # not one of ours, or not wanted any more
            continue
        # Saleor recomputes its products' prices when a rule is written, not when the dates of
        # a promotion that already started move (it would keep the discount of an event moved
        # into the past): the rules are written again whenever the dates move.
        if dates_moved or rule.reward != rewards[channel] or rule.collection_ids != (collection,):
            promotions.update_rule(
                client, rule.id, reward=rewards[channel], collection_id=collection
            )
        rule_ids[channel] = rule.id
    for channel, reward in sorted(rewards.items()):
        if channel not in rule_ids:
            rule_ids[channel] = promotions.create_rule(
                client, layout, state.id, channel=channel, reward=reward, collection_id=collection
            )
    if rule_ids != event.saleor_rule_ids:
        _record(event, saleor_rule_ids=rule_ids)


def _end(client: SaleorClient, layout: StoreLayout, event: Event) -> None:
    """A cancelled event: its promotion is deleted (prices return to normal at once) and its
    collection unpublished and deleted."""
    if event.saleor_promotion_id:
        promotions.delete_promotion(client, event.saleor_promotion_id)
        _record(event, saleor_promotion_id="", saleor_rule_ids={})
    if event.saleor_collection_id:
        promotions.delete_collection(client, event.saleor_collection_id)
        _record(event, saleor_collection_id="")
