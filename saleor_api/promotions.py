"""Province events in Saleor: a collection of the featured products and a catalogue promotion on it.

Plain functions over small types, like :mod:`saleor_api.gateway`. Saleor computes every discounted
price (listings, carts, checkouts, orders) from the promotion; nothing here computes a price.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from saleor_api.client import SaleorClient, chunked
from saleor_api.errors import SaleorMutationError
from saleor_api.types import StoreLayout

PAGE = 100


@dataclass(frozen=True)
class CollectionState:
    id: str
    slug: str
    name: str
    # channel slug -> (published, published from)
    channels: dict[str, tuple[bool, datetime | None]]
    product_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Reward:
    value_type: str  # PERCENTAGE or FIXED (in the channel's currency)
    value: Decimal


@dataclass(frozen=True)
class RuleState:
    id: str
    channels: tuple[str, ...]  # channel slugs
    reward: Reward | None
    collection_ids: tuple[str, ...]  # the collections its catalogue predicate names


@dataclass(frozen=True)
class PromotionState:
    id: str
    name: str
    starts_at: datetime | None
    ends_at: datetime | None
    rules: tuple[RuleState, ...]


def _datetime(value: Any) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def _collection(node: Mapping[str, Any], product_ids: Iterable[str] = ()) -> CollectionState:
    return CollectionState(
        id=node["id"],
        slug=node["slug"],
        name=node["name"],
        channels={
            listing["channel"]["slug"]: (
                bool(listing["isPublished"]),
                _datetime(listing.get("publishedAt")),
            )
            for listing in node.get("channelListings") or []
        },
        product_ids=frozenset(product_ids),
    )


def _predicate_collections(predicate: Any) -> tuple[str, ...]:
    if isinstance(predicate, str):
        import json

        predicate = json.loads(predicate or "{}")
    ids = ((predicate or {}).get("collectionPredicate") or {}).get("ids") or []
    return tuple(str(i) for i in ids)


def _promotion(node: Mapping[str, Any]) -> PromotionState:
    rules = []
    for rule in node.get("rules") or []:
        value = rule.get("rewardValue")
        rules.append(
            RuleState(
                id=rule["id"],
                channels=tuple(sorted(c["slug"] for c in rule.get("channels") or [])),
                reward=Reward(str(rule["rewardValueType"]), Decimal(str(value)))
                if value is not None and rule.get("rewardValueType")
                else None,
                collection_ids=_predicate_collections(rule.get("cataloguePredicate")),
            )
        )
    return PromotionState(
        id=node["id"],
        name=node["name"],
        starts_at=_datetime(node.get("startDate")),
        ends_at=_datetime(node.get("endDate")),
        rules=tuple(rules),
    )


# --- the collection ---------------------------------------------------------------------------


def get_collection(client: SaleorClient, collection_id: str) -> CollectionState | None:
    """The collection with every product in it; None when Saleor has no such collection."""
    product_ids: list[str] = []
    node: dict[str, Any] | None = None
    after: str | None = None
    while True:
        data = client.execute(
            "EventCollectionState", {"id": collection_id, "first": PAGE, "after": after}
        )
        node = data.get("collection")
        if not node:
            return None
        products = node.get("products") or {}
        product_ids += [edge["node"]["id"] for edge in products.get("edges") or []]
        info = products.get("pageInfo") or {}
        if not info.get("hasNextPage"):
            break
        after = info.get("endCursor")
    return _collection(node, product_ids)


def find_collection(client: SaleorClient, slug: str) -> CollectionState | None:
    node = client.execute("EventCollectionBySlug", {"slug": slug}).get("collection")
    return get_collection(client, node["id"]) if node else None


def create_collection(
    client: SaleorClient, *, name: str, slug: str, product_ids: Iterable[str] = ()
) -> CollectionState:
    """A collection (not published anywhere yet). One whose slug exists already (a write whose
    answer was lost) is returned instead of made twice."""
    try:
        payload = client.mutate(
            "EventCollectionCreate",
            {"input": {"name": name, "slug": slug, "products": list(product_ids)}},
            result="collectionCreate",
        )
    except SaleorMutationError as exc:
        if "UNIQUE" in exc.codes:
            found = find_collection(client, slug)
            if found is not None:
                return found
        raise
    return _collection(payload["collection"], product_ids)


def rename_collection(client: SaleorClient, collection_id: str, name: str) -> None:
    client.mutate(
        "EventCollectionUpdate",
        {"id": collection_id, "input": {"name": name}},
        result="collectionUpdate",
    )


def publish_collection(
    client: SaleorClient,
    layout: StoreLayout,
    collection_id: str,
    *,
    channels: Iterable[str],
    published_at: datetime,
) -> None:
    """Publish the collection in these channels (slugs) from ``published_at``."""
    entries = [
        {"channelId": c.id, "isPublished": True, "publishedAt": published_at.isoformat()}
        for c in layout.channels
        if c.slug in set(channels)
    ]
    client.mutate(
        "EventCollectionChannels",
        {"id": collection_id, "input": {"addChannels": entries}},
        result="collectionChannelListingUpdate",
    )


def unpublish_collection(client: SaleorClient, layout: StoreLayout, collection_id: str) -> None:
    client.mutate(
        "EventCollectionChannels",
        {"id": collection_id, "input": {"removeChannels": [c.id for c in layout.channels]}},
        result="collectionChannelListingUpdate",
    )


def add_to_collection(client: SaleorClient, collection_id: str, product_ids: Iterable[str]) -> None:
    for batch in chunked(sorted(product_ids), PAGE):
        client.mutate(
            "EventCollectionAddProducts",
            {"id": collection_id, "products": batch},
            result="collectionAddProducts",
        )


def remove_from_collection(
    client: SaleorClient, collection_id: str, product_ids: Iterable[str]
) -> None:
    for batch in chunked(sorted(product_ids), PAGE):
        client.mutate(
            "EventCollectionRemoveProducts",
            {"id": collection_id, "products": batch},
            result="collectionRemoveProducts",
        )


def delete_collection(client: SaleorClient, collection_id: str) -> None:
    """Delete it; one already gone is fine."""
    try:
        client.mutate("EventCollectionDelete", {"id": collection_id}, result="collectionDelete")
    except SaleorMutationError as exc:
        if "NOT_FOUND" not in exc.codes:
            raise


# --- the promotion ----------------------------------------------------------------------------


def _predicate(collection_id: str) -> dict[str, Any]:
    return {"collectionPredicate": {"ids": [collection_id]}}


def _rule_input(
    layout: StoreLayout, channel: str, reward: Reward, collection_id: str
) -> dict[str, Any]:
    found = layout.channel(channel)
    if found is None:
        raise ValueError(f"Saleor has no channel {channel!r}")
    return {
        "name": f"{channel}: {reward.value_type.lower()} {reward.value}",
        "cataloguePredicate": _predicate(collection_id),
        "rewardValueType": reward.value_type,
        "rewardValue": str(reward.value),
        "channels": [found.id],
    }


def get_promotion(client: SaleorClient, promotion_id: str) -> PromotionState | None:
    node = client.execute("EventPromotionState", {"id": promotion_id}).get("promotion")
    return _promotion(node) if node else None


def find_promotion(client: SaleorClient, name: str) -> PromotionState | None:
    edges = (client.execute("EventPromotionsByName", {"name": name}).get("promotions") or {}).get(
        "edges"
    ) or []
    return _promotion(edges[0]["node"]) if edges else None


def create_promotion(
    client: SaleorClient,
    layout: StoreLayout,
    *,
    name: str,
    starts_at: datetime,
    ends_at: datetime,
    collection_id: str,
    rewards: Mapping[str, Reward],
) -> PromotionState:
    """A catalogue promotion for these dates with one rule per channel (slug -> reward). The
    name must be stable: a promotion of that name (a write whose answer was lost) is returned
    instead of made twice, for the caller to bring up to date."""
    found = find_promotion(client, name)
    if found is not None:
        return found
    payload = client.mutate(
        "EventPromotionCreate",
        {
            "input": {
                "name": name,
                "type": "CATALOGUE",
                "startDate": starts_at.isoformat(),
                "endDate": ends_at.isoformat(),
                "rules": [
                    _rule_input(layout, channel, reward, collection_id)
                    for channel, reward in sorted(rewards.items())
                ],
            }
        },
        result="promotionCreate",
    )
    return _promotion(payload["promotion"])


def set_promotion_dates(
    client: SaleorClient, promotion_id: str, *, starts_at: datetime, ends_at: datetime
) -> None:
    client.mutate(
        "EventPromotionUpdate",
        {
            "id": promotion_id,
            "input": {"startDate": starts_at.isoformat(), "endDate": ends_at.isoformat()},
        },
        result="promotionUpdate",
    )


def create_rule(
    client: SaleorClient,
    layout: StoreLayout,
    promotion_id: str,
    *,
    channel: str,
    reward: Reward,
    collection_id: str,
) -> str:
    payload = client.mutate(
        "EventPromotionRuleCreate",
        {
            "input": {
                "promotion": promotion_id,
                **_rule_input(layout, channel, reward, collection_id),
            }
        },
        result="promotionRuleCreate",
    )
    return str(payload["promotionRule"]["id"])


def update_rule(client: SaleorClient, rule_id: str, *, reward: Reward, collection_id: str) -> None:
    client.mutate(
        "EventPromotionRuleUpdate",
        {
            "id": rule_id,
            "input": {
                "cataloguePredicate": _predicate(collection_id),
                "rewardValueType": reward.value_type,
                "rewardValue": str(reward.value),
            },
        },
        result="promotionRuleUpdate",
    )


def delete_rule(client: SaleorClient, rule_id: str) -> None:
    try:
        client.mutate("EventPromotionRuleDelete", {"id": rule_id}, result="promotionRuleDelete")
    except SaleorMutationError as exc:
        if "NOT_FOUND" not in exc.codes:
            raise


def delete_promotion(client: SaleorClient, promotion_id: str) -> None:
    """Delete it (its prices return to normal); one already gone is fine."""
    try:
        client.mutate("EventPromotionDelete", {"id": promotion_id}, result="promotionDelete")
    except SaleorMutationError as exc:
        if "NOT_FOUND" not in exc.codes:
            raise
