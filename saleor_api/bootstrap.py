"""Make a Saleor hold what the shop needs (see blueprint.py), idempotently.

Each step reads what exists (by slug or name), creates what is missing and leaves alone what is
there, so a second run sends no mutation. It returns the list of changes it made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from saleor_api import blueprint as bp
from saleor_api.client import SaleorClient
from saleor_api.types import Channel, StoreLayout


@dataclass
class BootstrapReport:
    changes: list[str] = field(default_factory=list)

    def add(self, change: str) -> None:
        self.changes.append(change)


def bootstrap_store(
    client: SaleorClient, *, webhooks: Sequence[dict[str, Any]] = ()
) -> tuple[StoreLayout, BootstrapReport]:
    """``webhooks``: the manifest's webhook entries, for an app created with a token."""
    report = BootstrapReport()
    warehouse = ensure_warehouse(client, report)
    channels = ensure_channels(client, warehouse["id"], report)
    ensure_shipping(client, channels, warehouse["id"], report)
    attribute_ids = ensure_attributes(client, report)
    product_type_id = ensure_product_type(client, attribute_ids, report)
    category_ids = ensure_categories(client, report)
    if webhooks:
        ensure_webhooks(client, webhooks, report)
    layout = StoreLayout(
        product_type_id=product_type_id,
        attribute_ids=attribute_ids,
        category_ids=category_ids,
        channels=tuple(channels.values()),
        warehouse_id=warehouse["id"],
    )
    return layout, report


def read_layout(client: SaleorClient) -> StoreLayout | None:
    """The layout of an already bootstrapped Saleor, or None when something is missing."""
    data = client.execute(
        "StoreLayout",
        {
            "warehouses": [bp.WAREHOUSE_SLUG],
            "attributes": [a.slug for a in bp.ATTRIBUTES],
            "productTypes": [bp.PRODUCT_TYPE_SLUG],
            "categories": [c.slug for c in bp.CATEGORIES],
        },
    )
    channels = {c["slug"]: c for c in data["channels"]}
    warehouses = _nodes(data, "warehouses")
    attributes = {a["slug"]: a["id"] for a in _nodes(data, "attributes")}
    types = _nodes(data, "productTypes")
    categories = {c["slug"]: c["id"] for c in _nodes(data, "categories")}
    wanted_channels = [c.slug for c in bp.CHANNELS]
    if (
        not warehouses
        or not types
        or any(slug not in channels for slug in wanted_channels)
        or any(a.slug not in attributes for a in bp.ATTRIBUTES)
        or any(c.slug not in categories for c in bp.CATEGORIES)
    ):
        return None
    return StoreLayout(
        product_type_id=types[0]["id"],
        attribute_ids=attributes,
        category_ids=categories,
        channels=tuple(
            Channel(channels[s]["id"], s, channels[s]["currencyCode"]) for s in wanted_channels
        ),
        warehouse_id=warehouses[0]["id"],
    )


def _nodes(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [edge["node"] for edge in (data.get(key) or {}).get("edges", [])]


def ensure_warehouse(client: SaleorClient, report: BootstrapReport) -> dict[str, Any]:
    found = _nodes(client.execute("WarehousesBySlug", {"slugs": [bp.WAREHOUSE_SLUG]}), "warehouses")
    if found:
        return found[0]
    payload = client.mutate("WarehouseCreate", {"input": bp.WAREHOUSE}, result="createWarehouse")
    report.add(f"created warehouse {bp.WAREHOUSE_SLUG}")
    return dict(payload["warehouse"])


def ensure_channels(
    client: SaleorClient, warehouse_id: str, report: BootstrapReport
) -> dict[str, Channel]:
    existing = {c["slug"]: c for c in client.execute("StoreChannels")["channels"]}
    channels: dict[str, Channel] = {}
    for spec in bp.CHANNELS:
        current = existing.get(spec.slug)
        if current is None:
            payload = client.mutate(
                "ChannelCreate",
                {
                    "input": {
                        "name": spec.name,
                        "slug": spec.slug,
                        "currencyCode": spec.currency,
                        "defaultCountry": spec.default_country,
                        "isActive": True,
                        "addWarehouses": [warehouse_id],
                    }
                },
                result="channelCreate",
            )
            current = payload["channel"]
            report.add(f"created channel {spec.slug} ({spec.currency})")
        else:
            if current["currencyCode"] != spec.currency:
                raise ValueError(
                    f"channel {spec.slug} exists in {current['currencyCode']}, the shop needs "
                    f"{spec.currency}; Saleor cannot change a channel's currency: rename it"
                )
            updates: dict[str, Any] = {}
            if not current["isActive"]:
                updates["isActive"] = True
            if warehouse_id not in {w["id"] for w in current["warehouses"]}:
                updates["addWarehouses"] = [warehouse_id]
            if updates:
                client.mutate(
                    "ChannelUpdate", {"id": current["id"], "input": updates}, result="channelUpdate"
                )
                report.add(f"updated channel {spec.slug}: {', '.join(sorted(updates))}")
        channels[spec.slug] = Channel(current["id"], spec.slug, spec.currency)
    return channels


def ensure_shipping(
    client: SaleorClient,
    channels: dict[str, Channel],
    warehouse_id: str,
    report: BootstrapReport,
) -> None:
    """Every zone of the blueprint, shipping from the warehouse in every channel, with its methods
    priced in every channel and their names translated.

    Saleor counts a warehouse's stock for a checkout, and offers a zone's methods, only where the
    checkout's country is listed in the zone and the zone is in the checkout's channel. A fresh
    Saleor already has a zone "Default" listing US (for its own default channel): Saleor lets a
    country be in several zones, so ours list US too, and Saleor's zone is left as it is.
    """
    listed_elsewhere = {country for spec in bp.SHIPPING_ZONES for country in spec.countries}
    default_countries = {c.default_country for c in bp.CHANNELS}
    for spec in bp.SHIPPING_ZONES:
        required = set(spec.countries)
        if spec.rest_of_world:
            required |= default_countries - listed_elsewhere
        found = [
            z
            for z in _nodes(client.execute("ShippingZones", {"search": spec.name}), "shippingZones")
            if z["name"] == spec.name
        ]
        if found:
            zone = found[0]
            updates: dict[str, Any] = {}
            missing_channels = {c.id for c in channels.values()} - {
                c["id"] for c in zone["channels"]
            }
            if missing_channels:
                updates["addChannels"] = sorted(missing_channels)
            if warehouse_id not in {w["id"] for w in zone["warehouses"]}:
                updates["addWarehouses"] = [warehouse_id]
            listed = {c["code"] for c in zone["countries"]}
            if required - listed:
                updates["countries"] = sorted(listed | required)  # Saleor replaces the list
            if updates:
                zone = client.mutate(
                    "ShippingZoneUpdate",
                    {"id": zone["id"], "input": updates},
                    result="shippingZoneUpdate",
                )["shippingZone"]
                added = sorted(required - listed)
                what = [k if k != "countries" else f"countries +{','.join(added)}" for k in updates]
                report.add(f"updated shipping zone {spec.name}: {', '.join(sorted(what))}")
        else:
            countries = set(spec.countries)
            if spec.rest_of_world:
                known = {c["code"] for c in client.execute("ShopCountries")["shop"]["countries"]}
                countries = (known - listed_elsewhere) | required
            zone = client.mutate(
                "ShippingZoneCreate",
                {
                    "input": {
                        "name": spec.name,
                        "countries": sorted(countries),
                        "addWarehouses": [warehouse_id],
                        "addChannels": [c.id for c in channels.values()],
                    }
                },
                result="shippingZoneCreate",
            )["shippingZone"]
            report.add(f"created shipping zone {spec.name} ({len(countries)} countries)")
        for method_spec in spec.methods:
            _ensure_method(client, zone, method_spec, channels, report)


def _ensure_method(
    client: SaleorClient,
    zone: dict[str, Any],
    spec: bp.ShippingMethodSpec,
    channels: dict[str, Channel],
    report: BootstrapReport,
) -> None:
    methods = {m["name"]: m for m in zone["shippingMethods"] or []}
    method = next((methods[name] for name in spec.names if name in methods), None)
    if method is None:
        method = client.mutate(
            "ShippingPriceCreate",
            {"input": {"shippingZone": zone["id"], "name": spec.name, "type": "PRICE"}},
            result="shippingPriceCreate",
        )["shippingMethod"]
        method["channelListings"] = []
        report.add(f"created delivery method {spec.name}")
    listed = {listing["channel"]["slug"] for listing in method["channelListings"] or []}
    to_add = [
        {"channelId": channels[slug].id, "price": str(price)}
        for slug, price in spec.prices.items()
        if slug in channels and slug not in listed
    ]
    if to_add:
        client.mutate(
            "ShippingMethodChannelListingUpdate",
            {"id": method["id"], "input": {"addChannels": to_add}},
            result="shippingMethodChannelListingUpdate",
        )
        priced = sorted(slug for slug in spec.prices if slug not in listed)
        report.add(f"priced {spec.name} in {', '.join(priced)}")
    translated = _translate_missing(
        client, "ShippingPriceTranslate", "shippingPriceTranslate", method, spec.translations
    )
    if translated:
        report.add(f"translated delivery method {method['name']} into {', '.join(translated)}")


def _translate_missing(
    client: SaleorClient,
    operation: str,
    result: str,
    node: dict[str, Any],
    names: dict[str, str],
) -> list[str]:
    """Give ``node`` the name translations it lacks (read as one alias per language); the
    languages written. A translation already there is kept: staff may have improved it."""
    written = []
    for language in bp.TRANSLATION_LANGUAGES:
        name = names.get(language)
        if name and not (node.get(language) or {}).get("name"):
            client.mutate(
                operation,
                {"id": node["id"], "languageCode": language, "input": {"name": name}},
                result=result,
            )
            written.append(language)
    return written


def ensure_attributes(client: SaleorClient, report: BootstrapReport) -> dict[str, str]:
    found = {
        a["slug"]: a
        for a in _nodes(
            client.execute("AttributesBySlug", {"slugs": [a.slug for a in bp.ATTRIBUTES]}),
            "attributes",
        )
    }
    ids: dict[str, str] = {}
    for spec in bp.ATTRIBUTES:
        attribute = found.get(spec.slug)
        if attribute is None:
            attribute_input: dict[str, Any] = {
                "name": spec.name,
                "slug": spec.slug,
                "type": "PRODUCT_TYPE",
                "inputType": spec.input_type,
                "valueRequired": False,
                "visibleInStorefront": True,
            }
            if spec.values:
                attribute_input["values"] = [{"name": value} for value in spec.values]
            attribute = client.mutate(
                "AttributeCreate", {"input": attribute_input}, result="attributeCreate"
            )["attribute"]
            report.add(f"created attribute {spec.slug}")
        elif attribute["inputType"] != spec.input_type:
            raise ValueError(
                f"attribute {spec.slug} exists as {attribute['inputType']}, the shop needs "
                f"{spec.input_type}"
            )
        ids[spec.slug] = attribute["id"]
    return ids


def ensure_product_type(
    client: SaleorClient, attribute_ids: dict[str, str], report: BootstrapReport
) -> str:
    found = _nodes(
        client.execute("ProductTypesBySlug", {"slugs": [bp.PRODUCT_TYPE_SLUG]}), "productTypes"
    )
    if found:
        product_type = found[0]
    else:
        product_type = client.mutate(
            "ProductTypeCreate",
            {
                "input": {
                    "name": bp.PRODUCT_TYPE_NAME,
                    "slug": bp.PRODUCT_TYPE_SLUG,
                    "kind": "NORMAL",
                    "isShippingRequired": True,
                }
            },
            result="productTypeCreate",
        )["productType"]
        report.add(f"created product type {bp.PRODUCT_TYPE_SLUG}")
    assigned = {a["slug"] for a in product_type["productAttributes"] or []}
    missing = [slug for slug in attribute_ids if slug not in assigned]
    if missing:
        client.mutate(
            "ProductAttributeAssign",
            {
                "productTypeId": product_type["id"],
                "operations": [{"id": attribute_ids[slug], "type": "PRODUCT"} for slug in missing],
            },
            result="productAttributeAssign",
        )
        report.add(f"assigned {len(missing)} attributes to {bp.PRODUCT_TYPE_SLUG}")
    return str(product_type["id"])


def ensure_categories(client: SaleorClient, report: BootstrapReport) -> dict[str, str]:
    found = {
        c["slug"]: c
        for c in _nodes(
            client.execute("CategoriesBySlug", {"slugs": [c.slug for c in bp.CATEGORIES]}),
            "categories",
        )
    }
    for spec in bp.CATEGORIES:
        category = found.get(spec.slug)
        if category is None:
            category = client.mutate(
                "CategoryCreate",
                {"input": {"name": spec.name, "slug": spec.slug}},
                result="categoryCreate",
            )["category"]
            found[spec.slug] = category
            report.add(f"created category {spec.slug}")
        translated = _translate_missing(
            client, "CategoryTranslate", "categoryTranslate", category, spec.translations
        )
        if translated:
            report.add(f"translated category {spec.slug} into {', '.join(translated)}")
    return {slug: str(category["id"]) for slug, category in found.items()}


def ensure_webhooks(
    client: SaleorClient, wanted: Sequence[dict[str, Any]], report: BootstrapReport
) -> None:
    """For an app created with a token (no manifest): give it the webhooks its manifest would
    (same names, URLs, events and subscription queries), creating or repairing each."""
    app = client.execute("AppWebhooks")["app"]
    if app is None:
        return  # not an app token (e.g. a staff token): webhooks come from the manifest instead
    existing = {webhook["name"]: webhook for webhook in app["webhooks"]}
    for spec in wanted:
        fields = {
            "targetUrl": spec["targetUrl"],
            "asyncEvents": sorted(spec.get("asyncEvents") or []),
            "syncEvents": sorted(spec.get("syncEvents") or []),
            "isActive": bool(spec.get("isActive", True)),
            "query": spec["query"],
        }
        current = existing.get(spec["name"])
        if current is None:
            client.mutate(
                "WebhookCreate", {"input": {"name": spec["name"], **fields}}, result="webhookCreate"
            )
            report.add(f"created webhook {spec['name']} → {spec['targetUrl']}")
            continue
        now = {
            "targetUrl": current["targetUrl"],
            "asyncEvents": sorted(e["eventType"] for e in current["asyncEvents"]),
            "syncEvents": sorted(e["eventType"] for e in current["syncEvents"]),
            "isActive": current["isActive"],
            "query": (current.get("subscriptionQuery") or "").strip(),
        }
        if now != {**fields, "query": fields["query"].strip()}:
            client.mutate(
                "WebhookUpdate", {"id": current["id"], "input": fields}, result="webhookUpdate"
            )
            report.add(f"updated webhook {spec['name']}")
