"""Typed results of the gateway: plain frozen dataclasses with only the fields the project reads.

Hand-written rather than generated (ariadne-codegen generates from one schema; the project supports
four, and these few types are the contract the rest of the code relies on).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Channel:
    id: str
    slug: str
    currency: str


@dataclass(frozen=True)
class StoreLayout:
    """The Saleor ids the sync writes with, read once from a bootstrapped Saleor."""

    product_type_id: str
    attribute_ids: dict[str, str]  # slug -> id
    category_ids: dict[str, str]  # slug -> id
    channels: tuple[Channel, ...]
    warehouse_id: str

    def channel(self, slug: str) -> Channel | None:
        return next((c for c in self.channels if c.slug == slug), None)


@dataclass(frozen=True)
class OcopAttributes:
    stars: int
    certificate_code: str
    decision_number: str
    decided_on: date
    valid_until: date
    issuing_authority: str
    province: str
    commune: str
    group: str
    producer: str


@dataclass(frozen=True)
class ProductTexts:
    name: str = ""
    description: str = ""


@dataclass(frozen=True)
class ProductDraft:
    """A product as the sync wants it in Saleor."""

    external_reference: str
    name: str
    slug: str
    category: str  # category slug
    ocop: OcopAttributes
    description: str = ""  # plain text; becomes an EditorJS document
    sku: str = ""
    weight_grams: int | None = None
    prices: dict[str, Decimal] = field(default_factory=dict)  # channel slug -> price
    stock: int | None = None  # units in the shop's warehouse, when the list says
    translations: dict[str, ProductTexts] = field(default_factory=dict)  # "EN" -> texts
    shown: bool = True  # created published, listed and for sale (else hidden in every channel)


@dataclass(frozen=True)
class ProductImage:
    """A photo to add to a product: the checked image file and its alt text."""

    content: bytes
    filename: str  # with the extension of its format (Saleor checks it)
    content_type: str  # image/jpeg, image/png or image/webp
    alt: str


@dataclass(frozen=True)
class ChannelVisibility:
    channel_slug: str
    is_published: bool
    visible_in_listings: bool
    is_available_for_purchase: bool

    @property
    def shown(self) -> bool:
        return self.is_published and self.visible_in_listings and self.is_available_for_purchase

    @property
    def hidden(self) -> bool:
        return not (self.is_published or self.visible_in_listings or self.is_available_for_purchase)


@dataclass(frozen=True)
class ProductState:
    """A product as Saleor has it."""

    id: str
    external_reference: str | None
    name: str
    slug: str
    category: str | None
    channels: tuple[ChannelVisibility, ...]
    attributes: dict[str, list[str]]  # attribute slug -> values as text
    metadata: dict[str, str] = field(default_factory=dict)  # public metadata

    @classmethod
    def from_graphql(cls, node: dict[str, Any]) -> ProductState:
        from saleor_api.catalogue import parse_attributes

        attributes = {
            slug: [choice.name for choice in choices if choice.name]
            for slug, choices in parse_attributes(node).items()
        }
        return cls(
            id=node["id"],
            external_reference=node.get("externalReference"),
            name=node["name"],
            slug=node["slug"],
            category=(node.get("category") or {}).get("slug"),
            channels=tuple(
                ChannelVisibility(
                    channel_slug=listing["channel"]["slug"],
                    is_published=bool(listing["isPublished"]),
                    visible_in_listings=bool(listing["visibleInListings"]),
                    is_available_for_purchase=bool(listing["isAvailableForPurchase"]),
                )
                for listing in node.get("channelListings") or []
            ),
            attributes=attributes,
            metadata={m["key"]: m["value"] for m in node.get("metadata") or []},
        )


@dataclass(frozen=True)
class CreatedProduct:
    external_reference: str
    product_id: str | None
    error: str = ""  # why Saleor refused this one


@dataclass(frozen=True)
class ListingPhoto:
    """A photo in a product's media, in the product's order."""

    id: str
    url: str  # a thumbnail (512 px on its longer side)
    alt: str

    def as_record(self) -> dict[str, str]:
        return {"id": self.id, "alt": self.alt}


@dataclass(frozen=True)
class Listing:
    """What a producer edits of a product in the portal, as Saleor has it now."""

    product_id: str
    variant_id: str | None
    description: str  # plain text, one paragraph a line
    translations: dict[str, str]  # "EN", "FR", "ZH_HANS", "KO", "JA" -> description (plain text)
    prices: dict[str, Decimal]  # channel slug -> price of the variant there (on sale there)
    stock: int | None  # units in the shop's warehouse; None: no stock record
    weight_grams: int | None
    shown: bool  # published, in listings and for sale in every channel it is listed in
    photos: tuple[ListingPhoto, ...] = ()  # images only (videos are not the portal's)

    def as_record(self) -> dict[str, Any]:
        """JSON for the audit trail."""
        return {
            "description": self.description,
            "translations": dict(sorted(self.translations.items())),
            "prices": {slug: str(price) for slug, price in sorted(self.prices.items())},
            "stock": self.stock,
            "weight_grams": self.weight_grams,
        }


@dataclass(frozen=True)
class LineToShip:
    """An order line as a producer ships it: what, how many are left to send, and where."""

    order_id: str
    order_number: str
    order_status: str
    paid: bool  # charged in full, or authorised to be paid on delivery
    line_id: str
    product_id: str
    product_name: str
    variant_name: str
    quantity: int
    quantity_fulfilled: int
    address: tuple[str, ...]
    tracking_numbers: tuple[str, ...]  # of the parcels already sent with this line

    @property
    def to_ship(self) -> int:
        return max(self.quantity - self.quantity_fulfilled, 0)
