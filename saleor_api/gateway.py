"""Plain functions over domain types for everything the project does in Saleor.

Callers never see GraphQL: they pass :mod:`saleor_api.types` and get them back. Every function takes
the client as its first argument so tests can hand in a client bound to a double or a real Saleor.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from saleor_api import blueprint as bp
from saleor_api.client import SaleorClient, Upload, chunked, parse_field_error
from saleor_api.errors import SaleorMutationError
from saleor_api.types import (
    CreatedProduct,
    LineToShip,
    Listing,
    ListingPhoto,
    OcopAttributes,
    ProductDraft,
    ProductImage,
    ProductState,
    ProductTexts,
    StoreLayout,
)

logger = logging.getLogger(__name__)

BULK_CREATE_BATCH = 50  # measured: Saleor creates ~50 products/s; a batch stays well under timeouts


def editorjs(text: str) -> str | None:
    """Plain text as the EditorJS JSON Saleor stores descriptions in (one paragraph per line)."""
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    if not paragraphs:
        return None
    blocks = [
        {"id": uuid.uuid5(uuid.NAMESPACE_OID, p).hex[:10], "type": "paragraph", "data": {"text": p}}
        for p in paragraphs
    ]
    return json.dumps({"time": 0, "blocks": blocks, "version": "2.24.3"}, ensure_ascii=False)


def attribute_values(layout: StoreLayout, ocop: OcopAttributes) -> list[dict[str, Any]]:
    """The filterable facts, as Saleor attribute values (see blueprint.SHAPE)."""
    ids = layout.attribute_ids

    def dropdown(slug: str, value: str) -> dict[str, Any]:
        return {"id": ids[slug], "dropdown": {"value": value}}

    values = [dropdown(bp.STARS, str(ocop.stars)), dropdown(bp.GROUP, ocop.group)]
    if ocop.province:  # a list may name no province (see catalog_sync.validate)
        values.append(dropdown(bp.PROVINCE, ocop.province))
    return values


def ocop_metadata(ocop: OcopAttributes) -> list[dict[str, str]]:
    """The display-only facts, as public metadata. Every key is written (empty when the list
    gives nothing), so an update clears a fact the list no longer gives."""
    values = {
        bp.CERTIFICATE_CODE: ocop.certificate_code,
        bp.DECISION_NUMBER: ocop.decision_number,
        bp.DECISION_DATE: ocop.decided_on.isoformat(),
        bp.VALID_UNTIL: ocop.valid_until.isoformat(),
        bp.ISSUING_AUTHORITY: ocop.issuing_authority,
        bp.COMMUNE: ocop.commune,
        bp.PRODUCER: ocop.producer,
    }
    return [{"key": key, "value": values[key]} for key in bp.METADATA_KEYS]


def category_id(layout: StoreLayout, slug: str) -> str:
    return layout.category_ids[bp.LEGACY_CATEGORY.get(slug, slug)]


def _visibility(channel_id: str, shown: bool) -> dict[str, Any]:
    return {
        "channelId": channel_id,
        "isPublished": shown,
        "visibleInListings": shown,
        "isAvailableForPurchase": shown,
    }


def _bulk_input(layout: StoreLayout, draft: ProductDraft) -> dict[str, Any]:
    variant: dict[str, Any] = {
        "attributes": [],
        "sku": draft.sku or None,
        "name": draft.name,
        "trackInventory": True,
        "externalReference": draft.external_reference,
        "channelListings": [
            {"channelId": channel.id, "price": str(draft.prices[channel.slug])}
            for channel in layout.channels
            if channel.slug in draft.prices
        ],
    }
    if draft.weight_grams:
        variant["weight"] = draft.weight_grams / 1000
    if draft.stock is not None:
        variant["stocks"] = [{"warehouse": layout.warehouse_id, "quantity": draft.stock}]
    product: dict[str, Any] = {
        "productType": layout.product_type_id,
        "name": draft.name,
        "slug": draft.slug,
        "externalReference": draft.external_reference,
        "category": category_id(layout, draft.category),
        "attributes": attribute_values(layout, draft.ocop),
        "metadata": ocop_metadata(draft.ocop),
        "channelListings": [_visibility(c.id, draft.shown) for c in layout.channels],
        "variants": [variant],
    }
    description = editorjs(draft.description)
    if description:
        product["description"] = description
    if draft.weight_grams:
        product["weight"] = draft.weight_grams / 1000
    return product


def create_products(
    client: SaleorClient, layout: StoreLayout, drafts: Sequence[ProductDraft]
) -> list[CreatedProduct]:
    """Create products in bulk, one request per batch, each product already shown or hidden
    (``draft.shown``). A product whose externalReference already exists in Saleor (a run that
    crashed after Saleor created it) is found and returned instead of created twice."""
    results: list[CreatedProduct] = []
    for batch in chunked(drafts, BULK_CREATE_BATCH):
        payload = client.mutate(
            "ProductBulkCreate",
            {"products": [_bulk_input(layout, d) for d in batch]},
            result="productBulkCreate",
        )
        for index, (draft, result) in enumerate(zip(batch, payload["results"], strict=True)):
            product = result.get("product")
            if product:
                results.append(CreatedProduct(draft.external_reference, product["id"]))
                continue
            errors = [parse_field_error(e, index) for e in result.get("errors") or []]
            existing = None
            if any(e.code == "UNIQUE" for e in errors):
                existing = find_product(client, draft.external_reference)
            if existing is not None:
                results.append(CreatedProduct(draft.external_reference, existing.id))
            else:
                results.append(
                    CreatedProduct(
                        draft.external_reference,
                        None,
                        "; ".join(str(e) for e in errors) or "refused",
                    )
                )
        if payload.get("errors") and not payload["results"]:
            raise SaleorMutationError(
                "ProductBulkCreate", [parse_field_error(e) for e in payload["errors"]]
            )
    return results


def update_product(
    client: SaleorClient, layout: StoreLayout, product_id: str, draft: ProductDraft
) -> None:
    """Write the draft's name, description, category and OCOP facts to an existing product (in
    the current shape: a product of shape 1 gets its metadata here)."""
    product_input: dict[str, Any] = {
        "name": draft.name,
        "category": category_id(layout, draft.category),
        "attributes": attribute_values(layout, draft.ocop),
        "metadata": ocop_metadata(draft.ocop),
    }
    description = editorjs(draft.description)
    if description:
        product_input["description"] = description
    client.mutate(
        "ProductUpdate", {"id": product_id, "input": product_input}, result="productUpdate"
    )


def retire_attributes(client: SaleorClient, slugs: Sequence[str]) -> list[str]:
    """Delete these attributes, with their values on every product; the slugs deleted (none
    when they are gone already: a second call does nothing)."""
    found = client.execute("AttributesBySlug", {"slugs": list(slugs)})["attributes"]
    nodes = [edge["node"] for edge in (found or {}).get("edges") or []]
    if not nodes:
        return []
    client.mutate(
        "AttributeBulkDelete", {"ids": [n["id"] for n in nodes]}, result="attributeBulkDelete"
    )
    return sorted(n["slug"] for n in nodes)


def add_missing_prices(
    client: SaleorClient, layout: StoreLayout, product_id: str, prices: dict[str, Decimal]
) -> list[str]:
    """Put a product on sale in each channel of ``prices`` where its variant has no price yet.

    A price already there (the cooperative's) is never overwritten. Returns the channel slugs
    priced now.
    """
    node = client.execute("ProductVariantListings", {"id": product_id})["product"]
    edges = ((node or {}).get("productVariants") or {}).get("edges") or []
    if not edges:
        return []
    variant = edges[0]["node"]
    listed = {listing["channel"]["slug"] for listing in variant.get("channelListings") or []}
    missing = [c for c in layout.channels if c.slug in prices and c.slug not in listed]
    if not missing:
        return []
    client.mutate(
        "ProductVariantChannelListingUpdate",
        {
            "id": variant["id"],
            "input": [{"channelId": c.id, "price": str(prices[c.slug])} for c in missing],
        },
        result="productVariantChannelListingUpdate",
    )
    return [c.slug for c in missing]


def set_visibility(
    client: SaleorClient, layout: StoreLayout, product_id: str, *, shown: bool
) -> None:
    """Show a product in every channel (published, in listings, for sale) or hide it from all."""
    client.mutate(
        "ProductChannelListingUpdate",
        {
            "id": product_id,
            "input": {"updateChannels": [_visibility(c.id, shown) for c in layout.channels]},
        },
        result="productChannelListingUpdate",
    )


def add_product_image(client: SaleorClient, product_id: str, image: ProductImage) -> str:
    """Upload a photo to the product's media (appended after those it has); the media's id.

    Like every mutation it is retried only when Saleor cannot have applied it, so a timeout
    while Saleor answers raises SaleorUnavailable and the caller does not record the photo.
    """
    payload = client.mutate(
        "ProductMediaCreate",
        {"product": product_id, "alt": image.alt[:250]},
        result="productMediaCreate",
        uploads={"image": Upload(image.filename, image.content, image.content_type)},
    )
    media = payload.get("media") or {}
    return str(media.get("id") or "")


def reorder_product_media(client: SaleorClient, product_id: str, media_ids: Sequence[str]) -> None:
    """The product's media in this order (every media id of the product, each once)."""
    client.mutate(
        "ProductMediaReorder",
        {"productId": product_id, "mediaIds": list(media_ids)},
        result="productMediaReorder",
    )


def delete_product_media(client: SaleorClient, media_id: str) -> None:
    """Remove a photo from its product's media (Saleor deletes the file)."""
    client.mutate("ProductMediaDelete", {"id": media_id}, result="productMediaDelete")


def set_product_media_alt(client: SaleorClient, media_id: str, alt: str) -> None:
    """A photo's alt text. Saleor keeps one per photo: media have no translations."""
    client.mutate(
        "ProductMediaUpdate", {"id": media_id, "alt": alt[:250]}, result="productMediaUpdate"
    )


def _translation_input(texts: ProductTexts) -> dict[str, Any]:
    translation: dict[str, Any] = {}
    if texts.name:
        translation["name"] = texts.name
    description = editorjs(texts.description)
    if description:
        translation["description"] = description
    return translation


def translate_product(
    client: SaleorClient, product_id: str, translations: dict[str, ProductTexts]
) -> None:
    for language, texts in sorted(translations.items()):
        translation = _translation_input(texts)
        if translation:
            client.mutate(
                "ProductTranslate",
                {"id": product_id, "languageCode": language.upper(), "input": translation},
                result="productTranslate",
            )


def translate_products(
    client: SaleorClient, items: Iterable[tuple[str, dict[str, ProductTexts]]]
) -> list[str]:
    """Translations of many products (product id, {"EN": texts}) in bulk; the failures as text."""
    entries = [
        {"id": product_id, "languageCode": language.upper(), "translationFields": fields}
        for product_id, translations in items
        for language, texts in sorted(translations.items())
        if (fields := _translation_input(texts))
    ]
    failures: list[str] = []
    for batch in chunked(entries, BULK_CREATE_BATCH * 2):
        payload = client.mutate(
            "ProductBulkTranslate", {"translations": batch}, result="productBulkTranslate"
        )
        for entry, result in zip(batch, payload["results"], strict=True):
            for error in result.get("errors") or []:
                failures.append(
                    f"{entry['id']} {entry['languageCode']}: {parse_field_error(error)}"
                )
    return failures


def find_product(client: SaleorClient, external_reference: str) -> ProductState | None:
    node = client.execute("ProductByExternalReference", {"externalReference": external_reference})[
        "product"
    ]
    return ProductState.from_graphql(node) if node else None


# --- A producer's listing (the portal) --------------------------------------------------------

LISTING_LANGUAGES = {"EN": "en", "FR": "fr", "ZH_HANS": "zhHans", "KO": "ko", "JA": "ja"}
_GRAMS_PER_UNIT = {"G": Decimal(1), "KG": Decimal(1000), "LB": Decimal("453.59237"),
                   "OZ": Decimal("28.349523125"), "TONNE": Decimal(1_000_000)}  # fmt: skip


def _plain(raw: str | None) -> str:
    from saleor_api.catalogue import editorjs_to_text

    return "\n".join(editorjs_to_text(raw))


def _grams(weight: dict[str, Any] | None) -> int | None:
    if not weight or weight.get("value") is None:
        return None
    factor = _GRAMS_PER_UNIT.get(str(weight.get("unit") or "KG").upper(), Decimal(1000))
    return int((Decimal(str(weight["value"])) * factor).to_integral_value())


def get_listing(client: SaleorClient, layout: StoreLayout, product_id: str) -> Listing | None:
    """The product's description, translations, and its variant's prices, stock and weight."""
    node = client.execute("ProductListing", {"id": product_id})["product"]
    if not node:
        return None
    edges = (node.get("productVariants") or {}).get("edges") or []
    variant = edges[0]["node"] if edges else {}
    prices = {
        listing["channel"]["slug"]: Decimal(str(listing["price"]["amount"]))
        for listing in variant.get("channelListings") or []
        if listing.get("price") is not None
    }
    stocks = [
        int(s["quantity"])
        for s in variant.get("stocks") or []
        if s["warehouse"]["id"] == layout.warehouse_id
    ]
    listings = node.get("channelListings") or []
    return Listing(
        product_id=node["id"],
        variant_id=variant.get("id"),
        description=_plain(node.get("description")),
        translations={
            code: text
            for code, alias in LISTING_LANGUAGES.items()
            if (text := _plain((node.get(alias) or {}).get("description")))
        },
        prices=prices,
        stock=stocks[0] if stocks else None,
        weight_grams=_grams(variant.get("weight")),
        shown=bool(listings)
        and all(
            x["isPublished"] and x["visibleInListings"] and x["isAvailableForPurchase"]
            for x in listings
        ),
        photos=tuple(
            ListingPhoto(id=m["id"], url=m.get("url") or "", alt=m.get("alt") or "")
            for m in node.get("media") or []
            if m.get("type", "IMAGE") == "IMAGE"
        ),
    )


def set_description(client: SaleorClient, product_id: str, text: str) -> None:
    """The product's description (plain text, one paragraph a line) as Saleor's rich text."""
    client.mutate(
        "ProductUpdate",
        {"id": product_id, "input": {"description": editorjs(text)}},
        result="productUpdate",
    )


def set_prices(
    client: SaleorClient, layout: StoreLayout, variant_id: str, prices: dict[str, Decimal]
) -> None:
    """The variant's price in each channel of ``prices`` (channel slug -> price). A channel
    where it had none gets a listing: the variant goes on sale there. The product's own
    visibility is not touched: a hidden product stays hidden."""
    entries = [
        {"channelId": c.id, "price": str(prices[c.slug])}
        for c in layout.channels
        if c.slug in prices
    ]
    if entries:
        client.mutate(
            "ProductVariantChannelListingUpdate",
            {"id": variant_id, "input": entries},
            result="productVariantChannelListingUpdate",
        )


def set_stock(client: SaleorClient, layout: StoreLayout, variant_id: str, quantity: int) -> None:
    """Units of the variant in the shop's warehouse."""
    client.mutate(
        "ProductVariantStocksUpdate",
        {
            "variantId": variant_id,
            "stocks": [{"warehouse": layout.warehouse_id, "quantity": quantity}],
        },
        result="productVariantStocksUpdate",
    )


def set_weight(client: SaleorClient, variant_id: str, grams: int) -> None:
    """The variant's weight (what shipping is charged on), sent in kilograms like the sync."""
    client.mutate(
        "ProductVariantUpdate",
        {"id": variant_id, "input": {"weight": grams / 1000}},
        result="productVariantUpdate",
    )


def set_translated_descriptions(
    client: SaleorClient, product_id: str, descriptions: dict[str, str]
) -> None:
    """Descriptions in other languages ("EN" -> plain text), with productTranslate."""
    translate_product(
        client,
        product_id,
        {code: ProductTexts(description=text) for code, text in descriptions.items()},
    )


# --- Orders a producer ships (the portal) -------------------------------------------------------

ORDERS_TO_SHIP = 100  # the newest orders looked at
_SHIPPABLE = {"UNFULFILLED", "PARTIALLY_FULFILLED", "FULFILLED"}


def _address_lines(node: dict[str, Any] | None) -> tuple[str, ...]:
    if not node:
        return ()
    name = " ".join(p for p in (node.get("firstName"), node.get("lastName")) if p)
    place = ", ".join(
        p for p in (node.get("cityArea"), node.get("city"), node.get("countryArea")) if p
    )
    country = (node.get("country") or {}).get("code") or ""
    lines = (name, node.get("streetAddress1"), node.get("streetAddress2"), place,
             " ".join(p for p in (node.get("postalCode"), country) if p), node.get("phone"))  # fmt: skip
    return tuple(str(line) for line in lines if line)


def order_lines_of(client: SaleorClient, product_ids: Iterable[str]) -> list[LineToShip]:
    """The lines of recent paid (or cash-on-delivery) orders whose product is in
    ``product_ids``, newest order first."""
    wanted = set(product_ids)
    if not wanted:
        return []
    edges = client.execute("OrdersToShip", {"first": ORDERS_TO_SHIP})["orders"]["edges"]
    found: list[LineToShip] = []
    for edge in edges:
        order = edge["node"]
        if order.get("status") not in _SHIPPABLE:
            continue
        tracking: dict[str, list[str]] = {}
        for fulfilment in order.get("fulfillments") or []:
            for item in fulfilment.get("lines") or []:
                line_id = (item.get("orderLine") or {}).get("id")
                if line_id and fulfilment.get("trackingNumber"):
                    tracking.setdefault(line_id, []).append(fulfilment["trackingNumber"])
        paid = (
            order.get("chargeStatus") in ("FULL", "OVERCHARGED")
            or order.get("authorizeStatus") == "FULL"
        )
        for line in order.get("lines") or []:
            product_id = ((line.get("variant") or {}).get("product") or {}).get("id")
            if product_id not in wanted:
                continue
            found.append(
                LineToShip(
                    order_id=order["id"],
                    order_number=str(order["number"]),
                    order_status=order["status"],
                    paid=paid,
                    line_id=line["id"],
                    product_id=product_id,
                    product_name=line.get("productName") or "",
                    variant_name=line.get("variantName") or "",
                    quantity=int(line.get("quantity") or 0),
                    quantity_fulfilled=int(line.get("quantityFulfilled") or 0),
                    address=_address_lines(order.get("shippingAddress")),
                    tracking_numbers=tuple(tracking.get(line["id"], ())),
                )
            )
    return found


def ship_line(
    client: SaleorClient, layout: StoreLayout, line: LineToShip, tracking_number: str
) -> None:
    """Mark what is left of the line sent (a Saleor fulfilment from the shop's warehouse, the
    buyer notified) with its tracking number."""
    client.mutate(
        "OrderFulfill",
        {
            "order": line.order_id,
            "input": {
                "lines": [
                    {
                        "orderLineId": line.line_id,
                        "stocks": [{"quantity": line.to_ship, "warehouse": layout.warehouse_id}],
                    }
                ],
                "notifyCustomer": True,
                "trackingNumber": tracking_number,
            },
        },
        result="orderFulfill",
    )
