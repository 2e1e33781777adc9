"""An event is carried out in Saleor (the in-memory double): a collection of its products,
published from its start, and a catalogue promotion on it; Saleor's prices show the discount."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import httpx
import pytest
from django.test import TestCase
from django.utils import timezone

from catalog_sync.services import revoke
from events.models import Event
from events.sync import sync_event
from saleor_api.errors import SaleorUnavailable
from storefront import catalog
from tests.events.conftest import KIEN_GIANG, make_event, product

pytestmark = pytest.mark.django_db


def writes(shop) -> list[str]:
    return [c for c in shop.calls if c.startswith("Event") and "State" not in c and "By" not in c]


def card_prices(channel: str, event: Event) -> dict[str, tuple[Decimal, Decimal | None]]:
    """name -> (price, undiscounted price) of the event's cards as Saleor gives them."""
    ids = [e.product.saleor_product_id for e in event.featured()]
    cards = catalog.cards(channel, "vi", timezone.localdate(), ids)
    return {
        c.name: (c.price.amount, c.undiscounted_price.amount if c.undiscounted_price else None)
        for c in cards
        if c.price
    }


def test_an_event_becomes_a_published_collection_and_a_promotion_per_channel(shop):
    event = make_event("Kiên Giang", [product(n) for n in KIEN_GIANG])

    sync_event(event.pk)

    event.refresh_from_db()
    assert event.saleor_state == Event.SaleorState.SYNCED
    collection = shop.collections[event.saleor_collection_id]
    assert collection["slug"] == "ocop-event-tuan-le"
    assert sorted(collection["products"]) == sorted(
        product(n).saleor_product_id for n in KIEN_GIANG
    )
    assert {
        slug: (c["isPublished"], c["publishedAt"])
        for slug, c in collection["channelListings"].items()
    } == {slug: (True, event.starts_at.isoformat()) for slug in ("vn", "intl", "eu")}
    promotion = shop.promotions[event.saleor_promotion_id]
    assert promotion["startDate"] == event.starts_at.isoformat()
    assert promotion["endDate"] == event.ends_at.isoformat()
    rules = {r["channels"][0]["slug"]: r for r in promotion["rules"]}
    assert set(rules) == {"vn", "intl", "eu"} == set(event.saleor_rule_ids)
    assert {r["rewardValueType"] for r in rules.values()} == {"PERCENTAGE"}
    assert {r["rewardValue"] for r in rules.values()} == {10.0}
    assert all(
        r["cataloguePredicate"] == {"collectionPredicate": {"ids": [collection["id"]]}}
        for r in rules.values()
    )


def test_a_second_sync_writes_nothing(shop):
    event = make_event("Kiên Giang", [product(n) for n in KIEN_GIANG])
    sync_event(event.pk)
    before = len(writes(shop))

    sync_event(event.pk)

    assert writes(shop)[before:] == []


def test_during_the_event_saleor_gives_the_discounted_price_in_vnd_and_usd(shop):
    event = make_event("Kiên Giang", [product(n) for n in KIEN_GIANG])
    sync_event(event.pk)

    vnd = card_prices("vn", event)
    usd = card_prices("intl", event)

    assert vnd["Nước mắm Phú Quốc 40 độ đạm"] == (Decimal("166500"), Decimal("185000"))
    assert usd["Nước mắm Phú Quốc 40 độ đạm"] == (Decimal("6.75"), Decimal("7.50"))


def test_before_and_after_its_dates_the_price_is_the_full_one(shop):
    event = make_event(
        "Kiên Giang", [product(KIEN_GIANG[0])], starts=timedelta(days=1), ends=timedelta(days=8)
    )
    sync_event(event.pk)
    assert card_prices("vn", event)[KIEN_GIANG[0]] == (Decimal("185000"), Decimal("185000"))

    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(days=8), ends_at=timezone.now() - timedelta(days=1)
    )
    before = len(writes(shop))
    event = sync_event(event.pk)

    # Saleor recomputes prices when a rule is written, not when a started promotion's dates move
    assert writes(shop)[before:] == ["EventCollectionChannels", "EventPromotionUpdate"] + [
        "EventPromotionRuleUpdate"
    ] * 3

    promotion = shop.promotions[event.saleor_promotion_id]
    assert promotion["endDate"] < timezone.now().isoformat()
    assert card_prices("vn", event)[KIEN_GIANG[0]] == (Decimal("185000"), Decimal("185000"))


def test_an_edit_changes_only_what_changed(shop):
    event = make_event("Kiên Giang", [product(n) for n in KIEN_GIANG])
    event = sync_event(event.pk)
    rule_ids = dict(event.saleor_rule_ids)
    before = len(writes(shop))

    Event.objects.filter(pk=event.pk).update(
        discount_kind="fixed",
        discount_percent=None,
        discount_amounts={"vn": "20000", "intl": "1.00"},
    )
    event.entries.filter(product=product(KIEN_GIANG[1])).delete()
    sync_event(event.pk)

    event.refresh_from_db()
    assert writes(shop)[before:] == [
        "EventCollectionRemoveProducts",
        "EventPromotionRuleDelete",  # eu: no amount given, no discount
        "EventPromotionRuleUpdate",
        "EventPromotionRuleUpdate",
    ]
    assert event.saleor_rule_ids == {k: v for k, v in rule_ids.items() if k != "eu"}
    assert shop.collections[event.saleor_collection_id]["products"] == [
        product(KIEN_GIANG[0]).saleor_product_id
    ]
    assert card_prices("vn", event)[KIEN_GIANG[0]] == (Decimal("165000"), Decimal("185000"))
    assert card_prices("intl", event)[KIEN_GIANG[0]] == (Decimal("6.50"), Decimal("7.50"))
    assert card_prices("eu", event)[KIEN_GIANG[0]] == (Decimal("6.50"), Decimal("6.50"))


def test_removing_the_discount_deletes_the_promotion(shop):
    event = make_event("Kiên Giang", [product(KIEN_GIANG[0])])
    sync_event(event.pk)

    Event.objects.filter(pk=event.pk).update(discount_kind="none", discount_percent=None)
    sync_event(event.pk)

    event.refresh_from_db()
    assert shop.promotions == {}
    assert event.saleor_promotion_id == ""
    assert event.saleor_rule_ids == {}
    assert event.saleor_collection_id in shop.collections


def test_a_cancelled_event_ends_its_promotion_and_its_collection(shop):
    event = make_event("Kiên Giang", [product(KIEN_GIANG[0])])
    sync_event(event.pk)

    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    sync_event(event.pk)

    event.refresh_from_db()
    assert shop.promotions == {}
    assert shop.collections == {}
    assert (event.saleor_promotion_id, event.saleor_collection_id) == ("", "")
    assert card_prices("vn", event)[KIEN_GIANG[0]] == (Decimal("185000"), Decimal("185000"))


def test_saleor_down_leaves_the_event_failed_with_what_exists_recorded_then_a_retry_finishes(
    shop,
):
    event = make_event("Kiên Giang", [product(n) for n in KIEN_GIANG])
    answer = shop.handle

    def promotions_down(request: httpx.Request) -> httpx.Response:
        if b"EventPromotionsByName" in request.content:
            return httpx.Response(503)
        return answer(request)

    shop.handle = promotions_down  # type: ignore[method-assign]
    client = shop.client()

    with pytest.raises(SaleorUnavailable):
        sync_event(event.pk, client)

    event.refresh_from_db()
    assert event.saleor_state == Event.SaleorState.FAILED
    assert "EventPromotionsByName" in event.saleor_error
    assert event.saleor_collection_id in shop.collections  # made, and recorded
    assert event.saleor_promotion_id == ""

    shop.handle = answer  # type: ignore[method-assign]
    sync_event(event.pk, shop.client())

    event.refresh_from_db()
    assert event.saleor_state == Event.SaleorState.SYNCED
    assert event.saleor_error == ""
    assert len(shop.collections) == 1
    assert len(shop.promotions) == 1


def test_a_promotion_whose_answer_was_lost_is_found_again_not_made_twice(shop):
    event = make_event("Kiên Giang", [product(KIEN_GIANG[0])])
    sync_event(event.pk)
    # the answer to promotionCreate never arrived: nothing recorded on our side
    Event.objects.filter(pk=event.pk).update(
        saleor_promotion_id="", saleor_rule_ids={}, saleor_collection_id=""
    )

    sync_event(event.pk)

    event.refresh_from_db()
    assert len(shop.promotions) == 1
    assert len(shop.collections) == 1
    assert event.saleor_promotion_id in shop.promotions
    assert event.saleor_collection_id in shop.collections


def test_a_product_whose_certificate_is_revoked_leaves_the_event_and_its_collection(shop):
    event = make_event("Kiên Giang", [product(n) for n in KIEN_GIANG])
    sync_event(event.pk)

    with TestCase.captureOnCommitCallbacks(execute=True):
        revoke(product(KIEN_GIANG[1]), "vi phạm an toàn thực phẩm", actor="test")

    event.refresh_from_db()
    entry = event.entries.get(product=product(KIEN_GIANG[1]))
    assert entry.removed_at is not None
    assert entry.removed_reason == "certificate no longer valid"
    assert shop.collections[event.saleor_collection_id]["products"] == [
        product(KIEN_GIANG[0]).saleor_product_id
    ]
    assert event.saleor_state == Event.SaleorState.SYNCED


def test_a_certificate_that_ends_during_the_event_takes_its_product_out_at_the_sweep(
    shop, monkeypatch
):
    from catalog_sync.models import Certificate
    from events.tasks import drop_lapsed_products

    event = sync_event(make_event("Kiên Giang", [product(n) for n in KIEN_GIANG]).pk)
    today = timezone.localdate()
    Certificate.objects.filter(product=product(KIEN_GIANG[0])).update(
        valid_until=today - timedelta(days=1)
    )
    monkeypatch.setattr("catalog_sync.validity.ocop_today", lambda now=None: today)

    assert drop_lapsed_products() == [event.pk]

    assert shop.collections[event.saleor_collection_id]["products"] == [
        product(KIEN_GIANG[1]).saleor_product_id
    ]
    assert drop_lapsed_products() == []
