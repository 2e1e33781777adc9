"""An in-memory Saleor behind an httpx transport, for unit tests of code that uses the gateway.

The real :class:`SaleorClient` talks to it, so operation selection, error mapping and retries are
exercised too. Every request is checked the way a real Saleor would: the document must validate
against the schema of the version it pretends to be, and the variables must fit their types.
It implements only what the project sends; an unknown operation fails the test loudly.
"""

from __future__ import annotations

import itertools
import json
from base64 import b64encode
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from email.parser import BytesParser
from email.policy import HTTP
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import httpx
from graphql import DocumentNode, OperationDefinitionNode, build_schema, parse, validate
from graphql.execution.values import get_variable_values

from saleor_api.client import SaleorClient

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "shared" / "saleor"


@cache
def _schema(version: str):
    path = SCHEMA_DIR / f"schema-{version}.graphql"
    return build_schema(path.read_text(encoding="utf-8")) if path.exists() else None


def _gid(kind: str, number: int) -> str:
    return b64encode(f"{kind}:{number}".encode()).decode()


TRANSLATION_ALIASES = ("EN", "FR", "ZH_HANS", "KO", "JA")  # as store.graphql reads them


def _translated_into(v: dict[str, Any]) -> str:
    """The language a storefront read asks translations in; none ("") when its ``translated``
    is false (its ``@include(if: $translated)`` leaves them out, as Saleor does)."""
    return str(v["languageCode"]) if v.get("translated", True) else ""


@cache
def country_codes(version: str = "3.23") -> tuple[str, ...]:
    """Every country Saleor knows (its CountryCode enum, less the EU pseudo-country)."""
    schema = _schema(version)
    assert schema is not None
    enum = schema.get_type("CountryCode")
    return tuple(code for code in enum.values if code != "EU")


@dataclass(frozen=True)
class FakeUpload:
    """A file part of a multipart request, where the variable it maps to was null."""

    filename: str
    content: bytes
    content_type: str


@lru_cache(maxsize=512)
def _document(query: str) -> DocumentNode:
    """The parsed document of a query (the project sends a few dozen, each many times)."""
    return parse(query)


def _request_body(request: httpx.Request) -> dict[str, Any]:
    """The JSON body, or a GraphQL multipart request with its files put in their variables
    (https://github.com/jaydenseric/graphql-multipart-request-spec)."""
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        return json.loads(request.content)
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + request.content
    )
    parts: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        parts[str(name)] = part
    names = list(parts)
    assert names[:2] == ["operations", "map"], f"multipart parts out of order: {names}"
    body = json.loads(parts["operations"].get_payload(decode=True))
    for key, paths in json.loads(parts["map"].get_payload(decode=True)).items():
        part = parts[key]
        upload = FakeUpload(
            part.get_filename(), part.get_payload(decode=True), part.get_content_type()
        )
        for path in paths:
            where, _, variable = path.partition(".")
            assert where == "variables", path
            assert body["variables"][variable] is None, path
            body["variables"][variable] = upload
    return body


class FakeSaleor:
    def __init__(self, version: str = "3.23", *, populated_defaults: bool = False) -> None:
        """``populated_defaults``: start as a fresh Saleor does (POPULATE_DEFAULTS): a channel
        "default-channel" (USD, US), a warehouse and a shipping zone "Default" listing US."""
        self.version = version
        self.ids = itertools.count(1)
        self.channels: dict[str, dict[str, Any]] = {}
        self.warehouses: dict[str, dict[str, Any]] = {}
        self.zones: dict[str, dict[str, Any]] = {}
        self.attributes: dict[str, dict[str, Any]] = {}
        self.product_types: dict[str, dict[str, Any]] = {}
        self.categories: dict[str, dict[str, Any]] = {}
        self.products: dict[str, dict[str, Any]] = {}
        # externalReference -> product id, as Saleor's unique index: a bulk create checks each
        # product in constant time (benchmarks create 50,000). Checked against self.products,
        # so a deleted product frees its reference.
        self._references: dict[str, str] = {}
        self.translations: dict[tuple[str, str], dict[str, Any]] = {}
        # (category slug, language code) -> translated name; product["media"]: [{url, alt}]
        self.category_names: dict[tuple[str, str], str] = {}
        self.webhooks: list[dict[str, Any]] = []
        self.collections: dict[str, dict[str, Any]] = {}  # id -> {slug, name, products, …}
        self.promotions: dict[str, dict[str, Any]] = {}  # id -> {name, dates, rules}
        self.calls: list[str] = []
        self.fail_next: list[int] = []  # HTTP statuses to answer before handling normally
        self.validate_requests = True  # check every request against the schema (benchmarks: off)
        self.client_in_use: SaleorClient | None = None  # set by tests that share one client
        self.storefront: SaleorClient | None = None  # the anonymous client, in storefront tests
        self.catalogue: SaleorClient | None = None  # the pages' catalogue reader (app token)
        self.requestor_is_app = True  # who sent the request being answered
        if populated_defaults:
            self._populate_defaults()

    def _populate_defaults(self) -> None:
        channel = self.op_ChannelCreate(
            {
                "input": {
                    "name": "Default Channel",
                    "slug": "default-channel",
                    "currencyCode": "USD",
                    "defaultCountry": "US",
                    "isActive": True,
                }
            }
        )["channelCreate"]["channel"]
        warehouse = self.op_WarehouseCreate(
            {"input": {"name": "Default Warehouse", "slug": "default-warehouse"}}
        )["createWarehouse"]["warehouse"]
        channel["warehouses"].append({"id": warehouse["id"], "slug": "default-warehouse"})
        zone = self.op_ShippingZoneCreate(
            {
                "input": {
                    "name": "Default",
                    "countries": ["US"],
                    "addChannels": [channel["id"]],
                    "addWarehouses": [warehouse["id"]],
                }
            }
        )["shippingZoneCreate"]["shippingZone"]
        method = self.op_ShippingPriceCreate(
            {"input": {"shippingZone": zone["id"], "name": "Default", "type": "PRICE"}}
        )["shippingPriceCreate"]["shippingMethod"]
        self.op_ShippingMethodChannelListingUpdate(
            {
                "id": method["id"],
                "input": {"addChannels": [{"channelId": channel["id"], "price": "0"}]},
            }
        )

    # --- plumbing -------------------------------------------------------------------------------
    def client(self, token: str = "app-token", **kwargs: Any) -> SaleorClient:  # noqa: S107
        """A client with the app's token, or an anonymous visitor's (``token=""``)."""
        kwargs.setdefault("sleep", lambda _s: None)
        return SaleorClient(
            "http://saleor.test/graphql/",
            token,
            transport=httpx.MockTransport(self.handle),
            **kwargs,
        )

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.fail_next:
            return httpx.Response(self.fail_next.pop(0))
        body = _request_body(request)
        name = body["operationName"]
        document = _document(body["query"])
        schema = _schema(self.version) if self.validate_requests else None
        if schema is not None:
            errors = validate(schema, document)
            assert not errors, f"{name} is invalid for Saleor {self.version}: {errors}"
            operation = document.definitions[0]
            assert isinstance(operation, OperationDefinitionNode)
            coerced = get_variable_values(
                schema, operation.variable_definitions or (), body.get("variables") or {}
            )
            assert not isinstance(coerced, list), f"{name} variables: {coerced}"
        self.calls.append(name)
        # As Saleor: the app (MANAGE_PRODUCTS) sees every product listed in a channel, an
        # anonymous visitor only published products with a priced variant there.
        self.requestor_is_app = bool(request.headers.get("Authorization"))
        handler = getattr(self, "op_" + name.split("__")[0], None)
        assert handler is not None, f"the fake Saleor does not implement {name}"
        data = handler(body.get("variables") or {})
        return httpx.Response(200, json={"data": data})

    def new_id(self, kind: str) -> str:
        return _gid(kind, next(self.ids))

    # --- shop -----------------------------------------------------------------------------------
    def op_ShopInfo(self, v: dict[str, Any]) -> dict[str, Any]:
        return {"shop": {"name": "Fake", "version": f"{self.version}.0"}}

    # --- store ----------------------------------------------------------------------------------
    def op_StoreLayout(self, v: dict[str, Any]) -> dict[str, Any]:
        return {
            **self.op_StoreChannels({}),
            **self.op_WarehousesBySlug({"slugs": v.get("warehouses")}),
            **self.op_AttributesBySlug({"slugs": v.get("attributes")}),
            **self.op_ProductTypesBySlug({"slugs": v.get("productTypes")}),
            **self.op_CategoriesBySlug({"slugs": v.get("categories")}),
        }

    def op_StoreChannels(self, v: dict[str, Any]) -> dict[str, Any]:
        return {"channels": list(self.channels.values())}

    def op_ChannelCreate(self, v: dict[str, Any]) -> dict[str, Any]:
        i = v["input"]
        channel = {
            "id": self.new_id("Channel"),
            "slug": i["slug"],
            "name": i["name"],
            "currencyCode": i["currencyCode"],
            "isActive": i.get("isActive", False),
            "defaultCountry": {"code": i["defaultCountry"]},
            "warehouses": [{"id": w, "slug": "x"} for w in i.get("addWarehouses", [])],
        }
        self.channels[channel["slug"]] = channel
        return {"channelCreate": {"channel": channel, "errors": []}}

    def op_ChannelUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        channel = next(c for c in self.channels.values() if c["id"] == v["id"])
        if "isActive" in v["input"]:
            channel["isActive"] = v["input"]["isActive"]
        for w in v["input"].get("addWarehouses", []):
            channel["warehouses"].append({"id": w, "slug": "x"})
        return {"channelUpdate": {"channel": channel, "errors": []}}

    def op_WarehousesBySlug(self, v: dict[str, Any]) -> dict[str, Any]:
        found = [w for s, w in self.warehouses.items() if s in (v.get("slugs") or [])]
        return {"warehouses": {"edges": [{"node": w} for w in found]}}

    def op_WarehouseCreate(self, v: dict[str, Any]) -> dict[str, Any]:
        i = v["input"]
        warehouse = {
            "id": self.new_id("Warehouse"),
            "slug": i["slug"],
            "name": i["name"],
            "shippingZones": {"edges": []},
        }
        self.warehouses[i["slug"]] = warehouse
        return {"createWarehouse": {"warehouse": warehouse, "errors": []}}

    def op_ShopCountries(self, v: dict[str, Any]) -> dict[str, Any]:
        return {"shop": {"countries": [{"code": c} for c in country_codes(self.version)]}}

    def op_ShippingZones(self, v: dict[str, Any]) -> dict[str, Any]:
        found = [z for z in self.zones.values() if (v.get("search") or "") in z["name"]]
        return {"shippingZones": {"edges": [{"node": z} for z in found]}}

    def op_ShippingZoneCreate(self, v: dict[str, Any]) -> dict[str, Any]:
        i = v["input"]
        countries = list(i.get("countries", []))
        if i.get("default"):  # as Saleor: a default zone is refused twice, and gets, once, the
            # countries no zone lists yet
            if any(z.get("default") for z in self.zones.values()):
                error = {"field": "default", "code": "ALREADY_EXISTS", "message": "exists"}
                return {"shippingZoneCreate": {"shippingZone": None, "errors": [error]}}
            covered = {c["code"] for z in self.zones.values() for c in z["countries"]}
            countries += [c for c in country_codes(self.version) if c not in covered]
        zone = {
            "id": self.new_id("ShippingZone"),
            "name": i["name"],
            "default": bool(i.get("default")),
            "countries": [{"code": c} for c in countries],
            "channels": [{"id": c, "slug": "x"} for c in i.get("addChannels", [])],
            "warehouses": [{"id": w, "slug": "x"} for w in i.get("addWarehouses", [])],
            "shippingMethods": [],
        }
        self.zones[zone["id"]] = zone
        return {"shippingZoneCreate": {"shippingZone": zone, "errors": []}}

    def op_ShippingZoneUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        zone = self.zones[v["id"]]
        if "countries" in v["input"]:  # as Saleor: the list given replaces the zone's
            zone["countries"] = [{"code": c} for c in v["input"]["countries"]]
        zone["channels"] += [{"id": c, "slug": "x"} for c in v["input"].get("addChannels", [])]
        zone["warehouses"] += [{"id": w, "slug": "x"} for w in v["input"].get("addWarehouses", [])]
        return {"shippingZoneUpdate": {"shippingZone": zone, "errors": []}}

    def op_ShippingPriceCreate(self, v: dict[str, Any]) -> dict[str, Any]:
        i = v["input"]
        method = {"id": self.new_id("ShippingMethodType"), "name": i["name"], "channelListings": []}
        method.update(dict.fromkeys(TRANSLATION_ALIASES))
        self.zones[i["shippingZone"]]["shippingMethods"].append(method)
        return {
            "shippingPriceCreate": {
                "shippingMethod": {"id": method["id"], "name": method["name"]},
                "errors": [],
            }
        }

    def _translatable(self, node_id: str) -> dict[str, Any]:
        for category in self.categories.values():
            if category["id"] == node_id:
                return category
        for zone in self.zones.values():
            for method in zone["shippingMethods"]:
                if method["id"] == node_id:
                    return method
        raise AssertionError(f"nothing to translate has the id {node_id}")

    def op_ShippingPriceTranslate(self, v: dict[str, Any]) -> dict[str, Any]:
        self._translatable(v["id"])[v["languageCode"]] = {"name": v["input"]["name"]}
        return {"shippingPriceTranslate": {"errors": []}}

    def op_CategoryTranslate(self, v: dict[str, Any]) -> dict[str, Any]:
        self._translatable(v["id"])[v["languageCode"]] = {"name": v["input"]["name"]}
        return {"categoryTranslate": {"errors": []}}

    def op_ShippingMethodChannelListingUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        slug_of = {c["id"]: c["slug"] for c in self.channels.values()}
        for zone in self.zones.values():
            for method in zone["shippingMethods"]:
                if method["id"] == v["id"]:
                    for add in v["input"]["addChannels"]:
                        method["channelListings"].append(
                            {
                                "channel": {"slug": slug_of[add["channelId"]]},
                                "price": {"amount": float(add["price"]), "currency": "X"},
                            }
                        )
        return {
            "shippingMethodChannelListingUpdate": {"shippingMethod": {"id": v["id"]}, "errors": []}
        }

    def op_AttributesBySlug(self, v: dict[str, Any]) -> dict[str, Any]:
        wanted = v.get("slugs") or []
        found = [a for s, a in self.attributes.items() if s in wanted]
        return {"attributes": {"edges": [{"node": a} for a in found]}}

    def op_AttributeCreate(self, v: dict[str, Any]) -> dict[str, Any]:
        i = v["input"]
        attribute = {
            "id": self.new_id("Attribute"),
            "slug": i["slug"],
            "name": i["name"],
            "inputType": i["inputType"],
            "choices": {
                "edges": [
                    {"node": {"id": "x", "name": c["name"], "slug": c["name"]}}
                    for c in i.get("values", [])
                ]
            },
        }
        self.attributes[i["slug"]] = attribute
        return {"attributeCreate": {"attribute": attribute, "errors": []}}

    def op_AttributeBulkDelete(self, v: dict[str, Any]) -> dict[str, Any]:
        """Saleor deletes the attributes, their values on every product and their assignments."""
        gone = {s for s, a in self.attributes.items() if a["id"] in v["ids"]}
        for slug in gone:
            del self.attributes[slug]
        for product in self.products.values():
            for slug in gone:
                product["attributes"].pop(slug, None)
        for product_type in self.product_types.values():
            product_type["productAttributes"] = [
                a for a in product_type["productAttributes"] if a["slug"] not in gone
            ]
        return {"attributeBulkDelete": {"count": len(gone), "errors": []}}

    def op_ProductTypesBySlug(self, v: dict[str, Any]) -> dict[str, Any]:
        found = [t for s, t in self.product_types.items() if s in (v.get("slugs") or [])]
        return {"productTypes": {"edges": [{"node": t} for t in found]}}

    def op_ProductTypeCreate(self, v: dict[str, Any]) -> dict[str, Any]:
        i = v["input"]
        product_type = {
            "id": self.new_id("ProductType"),
            "slug": i["slug"],
            "name": i["name"],
            "productAttributes": [],
        }
        self.product_types[i["slug"]] = product_type
        return {"productTypeCreate": {"productType": product_type, "errors": []}}

    def op_ProductAttributeAssign(self, v: dict[str, Any]) -> dict[str, Any]:
        product_type = next(t for t in self.product_types.values() if t["id"] == v["productTypeId"])
        slug_of = {a["id"]: s for s, a in self.attributes.items()}
        for op in v["operations"]:
            product_type["productAttributes"].append({"id": op["id"], "slug": slug_of[op["id"]]})
        return {"productAttributeAssign": {"productType": product_type, "errors": []}}

    def op_CategoriesBySlug(self, v: dict[str, Any]) -> dict[str, Any]:
        found = [c for s, c in self.categories.items() if s in (v.get("slugs") or [])]
        return {"categories": {"edges": [{"node": c} for c in found]}}

    def op_CategoryCreate(self, v: dict[str, Any]) -> dict[str, Any]:
        i = v["input"]
        category = {"id": self.new_id("Category"), "slug": i["slug"], "name": i["name"]}
        category.update(dict.fromkeys(TRANSLATION_ALIASES))
        self.categories[i["slug"]] = category
        return {"categoryCreate": {"category": category, "errors": []}}

    def op_AppIdentifier(self, v: dict[str, Any]) -> dict[str, Any]:
        return {"app": {"id": "QXBwOjE=", "identifier": None}}

    def op_AppWebhooks(self, v: dict[str, Any]) -> dict[str, Any]:
        return {"app": {"id": "QXBwOjE=", "name": "OCOP shop", "webhooks": self.webhooks}}

    def op_WebhookCreate(self, v: dict[str, Any]) -> dict[str, Any]:
        i = v["input"]
        webhook = {
            "id": self.new_id("Webhook"),
            "name": i["name"],
            "targetUrl": i["targetUrl"],
            "isActive": i["isActive"],
            "subscriptionQuery": i.get("query"),
            "asyncEvents": [{"eventType": e} for e in i.get("asyncEvents") or []],
            "syncEvents": [{"eventType": e} for e in i.get("syncEvents") or []],
        }
        self.webhooks.append(webhook)
        return {"webhookCreate": {"webhook": webhook, "errors": []}}

    def op_WebhookUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        webhook = next(w for w in self.webhooks if w["id"] == v["id"])
        i = v["input"]
        webhook.update(
            targetUrl=i["targetUrl"], isActive=i["isActive"], subscriptionQuery=i.get("query")
        )
        webhook["asyncEvents"] = [{"eventType": e} for e in i.get("asyncEvents") or []]
        webhook["syncEvents"] = [{"eventType": e} for e in i.get("syncEvents") or []]
        return {"webhookUpdate": {"webhook": webhook, "errors": []}}

    # --- products -------------------------------------------------------------------------------
    def _attribute_state(self, values: list[dict[str, Any]]) -> dict[str, str]:
        slug_of = {a["id"]: s for s, a in self.attributes.items()}
        state = {}
        for value in values:
            text = (
                value.get("plainText")
                or value.get("date")
                or (value.get("dropdown") or {}).get("value")
            )
            state[slug_of[value["id"]]] = str(text)
        return state

    def _channel_listing(self, listing: dict[str, Any]) -> dict[str, Any]:
        channel = next(c for c in self.channels.values() if c["id"] == listing["channelId"])
        return {
            "channel": {"id": channel["id"], "slug": channel["slug"]},
            "isPublished": bool(listing.get("isPublished")),
            "visibleInListings": bool(listing.get("visibleInListings")),
            "isAvailableForPurchase": bool(listing.get("isAvailableForPurchase")),
        }

    def product_node(self, product: dict[str, Any]) -> dict[str, Any]:
        node: dict[str, Any] = {
            k: product[k] for k in ("id", "externalReference", "name", "slug", "updatedAt")
        }
        node["category"] = {"slug": product["category"]}
        node["channelListings"] = list(product["channelListings"].values())
        node["metadata"] = self._metadata_node(product)
        if self.version == "3.21":
            node["attributes"] = [
                {
                    "attribute": {"slug": s},
                    "values": [{"name": t, "slug": t, "plainText": t, "date": None}],
                }
                for s, t in product["attributes"].items()
            ]
        else:
            node["assignedAttributes"] = [
                {"attribute": {"slug": s}, "text": t} for s, t in product["attributes"].items()
            ]
        return node

    @staticmethod
    def _metadata_node(product: dict[str, Any]) -> list[dict[str, str]]:
        return [{"key": k, "value": v} for k, v in product.get("metadata", {}).items()]

    def op_ProductBulkCreate(self, v: dict[str, Any]) -> dict[str, Any]:
        results: list[dict[str, Any]] = []
        slug_of_category = {c["id"]: s for s, c in self.categories.items()}
        for item in v["products"]:
            ref = item.get("externalReference")
            if ref and self.product_by_reference(ref) is not None:
                results.append(
                    {
                        "product": None,
                        "errors": [
                            {"path": "externalReference", "code": "UNIQUE", "message": "exists"}
                        ],
                    }
                )
                continue
            product: dict[str, Any] = {
                "id": self.new_id("Product"),
                "externalReference": ref,
                "name": item["name"],
                "slug": item.get("slug") or item["name"],
                "updatedAt": "2026-01-01T00:00:00+00:00",
                "category": slug_of_category.get(item.get("category")),
                "attributes": self._attribute_state(item.get("attributes") or []),
                "metadata": {m["key"]: m["value"] for m in item.get("metadata") or []},
                "description": item.get("description"),
                "variants": item.get("variants") or [],
                "channelListings": {},
            }
            for listing in item.get("channelListings") or []:
                entry = self._channel_listing(listing)
                product["channelListings"][entry["channel"]["slug"]] = entry
            self.products[product["id"]] = product
            if ref:
                self._references[ref] = product["id"]
            results.append(
                {"product": {"id": product["id"], "externalReference": ref}, "errors": []}
            )
        return {
            "productBulkCreate": {"count": len(self.products), "results": results, "errors": []}
        }

    def product_by_reference(self, ref: str) -> dict[str, Any] | None:
        product = self.products.get(self._references.get(ref, ""))
        return product if product is not None and product["externalReference"] == ref else None

    def op_ProductByExternalReference(self, v: dict[str, Any]) -> dict[str, Any]:
        found = self.product_by_reference(v["externalReference"])
        return {"product": self.product_node(found) if found else None}

    def op_ProductsByIds(self, v: dict[str, Any]) -> dict[str, Any]:
        found = [
            self.product_node(self.products[i]) for i in v.get("ids") or [] if i in self.products
        ]
        return {
            "products": {
                "pageInfo": {"hasNextPage": False, "endCursor": None},
                "edges": [{"node": n} for n in found],
            }
        }

    def op_ProductUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        product = self.products.get(v["id"])
        if product is None:
            return {
                "productUpdate": {
                    "product": None,
                    "errors": [{"field": "id", "code": "NOT_FOUND", "message": "no product"}],
                }
            }
        i = v["input"]
        slug_of_category = {c["id"]: s for s, c in self.categories.items()}
        product["name"] = i.get("name", product["name"])
        if "category" in i:
            product["category"] = slug_of_category[i["category"]]
        if "attributes" in i:
            product["attributes"].update(self._attribute_state(i["attributes"]))
        for item in i.get("metadata") or []:
            product.setdefault("metadata", {})[item["key"]] = item["value"]
        if "description" in i:
            product["description"] = i["description"]
        return {"productUpdate": {"product": {"id": product["id"]}, "errors": []}}

    def op_ProductMediaCreate(self, v: dict[str, Any]) -> dict[str, Any]:
        """As Saleor: the file must come as a multipart upload of an image type."""
        product = self.products.get(v["product"])
        upload = v.get("image")
        if product is None:
            error = {"field": "product", "code": "NOT_FOUND", "message": "no such product"}
            return {"productMediaCreate": {"media": None, "errors": [error]}}
        if not isinstance(upload, FakeUpload) or not upload.content_type.startswith("image/"):
            error = {"field": "image", "code": "INVALID", "message": "Invalid file type."}
            return {"productMediaCreate": {"media": None, "errors": [error]}}
        media_id = self.new_id("ProductMedia")
        product.setdefault("media", []).append(
            {
                "id": media_id,
                "url": f"http://saleor.test/media/products/{upload.filename}",
                "alt": v.get("alt") or "",
                "content": upload.content,
                "content_type": upload.content_type,
            }
        )
        return {"productMediaCreate": {"media": {"id": media_id}, "errors": []}}

    def _media(self, media_id: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
        for product in self.products.values():
            for media in product.get("media") or []:
                if media["id"] == media_id:
                    return product, media
        return None

    def op_ProductMediaReorder(self, v: dict[str, Any]) -> dict[str, Any]:
        """As Saleor: every id must be one of the product's media."""
        product = self.products[v["productId"]]
        by_id = {m["id"]: m for m in product.get("media") or []}
        if sorted(v["mediaIds"]) != sorted(by_id):
            error = {
                "field": "mediaIds",
                "code": "NOT_FOUND",
                "message": "Couldn't resolve to a media",
            }
            return {"productMediaReorder": {"media": None, "errors": [error]}}
        product["media"] = [by_id[i] for i in v["mediaIds"]]
        return {"productMediaReorder": {"media": [{"id": i} for i in v["mediaIds"]], "errors": []}}

    def op_ProductMediaDelete(self, v: dict[str, Any]) -> dict[str, Any]:
        found = self._media(v["id"])
        if found is None:
            error = {"field": "id", "code": "NOT_FOUND", "message": "no such media"}
            return {"productMediaDelete": {"media": None, "errors": [error]}}
        product, media = found
        product["media"].remove(media)
        return {"productMediaDelete": {"media": {"id": media["id"]}, "errors": []}}

    def op_ProductMediaUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        found = self._media(v["id"])
        if found is None:
            error = {"field": "id", "code": "NOT_FOUND", "message": "no such media"}
            return {"productMediaUpdate": {"media": None, "errors": [error]}}
        found[1]["alt"] = v["alt"]
        return {"productMediaUpdate": {"media": {"id": v["id"], "alt": v["alt"]}, "errors": []}}

    def op_ProductChannelListingUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        product = self.products.get(v["id"])
        if product is None:  # as Saleor 3.21 and 3.23 answer for a deleted product
            error = {"field": "id", "code": "NOT_FOUND", "message": "Couldn't resolve to a node"}
            return {"productChannelListingUpdate": {"product": None, "errors": [error]}}
        for listing in v["input"].get("updateChannels") or []:
            entry = self._channel_listing(listing)
            product["channelListings"][entry["channel"]["slug"]] = entry
        return {"productChannelListingUpdate": {"product": {"id": product["id"]}, "errors": []}}

    def op_ProductVariantListings(self, v: dict[str, Any]) -> dict[str, Any]:
        product = self.products.get(v["id"])
        if product is None:
            return {"product": None}
        slug_of = {c["id"]: slug for slug, c in self.channels.items()}
        return {
            "product": {
                "id": product["id"],
                "productVariants": {
                    "edges": [
                        {
                            "node": {
                                "id": f"V-{product['id']}",
                                "channelListings": [
                                    {
                                        "channel": {
                                            "id": x["channelId"],
                                            "slug": slug_of[x["channelId"]],
                                        }
                                    }
                                    for x in variant.get("channelListings") or []
                                ],
                            }
                        }
                        for variant in product["variants"]
                    ]
                },
            }
        }

    def op_ProductVariantChannelListingUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        product = self._variant_product(v["id"])
        assert product is not None, v["id"]
        variant = product["variants"][0]
        listings = {x["channelId"]: x for x in variant.get("channelListings") or []}
        for entry in v["input"]:
            listings[entry["channelId"]] = {
                "channelId": entry["channelId"],
                "price": entry["price"],
            }
        variant["channelListings"] = list(listings.values())
        return {"productVariantChannelListingUpdate": {"variant": {"id": v["id"]}, "errors": []}}

    def op_ProductListing(self, v: dict[str, Any]) -> dict[str, Any]:
        product = self.products.get(v["id"])
        if product is None:
            return {"product": None}
        by_id = {c["id"]: c for c in self.channels.values()}
        warehouse = next(iter(self.warehouses.values()), {"id": ""})

        def translated(code: str) -> dict[str, Any] | None:
            entry = self.translations.get((product["id"], code))
            return {"description": entry.get("description")} if entry else None

        variants = []
        for variant in product["variants"]:
            variant_id = f"V-{product['id']}"
            if variant_id in self.stock:
                stocks = [
                    {"warehouse": {"id": warehouse["id"]}, "quantity": self.stock[variant_id]}
                ]
            else:
                stocks = [
                    {"warehouse": {"id": s["warehouse"]}, "quantity": s["quantity"]}
                    for s in variant.get("stocks") or []
                ]
            weight = variant.get("weight")
            variants.append(
                {
                    "id": variant_id,
                    "weight": None if weight is None else {"unit": "KG", "value": weight},
                    "channelListings": [
                        {
                            "channel": {
                                "id": x["channelId"],
                                "slug": by_id[x["channelId"]]["slug"],
                                "currencyCode": by_id[x["channelId"]]["currencyCode"],
                            },
                            "price": {
                                "amount": float(x["price"]),
                                "currency": by_id[x["channelId"]]["currencyCode"],
                            },
                        }
                        for x in variant.get("channelListings") or []
                    ],
                    "stocks": stocks,
                }
            )
        return {
            "product": {
                "id": product["id"],
                "name": product["name"],
                "description": product.get("description"),
                "media": [
                    {"id": m["id"], "alt": m["alt"], "type": "IMAGE", "url": m["url"]}
                    for m in product.get("media") or []
                ],
                "en": translated("EN"),
                "fr": translated("FR"),
                "zhHans": translated("ZH_HANS"),
                "ko": translated("KO"),
                "ja": translated("JA"),
                "channelListings": list(product["channelListings"].values()),
                "productVariants": {"edges": [{"node": n} for n in variants[:1]]},
            }
        }

    def op_ProductVariantUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        product = self._variant_product(v["id"])
        assert product is not None, v["id"]
        if "weight" in v["input"]:
            product["variants"][0]["weight"] = v["input"]["weight"]
        return {"productVariantUpdate": {"productVariant": {"id": v["id"]}, "errors": []}}

    def op_ProductTranslate(self, v: dict[str, Any]) -> dict[str, Any]:
        self.translations[(v["id"], v["languageCode"])] = v["input"]
        return {"productTranslate": {"errors": []}}

    def op_ProductDelete(self, v: dict[str, Any]) -> dict[str, Any]:
        self.products.pop(v["id"], None)
        return {"productDelete": {"errors": []}}

    def op_ProductBulkTranslate(self, v: dict[str, Any]) -> dict[str, Any]:
        results: list[dict[str, Any]] = []
        for entry in v["translations"]:
            self.translations[(entry["id"], entry["languageCode"])] = entry["translationFields"]
            results.append({"errors": []})
        return {"productBulkTranslate": {"count": len(results), "results": results, "errors": []}}

    # --- storefront reads (anonymous: only published products priced in the channel) ---------
    def _visible(self, product: dict[str, Any], channel: str, *, listing_query: bool) -> bool:
        """Saleor's ``visible_to_user``: the app sees every product listed in the channel; an
        anonymous visitor sees published ones with a priced variant (``published_with_variants``),
        and in a product list only those visible in listings."""
        listing = product["channelListings"].get(channel)
        if listing is None:
            return False
        if self.requestor_is_app:
            return True
        if not listing["isPublished"] or self._price(product, channel) is None:
            return False
        return bool(listing["visibleInListings"]) or not listing_query

    def _price(
        self, product: dict[str, Any], channel: str, *, discounted: bool = True
    ) -> dict[str, Any] | None:
        """The variant's price in the channel; with its catalogue promotions applied unless
        ``discounted`` is False (Saleor's priceRangeUndiscounted)."""
        channel_id = self.channels[channel]["id"]
        for variant in product["variants"]:
            for listing in variant.get("channelListings") or []:
                if listing["channelId"] == channel_id:
                    currency = self.channels[channel]["currencyCode"]
                    amount = Decimal(str(listing["price"]))
                    if discounted:
                        amount = self._discounted(product["id"], channel, currency, amount)
                    return {"gross": {"amount": float(amount), "currency": currency}}
        return None

    def _storefront_attributes(self, product: dict[str, Any]) -> dict[str, Any]:
        from django.utils.text import slugify

        from catalog_sync.normalise import matching_key

        items: list[tuple[str, dict[str, str] | None, str | None, str | None]] = []
        for slug, text in product["attributes"].items():
            kind = self.attributes[slug]["inputType"]
            if kind == "DROPDOWN":
                items.append(
                    (slug, {"name": text, "slug": slugify(matching_key(text))}, None, None)
                )
            elif kind == "DATE":
                items.append((slug, None, None, text))
            else:
                items.append((slug, None, text, None))
        metadata = {"metadata": self._metadata_node(product)}
        if self.version == "3.21":
            return {
                **metadata,
                "attributes": [
                    {
                        "attribute": {"slug": s},
                        "values": [
                            {
                                "name": (c or {}).get("name") or t or d,
                                "slug": (c or {}).get("slug") or "",
                                "plainText": t,
                                "date": d,
                            }
                        ],
                    }
                    for s, c, t, d in items
                ],
            }
        nodes = []
        for s, c, t, d in items:
            node: dict[str, Any] = {"attribute": {"slug": s}}
            if c is not None:
                node["choice"] = c
            elif d is not None:
                node["date"] = d
            else:
                node["text"] = t
            nodes.append(node)
        return {**metadata, "assignedAttributes": nodes}

    def card_node(self, product: dict[str, Any], channel: str, language: str) -> dict[str, Any]:
        translation = self.translations.get((product["id"], language))
        media = product.get("media") or []
        price = self._price(product, channel)
        listing = product["channelListings"].get(channel) or {}
        return {
            "id": product["id"],
            "slug": product["slug"],
            "name": product["name"],
            "updatedAt": product["updatedAt"],
            "isAvailableForPurchase": bool(listing.get("isAvailableForPurchase")),
            "translation": {"name": translation.get("name")} if translation else None,
            "thumbnail": {"url": media[0]["url"], "alt": media[0]["alt"]} if media else None,
            "category": self._category_node(product["category"], language),
            "pricing": {
                "priceRange": {"start": price},
                "priceRangeUndiscounted": {
                    "start": self._price(product, channel, discounted=False)
                },
            }
            if price
            else None,
            **self._storefront_attributes(product),
        }

    def _category_node(self, slug: str, language: str) -> dict[str, Any]:
        """A category as the storefront reads it (tests put translations in category_names)."""
        translated = self.category_names.get((slug, language))
        return {
            "slug": slug,
            "name": (self.categories.get(slug) or {}).get("name") or slug,
            "translation": {"name": translated} if translated else None,
        }

    def _matches(
        self, product: dict[str, Any], channel: str, where: dict[str, Any], search: str
    ) -> bool:
        from django.utils.text import slugify

        from catalog_sync.normalise import matching_key

        if where.get("ids") is not None and product["id"] not in where["ids"]:
            return False
        listing = product["channelListings"].get(channel) or {}
        if (
            "isVisibleInListing" in where
            and bool(listing.get("visibleInListings")) != where["isVisibleInListing"]
        ):
            return False
        # Saleor's isPublished filter also demands a variant priced in the channel
        published = bool(listing.get("isPublished")) and self._price(product, channel) is not None
        if "isPublished" in where and published != where["isPublished"]:
            return False
        if "slug" in where and product["slug"] != where["slug"]["eq"]:
            return False
        for condition in where.get("attributes") or []:
            value = product["attributes"].get(condition["slug"])
            if value is None:
                return False
            wanted = condition.get("value") or {}
            slugs = condition.get("values") or (wanted.get("slug") or {}).get("oneOf")
            date_range = condition.get("date") or wanted.get("date")
            if slugs is not None and slugify(matching_key(value)) not in slugs:
                return False
            if date_range and date_range.get("gte") and value < date_range["gte"]:
                return False
        return not (search and matching_key(search) not in matching_key(product["name"]))

    def _listed(
        self, v: dict[str, Any], where: dict[str, Any], search: str = ""
    ) -> list[dict[str, Any]]:
        channel, language = v["channel"], _translated_into(v)
        found = [
            p
            for p in self.products.values()
            if self._visible(p, channel, listing_query=True)
            and self._matches(p, channel, where, search)
        ]
        return [self.card_node(p, channel, language) for p in found]

    def op_StorefrontProducts(self, v: dict[str, Any]) -> dict[str, Any]:
        nodes = self._listed(v, v.get("where") or {}, v.get("search") or "")
        nodes.sort(key=lambda n: n["name"])
        start = int(v["after"]) if v.get("after") else 0
        page = nodes[start : start + v["first"]]
        more = start + v["first"] < len(nodes)
        return {
            "products": {
                "totalCount": len(nodes),
                "pageInfo": {
                    "hasNextPage": more,
                    "endCursor": str(start + v["first"]) if more else None,
                },
                "edges": [{"node": n} for n in page],
            }
        }

    def op_StorefrontProductsByIds(self, v: dict[str, Any]) -> dict[str, Any]:
        nodes = sorted(self._listed(v, v["where"]), key=lambda n: n["name"])
        return {"products": {"edges": [{"node": n} for n in nodes[: v["first"]]]}}

    def op_StorefrontProduct(self, v: dict[str, Any]) -> dict[str, Any]:
        channel, language = v["channel"], _translated_into(v)
        found = next(
            (
                p
                for p in self.products.values()
                if self._visible(p, channel, listing_query=False)
                and self._matches(p, channel, v["where"], "")
            ),
            None,
        )
        if found is None:
            return {"products": {"edges": []}}
        node = self.card_node(found, channel, language)
        translation = self.translations.get((found["id"], language)) or {}
        related = [  # the ids the shop asked for, in Saleor's order (not the shop's)
            self.card_node(p, channel, language)
            for p in self.products.values()
            if self._visible(p, channel, listing_query=True)
            and self._matches(p, channel, v["related"], "")
        ]
        node.update(
            description=found.get("description"),
            seoTitle=None,
            seoDescription=None,
            translation={
                "name": translation.get("name"),
                "description": translation.get("description"),
            }
            if translation
            else None,
            media=[
                {
                    "url": m["url"],
                    "small": m["url"] + "?size=512",
                    "thumb": m["url"] + "?size=256",
                    "alt": m["alt"],
                    "type": "IMAGE",
                }
                for m in found.get("media") or []
            ],
            productVariants={
                "edges": [
                    {
                        "node": {
                            "id": f"V-{found['id']}",
                            "name": found["name"],
                            "sku": variant.get("sku"),
                            "quantityAvailable": 0,
                            "pricing": {"price": price}
                            if (price := self._price(found, channel))
                            else None,
                        }
                    }
                    for variant in found["variants"]
                ]
            },
            category={"id": "C", **self._category_node(found["category"], language)},
        )
        answer: dict[str, Any] = {"products": {"edges": [{"node": node}]}}
        if v["withRelated"]:
            answer["related"] = {"edges": [{"node": n} for n in related]}
        return answer

    # --- payments -------------------------------------------------------------------------------
    @property
    def transaction_reports(self) -> list[dict[str, Any]]:
        """Every transactionEventReport Saleor took, in order (repeats included)."""
        return self.__dict__.setdefault("_transaction_reports", [])

    @property
    def transaction_report_errors(self) -> list[dict[str, Any]]:
        """Mutation errors to answer the next reports with (tests append to it)."""
        return self.__dict__.setdefault("_transaction_report_errors", [])

    def transaction_events(self, transaction_id: str) -> list[tuple[str, str, str]]:
        """The events a transaction holds: (type, pspReference, amount), repeats counted once."""
        return [
            (r["type"], r["pspReference"], r["amount"])
            for r in self.transaction_reports
            if r["id"] == transaction_id and not r["alreadyProcessed"]
        ]

    def op_TransactionEventReport(self, v: dict[str, Any]) -> dict[str, Any]:
        if self.transaction_report_errors:
            error = self.transaction_report_errors.pop(0)
            return {
                "transactionEventReport": {
                    "alreadyProcessed": None,
                    "transactionEvent": None,
                    "errors": [error],
                }
            }
        # As Saleor: the same transaction, pspReference and type again is a repeat.
        earlier = next(
            (
                r
                for r in self.transaction_reports
                if (r["id"], r["pspReference"], r["type"])
                == (v["id"], v["pspReference"], v["type"])
            ),
            None,
        )
        if earlier is not None and str(earlier["amount"]) != str(v.get("amount")):
            return {
                "transactionEventReport": {
                    "alreadyProcessed": None,
                    "transactionEvent": None,
                    "errors": [
                        {
                            "field": "amount",
                            "code": "INCORRECT_DETAILS",
                            "message": "The amount differs from the event already reported.",
                        }
                    ],
                }
            }
        self.transaction_reports.append({**v, "alreadyProcessed": earlier is not None})
        return {
            "transactionEventReport": {
                "alreadyProcessed": earlier is not None,
                "transactionEvent": {
                    "id": self.new_id("TransactionEvent"),
                    "type": v["type"],
                    "pspReference": v["pspReference"],
                },
                "errors": [],
            }
        }

    # --- checkout and orders (storefront/cart.py, storefront/checkout_views.py) ---------------
    # As Saleor: stock per variant (the sample's variants hold DEFAULT_STOCK unless a test sets
    # `stock`), availability checked when lines are added and again when the checkout completes,
    # the payment app answering `transactionInitialize` (cash on delivery in VND, Stripe asking for
    # the client-side confirmation), orders numbered from 1001.
    DEFAULT_STOCK = 10
    MAX_LINE_QUANTITY = 50  # Saleor's default checkout line limit
    VN_PROVINCES_ACCEPTED = ("Hà Nội", "Thành phố Hồ Chí Minh", "Thừa Thiên–Huế", "Kiên Giang")

    @property
    def stock(self) -> dict[str, int]:
        """Quantity available per variant id (tests set it; missing: DEFAULT_STOCK)."""
        return self.__dict__.setdefault("_stock", {})

    @property
    def checkouts(self) -> dict[str, dict[str, Any]]:
        return self.__dict__.setdefault("_checkouts", {})

    @property
    def orders(self) -> dict[str, dict[str, Any]]:
        return self.__dict__.setdefault("_orders", {})

    @property
    def transactions(self) -> list[dict[str, Any]]:
        """Every transactionInitialize Saleor took (its variables and the answer's event)."""
        return self.__dict__.setdefault("_transactions", [])

    def variant_id(self, product_name: str) -> str:
        """The id of a sample product's variant, as the storefront's product page shows it."""
        product = next(p for p in self.products.values() if p["name"] == product_name)
        return f"V-{product['id']}"

    def _variant_product(self, variant_id: str) -> dict[str, Any] | None:
        return self.products.get(variant_id.removeprefix("V-"))

    def _available(self, variant_id: str, channel: str = "", country: str = "") -> int:
        """As Saleor: stock counts only in warehouses of a zone that is in the channel and lists
        the country (the shipping address's, else the channel's default country)."""
        if channel and not self._ships(channel, country):
            return 0
        return self.stock.get(variant_id, self.DEFAULT_STOCK)

    def _zones_for(self, channel: str, country: str) -> list[dict[str, Any]]:
        channel_id = self.channels[channel]["id"]
        country = country or self.channels[channel]["defaultCountry"]["code"]
        return [
            z
            for z in self.zones.values()
            if {"code": country} in z["countries"]
            and any(c["id"] == channel_id for c in z["channels"])
        ]

    def _ships(self, channel: str, country: str) -> bool:
        return any(z["warehouses"] for z in self._zones_for(channel, country))

    @staticmethod
    def _country(checkout: dict[str, Any] | None) -> str:
        address = (checkout or {}).get("shippingAddress")
        return address["country"]["code"] if address else ""

    def _line_error(
        self, variant_id: str, quantity: int, channel: str, country: str = ""
    ) -> dict[str, Any] | None:
        product = self._variant_product(variant_id)
        if product is None:
            return {"field": "variantId", "code": "NOT_FOUND", "message": "No such variant."}
        listing = product["channelListings"].get(channel)
        if not listing or not listing["isPublished"]:
            return {
                "field": "lines",
                "code": "PRODUCT_NOT_PUBLISHED",
                "message": "Cannot add lines for unpublished variants.",
            }
        if not listing["isAvailableForPurchase"]:
            return {
                "field": "lines",
                "code": "PRODUCT_UNAVAILABLE_FOR_PURCHASE",
                "message": "Cannot add lines for unavailable for purchase variants.",
            }
        if self._price(product, channel) is None:
            return {
                "field": "lines",
                "code": "UNAVAILABLE_VARIANT_IN_CHANNEL",
                "message": "Cannot add lines with unavailable variants.",
            }
        if quantity > self.MAX_LINE_QUANTITY:
            return {
                "field": "quantity",
                "code": "QUANTITY_GREATER_THAN_LIMIT",
                "message": f"Cannot add more than {self.MAX_LINE_QUANTITY} times this item.",
            }
        available = self._available(variant_id, channel, country)
        if quantity > available:
            return {
                "field": "quantity",
                "code": "INSUFFICIENT_STOCK",
                "message": f"Could not add items {product['name']}. "
                f"Only {available} remaining in stock.",
            }
        return None

    def _checkout_or_error(
        self, checkout_id: str, result: str
    ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        checkout = self.checkouts.get(checkout_id)
        if checkout is None:
            error = {"field": "id", "code": "NOT_FOUND", "message": "Couldn't resolve to a node."}
            return None, {result: {"checkout": None, "errors": [error]}}
        return checkout, None

    def _checkout_answer(self, result: str, checkout: dict[str, Any]) -> dict[str, Any]:
        return {result: {"checkout": {"id": checkout["id"]}, "errors": []}}

    def _refused(self, result: str, *errors: dict[str, Any]) -> dict[str, Any]:
        return {
            result: {
                "checkout": None,
                "errors": [{"variants": None, "lines": None, **e} for e in errors],
            }
        }

    def op_CheckoutCreate(self, v: dict[str, Any]) -> dict[str, Any]:
        i = v["input"]
        for line in i.get("lines") or []:
            error = self._line_error(line["variantId"], line["quantity"], i["channel"])
            if error:
                return self._refused("checkoutCreate", error)
        checkout = {
            "id": self.new_id("Checkout"),
            "channel": i["channel"],
            "email": i.get("email"),
            "lines": [],
            "shippingAddress": None,
            "billingAddress": None,
            "delivery": None,
            "authorized": 0.0,
            "charged": 0.0,
            "languageCode": i.get("languageCode") or "EN",
        }
        for line in i.get("lines") or []:
            checkout["lines"].append(
                {
                    "id": self.new_id("CheckoutLine"),
                    "variant": line["variantId"],
                    "quantity": line["quantity"],
                }
            )
        self.checkouts[checkout["id"]] = checkout
        return self._checkout_answer("checkoutCreate", checkout)

    def op_CheckoutLinesAdd(self, v: dict[str, Any]) -> dict[str, Any]:
        checkout, missing = self._checkout_or_error(v["id"], "checkoutLinesAdd")
        if checkout is None:
            return missing or {}
        for line in v["lines"]:
            existing = next(
                (ln for ln in checkout["lines"] if ln["variant"] == line["variantId"]), None
            )
            total = line["quantity"] + (existing["quantity"] if existing else 0)
            error = self._line_error(
                line["variantId"], total, checkout["channel"], self._country(checkout)
            )
            if error:
                return self._refused("checkoutLinesAdd", error)
        for line in v["lines"]:
            existing = next(
                (ln for ln in checkout["lines"] if ln["variant"] == line["variantId"]), None
            )
            if existing:
                existing["quantity"] += line["quantity"]
            else:
                checkout["lines"].append(
                    {
                        "id": self.new_id("CheckoutLine"),
                        "variant": line["variantId"],
                        "quantity": line["quantity"],
                    }
                )
        checkout["authorized"] = 0.0
        return self._checkout_answer("checkoutLinesAdd", checkout)

    def op_CheckoutLinesUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        checkout, missing = self._checkout_or_error(v["id"], "checkoutLinesUpdate")
        if checkout is None:
            return missing or {}
        for change in v["lines"]:
            line = next((ln for ln in checkout["lines"] if ln["id"] == change["lineId"]), None)
            if line is None:
                return self._refused(
                    "checkoutLinesUpdate",
                    {"field": "lineId", "code": "NOT_FOUND", "message": "No such line."},
                )
            if change["quantity"]:
                error = self._line_error(
                    line["variant"],
                    change["quantity"],
                    checkout["channel"],
                    self._country(checkout),
                )
                if error:
                    return self._refused("checkoutLinesUpdate", error)
        for change in v["lines"]:
            line = next(ln for ln in checkout["lines"] if ln["id"] == change["lineId"])
            line["quantity"] = change["quantity"]
        checkout["lines"] = [ln for ln in checkout["lines"] if ln["quantity"] > 0]
        return self._checkout_answer("checkoutLinesUpdate", checkout)

    def op_CheckoutLinesDelete(self, v: dict[str, Any]) -> dict[str, Any]:
        checkout, missing = self._checkout_or_error(v["id"], "checkoutLinesDelete")
        if checkout is None:
            return missing or {}
        known = {ln["id"] for ln in checkout["lines"]}
        if not set(v["linesIds"]) <= known:
            error = {
                "field": "lineId",
                "code": "INVALID",
                "message": "Provided line_ids aren't part of checkout.",
            }
            return {"checkoutLinesDelete": {"checkout": None, "errors": [error]}}
        checkout["lines"] = [ln for ln in checkout["lines"] if ln["id"] not in v["linesIds"]]
        return self._checkout_answer("checkoutLinesDelete", checkout)

    def op_CheckoutEmailUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        checkout, missing = self._checkout_or_error(v["id"], "checkoutEmailUpdate")
        if checkout is None:
            return missing or {}
        checkout["email"] = v["email"]
        return self._checkout_answer("checkoutEmailUpdate", checkout)

    def _address_errors(self, address: dict[str, Any]) -> list[dict[str, Any]]:
        errors = []
        required = ["streetAddress1", "city"] + (
            ["postalCode"] if address["country"] == "US" else []
        )
        for name in required:
            if not address.get(name):
                errors.append(
                    {"field": name, "code": "REQUIRED", "message": "This field is required."}
                )
        area = address.get("countryArea")
        if address["country"] == "VN" and area and area not in self.VN_PROVINCES_ACCEPTED:
            errors.append(
                {
                    "field": "countryArea",
                    "code": "INVALID",
                    "message": "This value is not valid for the address.",
                }
            )
        if address.get("phone") and not str(address["phone"]).startswith("+"):
            errors.append({"field": "phone", "code": "INVALID", "message": "Invalid phone number."})
        return errors

    def _address_node(self, address: dict[str, Any]) -> dict[str, Any]:
        node = {
            k: address.get(k) or ""
            for k in (
                "firstName",
                "lastName",
                "companyName",
                "streetAddress1",
                "streetAddress2",
                "city",
                "cityArea",
                "postalCode",
                "countryArea",
                "phone",
            )
        }
        node["country"] = {"code": address["country"]}
        return node

    def op_CheckoutShippingAddressUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        checkout, missing = self._checkout_or_error(v["id"], "checkoutShippingAddressUpdate")
        if checkout is None:
            return missing or {}
        errors = self._address_errors(v["address"])
        if errors:
            return {"checkoutShippingAddressUpdate": {"checkout": None, "errors": errors}}
        checkout["shippingAddress"] = self._address_node(v["address"])
        if checkout["delivery"] and checkout["delivery"] not in [
            m["id"] for m in self._methods_for(checkout)
        ]:
            checkout["delivery"] = None
        return self._checkout_answer("checkoutShippingAddressUpdate", checkout)

    def op_CheckoutBillingAddressUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        checkout, missing = self._checkout_or_error(v["id"], "checkoutBillingAddressUpdate")
        if checkout is None:
            return missing or {}
        errors = self._address_errors(v["address"])
        if errors:
            return {"checkoutBillingAddressUpdate": {"checkout": None, "errors": errors}}
        checkout["billingAddress"] = self._address_node(v["address"])
        return self._checkout_answer("checkoutBillingAddressUpdate", checkout)

    def _methods_for(self, checkout: dict[str, Any], language: str = "") -> list[dict[str, Any]]:
        """As Saleor: the methods of the zones in the checkout's channel that list the shipping
        address's country, priced in the channel; named in ``language`` when translated."""
        address = checkout["shippingAddress"]
        if not address:
            return []
        covering = self._zones_for(checkout["channel"], address["country"]["code"])
        currency = self.channels[checkout["channel"]]["currencyCode"]
        methods = []
        for zone in covering:
            for method in zone["shippingMethods"]:
                for listing in method["channelListings"]:
                    if listing["channel"]["slug"] == checkout["channel"]:
                        methods.append(
                            {
                                "id": method["id"],
                                "name": method["name"],
                                "translation": method.get(language),
                                "minimumDeliveryDays": None,
                                "maximumDeliveryDays": None,
                                "price": {
                                    "amount": listing["price"]["amount"],
                                    "currency": currency,
                                },
                            }
                        )
        return methods

    def _delivery_id(self, method_id: str) -> str:
        return b64encode(f"CheckoutDelivery:{method_id}".encode()).decode()

    def op_CheckoutDeliveryOptions(self, v: dict[str, Any]) -> dict[str, Any]:
        checkout = self.checkouts.get(v["id"])
        methods = self._methods_for(checkout, v["languageCode"]) if checkout else []
        if self.version >= "3.23":
            return {
                "deliveryOptionsCalculate": {
                    "deliveries": [
                        {"id": self._delivery_id(m["id"]), "shippingMethod": m} for m in methods
                    ],
                    "errors": [],
                }
            }
        return {"checkout": {"id": v["id"], "shippingMethods": methods} if checkout else None}

    def op_CheckoutDeliveryMethodUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        checkout, missing = self._checkout_or_error(v["id"], "checkoutDeliveryMethodUpdate")
        if checkout is None:
            return missing or {}
        wanted = v["deliveryMethodId"]
        for method in self._methods_for(checkout):
            if wanted in (method["id"], self._delivery_id(method["id"])):
                checkout["delivery"] = method["id"]
                return self._checkout_answer("checkoutDeliveryMethodUpdate", checkout)
        error = {
            "field": "deliveryMethodId",
            "code": "DELIVERY_METHOD_NOT_APPLICABLE",
            "message": "This shipping method is not applicable.",
        }
        return {"checkoutDeliveryMethodUpdate": {"checkout": None, "errors": [error]}}

    def _totals(self, checkout: dict[str, Any]) -> tuple[float, float, str]:
        currency = self.channels[checkout["channel"]]["currencyCode"]
        subtotal = 0.0
        for line in checkout["lines"]:
            product = self._variant_product(line["variant"])
            price = self._price(product, checkout["channel"]) if product else None
            subtotal += (price["gross"]["amount"] if price else 0.0) * line["quantity"]
        method = next(
            (m for m in self._methods_for(checkout) if m["id"] == checkout["delivery"]), None
        )
        shipping = float(method["price"]["amount"]) if method else 0.0
        return subtotal, shipping, currency

    def op_CheckoutDetails(self, v: dict[str, Any]) -> dict[str, Any]:
        checkout = self.checkouts.get(v["id"])
        if checkout is None:
            return {"checkout": None}
        channel = checkout["channel"]
        subtotal, shipping, currency = self._totals(checkout)

        def money(amount: float) -> dict[str, Any]:
            return {"gross": {"amount": amount, "currency": currency}}

        lines: list[dict[str, Any]] = []
        problems: list[dict[str, Any]] = []
        for line in checkout["lines"]:
            product = self._variant_product(line["variant"]) or {}
            price = self._price(product, channel) if product else None
            unit = price["gross"]["amount"] if price else 0.0
            listing = product.get("channelListings", {}).get(channel) or {}
            translation = self.translations.get((str(product.get("id")), v["languageCode"]))
            available = self._available(line["variant"], channel, self._country(checkout))
            if not listing.get("isPublished") or not listing.get("isAvailableForPurchase"):
                problems.append({"line": {"id": line["id"]}})
            elif line["quantity"] > available:
                problems.append({"availableQuantity": available, "line": {"id": line["id"]}})
            lines.append(
                {
                    "id": line["id"],
                    "quantity": line["quantity"],
                    "unitPrice": money(unit),
                    "totalPrice": money(unit * line["quantity"]),
                    "variant": {
                        "id": line["variant"],
                        "name": product.get("name"),
                        "sku": (product.get("variants") or [{}])[0].get("sku"),
                        "quantityAvailable": available,
                        "product": {
                            "id": product.get("id"),
                            "slug": product.get("slug"),
                            "name": product.get("name"),
                            "isAvailableForPurchase": bool(listing.get("isAvailableForPurchase")),
                            "translation": {"name": translation.get("name")}
                            if translation
                            else None,
                            **self._storefront_attributes(product),
                        },
                    },
                }
            )
        method = next(
            (
                m
                for m in self._methods_for(checkout, v["languageCode"])
                if m["id"] == checkout["delivery"]
            ),
            None,
        )
        node: dict[str, Any] = {
            "id": checkout["id"],
            "email": checkout["email"],
            "isShippingRequired": True,
            "shippingAddress": checkout["shippingAddress"],
            "billingAddress": checkout["billingAddress"],
            "subtotalPrice": money(subtotal),
            "shippingPrice": money(shipping),
            "totalPrice": money(subtotal + shipping),
            "channel": {"slug": channel},
            "problems": problems,
            "lines": lines,
        }
        if self.version >= "3.23":
            node["delivery"] = (
                {
                    "id": self._delivery_id(method["id"]),
                    "shippingMethod": {
                        "id": method["id"],
                        "name": method["name"],
                        "translation": method["translation"],
                    },
                }
                if method
                else None
            )
        else:
            node["deliveryMethod"] = (
                {"id": method["id"], "name": method["name"], "translation": method["translation"]}
                if method
                else None
            )
        return {"checkout": node}

    def op_CheckoutTransactionInitialize(self, v: dict[str, Any]) -> dict[str, Any]:
        """As Saleor with the payments app: COD authorises the amount in VND; Stripe answers a
        client secret; a repeat of an idempotency key gets the first answer."""
        earlier = next(
            (t for t in self.transactions if t["idempotencyKey"] == v["idempotencyKey"]), None
        )
        if earlier is not None:
            return {"transactionInitialize": earlier["answer"]}
        checkout = self.checkouts.get(v["id"])
        if checkout is None:
            error = {"field": "id", "code": "NOT_FOUND", "message": "Couldn't resolve to a node."}
            answer: dict[str, Any] = {
                "transaction": None,
                "transactionEvent": None,
                "data": None,
                "errors": [error],
            }
            return {"transactionInitialize": answer}
        subtotal, shipping, currency = self._totals(checkout)
        amount = float(v["amount"])
        data = v["gateway"].get("data") or {}
        transaction_id = self.new_id("TransactionItem")
        out: dict[str, Any]
        if data.get("gateway") == "app.ocop.cod":
            if currency != "VND":
                event, out = "AUTHORIZATION_FAILURE", {"error": {"code": "COD_NOT_AVAILABLE"}}
            elif abs(amount - (subtotal + shipping)) > 0.001:
                event, out = "AUTHORIZATION_FAILURE", {"error": {"code": "AMOUNT_MISMATCH"}}
            else:
                event, out = (
                    "AUTHORIZATION_SUCCESS",
                    {"gateway": "app.ocop.cod", "collectOnDelivery": True},
                )
                checkout["authorized"] = amount
        else:
            event, out = "CHARGE_ACTION_REQUIRED", {"clientSecret": "pi_fake_secret_123"}
        answer = {
            "transaction": {"id": transaction_id},
            "transactionEvent": {
                "type": event,
                "message": "",
                "pspReference": f"ref-{transaction_id}",
            },
            "data": out,
            "errors": [],
        }
        self.transactions.append({**v, "answer": answer})
        return {"transactionInitialize": answer}

    @property
    def stripe_outcomes(self) -> dict[str, tuple[str, dict[str, Any]]]:
        """What the payments app answers ``transactionProcess`` for a transaction id: (event type,
        data). Missing: the PaymentIntent succeeded (CHARGE_SUCCESS)."""
        return self.__dict__.setdefault("_stripe_outcomes", {})

    @property
    def processed(self) -> list[dict[str, Any]]:
        """Every transactionProcess Saleor took (its variables)."""
        return self.__dict__.setdefault("_processed", [])

    def op_CheckoutTransactionProcess(self, v: dict[str, Any]) -> dict[str, Any]:
        """As Saleor: a transaction already settled answers its settling event again (without
        asking the app); else the app's answer, which pays the checkout when it succeeded."""
        self.processed.append(v)
        transaction = next(
            (
                t
                for t in self.transactions
                if t["answer"]["transaction"]["id"] == v["transactionId"]
            ),
            None,
        )
        if transaction is None:
            error = {"field": "id", "code": "NOT_FOUND", "message": "Couldn't resolve to a node."}
            return {
                "transactionProcess": {
                    "transaction": None,
                    "transactionEvent": None,
                    "data": None,
                    "errors": [error],
                }
            }
        settled = transaction.get("settled")
        if settled is None:
            event, data = self.stripe_outcomes.get(
                v["transactionId"], ("CHARGE_SUCCESS", {"status": "succeeded"})
            )
            settled = {"type": event, "message": "", "pspReference": "pi_fake"}
            if event.endswith(("_SUCCESS", "_FAILURE")):
                transaction["settled"] = settled
            checkout = self.checkouts.get(transaction["id"])
            if event in ("CHARGE_SUCCESS", "AUTHORIZATION_SUCCESS") and checkout is not None:
                checkout["authorized"] = float(transaction["amount"])
            if event == "CHARGE_SUCCESS" and checkout is not None:
                checkout["charged"] = float(transaction["amount"])
        else:
            data = None
        answer: dict[str, Any] = {
            "transaction": {"id": v["transactionId"]},
            "transactionEvent": settled,
            "data": data,
            "errors": [],
        }
        return {"transactionProcess": answer}

    def op_CheckoutComplete(self, v: dict[str, Any]) -> dict[str, Any]:
        checkout = self.checkouts.get(v["id"])

        def refused(field: str | None, code: str, message: str) -> dict[str, Any]:
            error = {"field": field, "code": code, "message": message, "lines": None}
            return {"checkoutComplete": {"order": None, "errors": [error]}}

        if checkout is None:
            return refused("id", "NOT_FOUND", "Couldn't resolve to a node.")
        if not checkout["email"]:
            return refused("email", "EMAIL_NOT_SET", "Email is not set.")
        if not checkout["shippingAddress"]:
            return refused("shippingAddress", "SHIPPING_ADDRESS_NOT_SET", "No address.")
        if not checkout["delivery"]:
            return refused("shippingMethod", "SHIPPING_METHOD_NOT_SET", "No method.")
        if not checkout["billingAddress"]:
            return refused("billingAddress", "BILLING_ADDRESS_NOT_SET", "No address.")
        for line in checkout["lines"]:
            error = self._line_error(
                line["variant"], line["quantity"], checkout["channel"], self._country(checkout)
            )
            if error:
                return refused(error["field"], error["code"], error["message"])
        subtotal, shipping, _currency = self._totals(checkout)
        if checkout["authorized"] + 0.001 < subtotal + shipping:
            return refused(
                "id",
                "CHECKOUT_NOT_FULLY_PAID",
                "The authorized amount doesn't cover the checkout's total amount.",
            )
        for line in checkout["lines"]:
            self.stock[line["variant"]] = self._available(line["variant"]) - line["quantity"]
        details = self.op_CheckoutDetails({"id": checkout["id"], "languageCode": "EN"})["checkout"]
        number = 1001 + len(self.orders)
        method = next(m for m in self._methods_for(checkout) if m["id"] == checkout["delivery"])
        order = {
            "id": self.new_id("Order"),
            "number": str(number),
            "created": "2026-11-23T10:00:00+00:00",
            "status": "UNFULFILLED",
            "userEmail": checkout["email"],
            "shippingMethodName": method["name"],
            "shippingMethodId": method["id"],
            "authorizeStatus": "FULL",
            # as Saleor: charged in full by a card payment, else authorised (cash on delivery)
            "chargeStatus": "FULL" if checkout.get("charged") else "NONE",
            "channel": {"slug": checkout["channel"]},
            "shippingAddress": checkout["shippingAddress"],
            "subtotal": details["subtotalPrice"],
            "shippingPrice": details["shippingPrice"],
            "total": details["totalPrice"],
            "lines": [
                {
                    "id": self.new_id("OrderLine"),
                    "productName": line["variant"]["product"]["name"],
                    # as Saleor: the name in the checkout's language, "" without a translation
                    "translatedProductName": (
                        self.translations.get(
                            (line["variant"]["product"]["id"], checkout["languageCode"])
                        )
                        or {}
                    ).get("name")
                    or "",
                    "variantName": line["variant"]["name"],
                    "productSku": line["variant"]["sku"],
                    "quantity": line["quantity"],
                    "quantityFulfilled": 0,
                    "totalPrice": line["totalPrice"],
                    "variant": {
                        "id": line["variant"]["id"],
                        "product": {"id": line["variant"]["product"]["id"]},
                    },
                }
                for line in details["lines"]
            ],
            "fulfillments": [],
        }
        self.orders[order["id"]] = order
        del self.checkouts[checkout["id"]]
        return {
            "checkoutComplete": {
                "order": {"id": order["id"], "number": order["number"]},
                "errors": [],
            }
        }

    def _order_node(self, order: dict[str, Any] | None, language: str) -> dict[str, Any] | None:
        if order is None:
            return None
        methods = [m for z in self.zones.values() for m in z["shippingMethods"]]
        method = next((m for m in methods if m["id"] == order["shippingMethodId"]), None)
        node = {k: value for k, value in order.items() if k != "shippingMethodId"}
        node["deliveryMethod"] = {"translation": method.get(language)} if method else None
        return node

    def op_OrderDetails(self, v: dict[str, Any]) -> dict[str, Any]:
        return {"order": self._order_node(self.orders.get(v["id"]), v["languageCode"])}

    def op_OrderByNumber(self, v: dict[str, Any]) -> dict[str, Any]:
        found = [o for o in self.orders.values() if o["number"] == str(v["number"])]
        nodes = [self._order_node(o, v["languageCode"]) for o in found[:1]]
        return {"orders": {"edges": [{"node": n} for n in nodes]}}

    def op_OrdersToShip(self, v: dict[str, Any]) -> dict[str, Any]:
        newest = sorted(self.orders.values(), key=lambda o: -int(o["number"]))[: v["first"]]
        return {"orders": {"edges": [{"node": order} for order in newest]}}

    def add_order(
        self,
        *,
        created: str,
        channel: str,
        lines: list[tuple[str, int, float]],
        status: str = "UNFULFILLED",
    ) -> dict[str, Any]:
        """An order placed at ``created`` (ISO time) in ``channel``: lines of (product id,
        quantity, line total gross), as if a buyer had checked out (tests of the reports)."""
        currency = self.channels[channel]["currencyCode"] if channel in self.channels else "VND"
        number = 1001 + len(self.orders)
        order: dict[str, Any] = {
            "id": self.new_id("Order"),
            "number": str(number),
            "created": created,
            "status": status,
            "channel": {"slug": channel},
            "lines": [
                {
                    "id": self.new_id("OrderLine"),
                    "productName": (self.products.get(product_id) or {}).get("name", ""),
                    "quantity": quantity,
                    "quantityFulfilled": 0,
                    "totalPrice": {"gross": {"amount": total, "currency": currency}},
                    "variant": {"id": self.new_id("ProductVariant"), "product": {"id": product_id}},
                }
                for product_id, quantity, total in lines
            ],
            "fulfillments": [],
        }
        self.orders[order["id"]] = order
        return order

    def op_OrdersForReport(self, v: dict[str, Any]) -> dict[str, Any]:
        """As Saleor: drafts never listed; 3.21's `filter` compares the UTC date of creation and
        its status list has no returned/expired; 3.22's `where` compares instants."""
        from datetime import UTC, date, datetime

        def moment(text: str) -> datetime:
            return datetime.fromisoformat(text.replace("Z", "+00:00"))

        channel_ids = {c["id"]: slug for slug, c in self.channels.items()}
        found = []
        for order in sorted(self.orders.values(), key=lambda o: int(o["number"])):
            if order["status"] == "DRAFT":
                continue
            created = moment(order["created"])
            if "where" in v and v["where"] is not None:
                where = v["where"]
                span = where.get("createdAt") or {}
                if span.get("gte") and created < moment(span["gte"]):
                    continue
                if span.get("lte") and created > moment(span["lte"]):
                    continue
                if "status" in where and order["status"] not in where["status"]["oneOf"]:
                    continue
                wanted = (where.get("channelId") or {}).get("oneOf")
            else:
                legacy = v.get("filter") or {}
                day = created.astimezone(UTC).date()
                span = legacy.get("created") or {}
                if span.get("gte") and day < date.fromisoformat(span["gte"]):
                    continue
                if span.get("lte") and day > date.fromisoformat(span["lte"]):
                    continue
                wanted = legacy.get("channels")
            if wanted is not None and order["channel"]["slug"] not in {
                channel_ids.get(i) for i in wanted
            }:
                continue
            found.append(order)
        start = int(v["after"]) if v.get("after") else 0
        page = found[start : start + v["first"]]
        nodes = []
        for order in page:
            slug = order["channel"]["slug"]
            currency = (self.channels.get(slug) or {}).get("currencyCode") or "VND"
            nodes.append({**order, "channel": {"slug": slug, "currencyCode": currency}})
        return {
            "orders": {
                "pageInfo": {
                    "hasNextPage": start + len(page) < len(found),
                    "endCursor": str(start + len(page)),
                },
                "edges": [{"node": node} for node in nodes],
            }
        }

    def op_OrderFulfill(self, v: dict[str, Any]) -> dict[str, Any]:
        order = self.orders.get(v["order"])
        assert order is not None, v["order"]
        lines = {line["id"]: line for line in order["lines"]}
        fulfilled = []
        for entry in v["input"]["lines"]:
            line = lines[entry["orderLineId"]]
            quantity = sum(s["quantity"] for s in entry["stocks"])
            if line["quantityFulfilled"] + quantity > line["quantity"]:
                return {
                    "orderFulfill": {
                        "fulfillments": None,
                        "errors": [
                            {
                                "field": "orderLineId",
                                "code": "FULFILL_ORDER_LINE",
                                "message": "too many",
                            }
                        ],
                    }
                }
            line["quantityFulfilled"] += quantity
            fulfilled.append({"quantity": quantity, "orderLine": {"id": line["id"]}})
        fulfillment = {
            "id": self.new_id("Fulfillment"),
            "status": "FULFILLED",
            "trackingNumber": v["input"].get("trackingNumber") or "",
            "lines": fulfilled,
        }
        order["fulfillments"].append(fulfillment)
        done = all(line["quantityFulfilled"] >= line["quantity"] for line in order["lines"])
        order["status"] = "FULFILLED" if done else "PARTIALLY_FULFILLED"
        return {"orderFulfill": {"fulfillments": [fulfillment], "errors": []}}

    def op_ProductVariantStocksUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        quantity = sum(s["quantity"] for s in v["stocks"])
        self.stock[v["variantId"]] = quantity
        return {
            "productVariantStocksUpdate": {
                "productVariant": {"id": v["variantId"], "quantityAvailable": quantity},
                "errors": [],
            }
        }

    # --- collections and catalogue promotions (province events) --------------------------------
    # As Saleor: a catalogue promotion applies between its start and end dates (judged on the
    # real clock, as tests set the dates around now) to the products its rules' predicates name,
    # in each rule's channels; the best reward wins; the result is rounded to the currency. Real
    # Saleor applies it a few seconds later (its Celery beat recalculates discounted prices); the
    # fake applies it at once.

    def _discounted(self, product_id: str, channel: str, currency: str, amount: Decimal) -> Decimal:
        now = datetime.now(UTC)
        best = amount
        for promotion in self.promotions.values():
            start = datetime.fromisoformat(promotion["startDate"])
            end = datetime.fromisoformat(promotion["endDate"]) if promotion["endDate"] else None
            if not (start <= now and (end is None or now < end)):
                continue
            for rule in promotion["rules"]:
                if channel not in [c["slug"] for c in rule["channels"]]:
                    continue
                ids = (rule["cataloguePredicate"].get("collectionPredicate") or {}).get("ids", [])
                if not any(
                    product_id in self.collections.get(i, {}).get("products", []) for i in ids
                ):
                    continue
                value = Decimal(str(rule["rewardValue"]))
                if rule["rewardValueType"] == "PERCENTAGE":
                    price = amount - amount * value / 100
                else:
                    price = max(amount - value, Decimal(0))
                best = min(best, price)
        places = Decimal(1) if currency == "VND" else Decimal("0.01")
        return best.quantize(places, rounding=ROUND_HALF_UP)

    def _collection_node(self, collection: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": collection["id"],
            "slug": collection["slug"],
            "name": collection["name"],
            "channelListings": list(collection["channelListings"].values()),
        }

    def _not_found(self, result: str, key: str) -> dict[str, Any]:
        error = {"field": "id", "code": "NOT_FOUND", "message": "not found"}
        return {result: {key: None, "errors": [error]}}

    def op_EventCollectionState(self, v: dict[str, Any]) -> dict[str, Any]:
        collection = self.collections.get(v["id"])
        if collection is None:
            return {"collection": None}
        return {
            "collection": {
                **self._collection_node(collection),
                "products": {
                    "pageInfo": {"hasNextPage": False, "endCursor": None},
                    "edges": [{"node": {"id": p}} for p in collection["products"]],
                },
            }
        }

    def op_EventCollectionBySlug(self, v: dict[str, Any]) -> dict[str, Any]:
        found = next((c for c in self.collections.values() if c["slug"] == v["slug"]), None)
        return {"collection": self._collection_node(found) if found else None}

    def op_EventCollectionCreate(self, v: dict[str, Any]) -> dict[str, Any]:
        i = v["input"]
        if any(c["slug"] == i["slug"] for c in self.collections.values()):
            error = {"field": "slug", "code": "UNIQUE", "message": "exists"}
            return {"collectionCreate": {"collection": None, "errors": [error]}}
        collection = {
            "id": self.new_id("Collection"),
            "slug": i["slug"],
            "name": i["name"],
            "channelListings": {},
            "products": list(dict.fromkeys(i.get("products") or [])),
        }
        self.collections[collection["id"]] = collection
        return {"collectionCreate": {"collection": self._collection_node(collection), "errors": []}}

    def op_EventCollectionUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        collection = self.collections.get(v["id"])
        if collection is None:
            return self._not_found("collectionUpdate", "collection")
        collection["name"] = v["input"].get("name", collection["name"])
        return {"collectionUpdate": {"collection": {"id": v["id"]}, "errors": []}}

    def op_EventCollectionChannels(self, v: dict[str, Any]) -> dict[str, Any]:
        collection = self.collections.get(v["id"])
        if collection is None:
            return self._not_found("collectionChannelListingUpdate", "collection")
        by_id = {c["id"]: c for c in self.channels.values()}
        for add in v["input"].get("addChannels") or []:
            channel = by_id[add["channelId"]]
            at = add.get("publishedAt")
            collection["channelListings"][channel["slug"]] = {
                "channel": {"id": channel["id"], "slug": channel["slug"]},
                "isPublished": bool(add.get("isPublished")),
                "publishedAt": datetime.fromisoformat(at).isoformat() if at else None,
            }
        for channel_id in v["input"].get("removeChannels") or []:
            collection["channelListings"].pop(by_id[channel_id]["slug"], None)
        return {
            "collectionChannelListingUpdate": {
                "collection": self._collection_node(collection),
                "errors": [],
            }
        }

    def op_EventCollectionAddProducts(self, v: dict[str, Any]) -> dict[str, Any]:
        collection = self.collections.get(v["id"])
        if collection is None:
            return self._not_found("collectionAddProducts", "collection")
        for product_id in v["products"]:
            if product_id not in collection["products"]:
                collection["products"].append(product_id)
        return {"collectionAddProducts": {"collection": {"id": v["id"]}, "errors": []}}

    def op_EventCollectionRemoveProducts(self, v: dict[str, Any]) -> dict[str, Any]:
        collection = self.collections.get(v["id"])
        if collection is None:
            return self._not_found("collectionRemoveProducts", "collection")
        collection["products"] = [p for p in collection["products"] if p not in v["products"]]
        return {"collectionRemoveProducts": {"collection": {"id": v["id"]}, "errors": []}}

    def op_EventCollectionDelete(self, v: dict[str, Any]) -> dict[str, Any]:
        if self.collections.pop(v["id"], None) is None:
            return self._not_found("collectionDelete", "collection")
        return {"collectionDelete": {"collection": {"id": v["id"]}, "errors": []}}

    def _rule(self, i: dict[str, Any]) -> dict[str, Any]:
        by_id = {c["id"]: c for c in self.channels.values()}
        return {
            "id": self.new_id("PromotionRule"),
            "rewardValueType": i["rewardValueType"],
            "rewardValue": float(i["rewardValue"]),
            "cataloguePredicate": i["cataloguePredicate"],
            "channels": [{"id": c, "slug": by_id[c]["slug"]} for c in i.get("channels") or []],
        }

    def _promotion_node(self, promotion: dict[str, Any]) -> dict[str, Any]:
        return {k: promotion[k] for k in ("id", "name", "startDate", "endDate", "rules")}

    def op_EventPromotionState(self, v: dict[str, Any]) -> dict[str, Any]:
        promotion = self.promotions.get(v["id"])
        return {"promotion": self._promotion_node(promotion) if promotion else None}

    def op_EventPromotionsByName(self, v: dict[str, Any]) -> dict[str, Any]:
        found = [p for p in self.promotions.values() if p["name"] == v["name"]]
        return {"promotions": {"edges": [{"node": self._promotion_node(p)} for p in found]}}

    def op_EventPromotionCreate(self, v: dict[str, Any]) -> dict[str, Any]:
        i = v["input"]
        promotion = {
            "id": self.new_id("Promotion"),
            "name": i["name"],
            "startDate": datetime.fromisoformat(i["startDate"]).isoformat(),
            "endDate": datetime.fromisoformat(i["endDate"]).isoformat()
            if i.get("endDate")
            else None,
            "rules": [self._rule(r) for r in i.get("rules") or []],
        }
        self.promotions[promotion["id"]] = promotion
        return {"promotionCreate": {"promotion": self._promotion_node(promotion), "errors": []}}

    def op_EventPromotionUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        promotion = self.promotions.get(v["id"])
        if promotion is None:
            return self._not_found("promotionUpdate", "promotion")
        for key in ("startDate", "endDate"):
            if key in v["input"]:
                value = v["input"][key]
                promotion[key] = datetime.fromisoformat(value).isoformat() if value else None
        return {"promotionUpdate": {"promotion": self._promotion_node(promotion), "errors": []}}

    def _find_rule(self, rule_id: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
        for promotion in self.promotions.values():
            for rule in promotion["rules"]:
                if rule["id"] == rule_id:
                    return promotion, rule
        return None

    def op_EventPromotionRuleCreate(self, v: dict[str, Any]) -> dict[str, Any]:
        promotion = self.promotions.get(v["input"]["promotion"])
        if promotion is None:
            return self._not_found("promotionRuleCreate", "promotionRule")
        rule = self._rule(v["input"])
        promotion["rules"].append(rule)
        return {"promotionRuleCreate": {"promotionRule": {"id": rule["id"]}, "errors": []}}

    def op_EventPromotionRuleUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        found = self._find_rule(v["id"])
        if found is None:
            return self._not_found("promotionRuleUpdate", "promotionRule")
        _promotion, rule = found
        i = v["input"]
        if "rewardValueType" in i:
            rule["rewardValueType"] = i["rewardValueType"]
        if "rewardValue" in i:
            rule["rewardValue"] = float(i["rewardValue"])
        if "cataloguePredicate" in i:
            rule["cataloguePredicate"] = i["cataloguePredicate"]
        return {"promotionRuleUpdate": {"promotionRule": {"id": rule["id"]}, "errors": []}}

    def op_EventPromotionRuleDelete(self, v: dict[str, Any]) -> dict[str, Any]:
        found = self._find_rule(v["id"])
        if found is None:
            return self._not_found("promotionRuleDelete", "promotionRule")
        promotion, rule = found
        promotion["rules"].remove(rule)
        return {"promotionRuleDelete": {"promotionRule": {"id": rule["id"]}, "errors": []}}

    def op_EventPromotionDelete(self, v: dict[str, Any]) -> dict[str, Any]:
        if self.promotions.pop(v["id"], None) is None:
            return self._not_found("promotionDelete", "promotion")
        return {"promotionDelete": {"promotion": {"id": v["id"]}, "errors": []}}
