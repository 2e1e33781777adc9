"""What a product shows in the shop, as one pure value: built from a feed row or from the registry,
hashed to tell whether Saleor needs an update, and turned into the gateway's ProductDraft."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from decimal import Decimal

from django.utils.text import slugify

from catalog_sync.domain import FeedRow, Translation
from catalog_sync.normalise import matching_key
from saleor_api import blueprint as bp
from saleor_api.types import OcopAttributes, ProductDraft, ProductTexts

GROUP_LABELS = {
    "food": "Thực phẩm",
    "beverages": "Đồ uống",
    "herbs": "Dược liệu và sản phẩm từ dược liệu",
    "handicrafts": "Thủ công mỹ nghệ",
    "ornamentals": "Sinh vật cảnh",
    "tourism": "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
    "textiles": "Vải và may mặc",
    "souvenirs": "Lưu niệm - nội thất - trang trí",
    "unclassified": "Chưa phân loại",
}


CREATE_ONLY = ("price", "prices", "stock", "weight_grams", "image_urls")


@dataclass(frozen=True)
class ProductContent:
    product_key: str
    code: str
    name: str
    producer_name: str
    province: str
    commune: str
    group: str
    stars: int
    decision_number: str
    decided_on: date
    valid_until: date
    issuing_authority: str = ""
    description: str = ""
    translations: dict[str, Translation] = field(default_factory=dict)
    # Used when the product is created only: prices and stock belong to the cooperative afterwards.
    price: Decimal | None = None  # VND
    prices: dict[str, Decimal] = field(default_factory=dict)  # other currencies
    stock: int | None = None
    weight_grams: int | None = None
    image_urls: tuple[str, ...] = ()

    @property
    def priced(self) -> bool:
        """Whether the list gives a price in any currency (else the product is not yet for sale)."""
        return self.price is not None or bool(self.prices)

    def content_hash(self, *, priced: bool | None = None) -> str:
        """Hash of everything the sync keeps up to date in Saleor (not the create-only fields).

        Prices are the cooperative's once set, so their amounts are not hashed; but a product
        listed without a price is marked, so the first list that gives one is an update that
        puts it on sale (prices are then added only where the variant has none). ``priced``
        overrides whether the content counts as priced (see ``matches``).
        """
        # The fields read one by one: dataclasses.asdict deep-copies every value, which made
        # hashing most of a rerun's time. The JSON (hence the hash) is the same as asdict's.
        data: dict[str, object] = {name: getattr(self, name) for name in _HASHED_FIELDS}
        # Dates as the encoder's default=str writes them, without calling back into Python.
        data["decided_on"], data["valid_until"] = str(self.decided_on), str(self.valid_until)
        data["translations"] = {
            language: {"name": texts.name, "description": texts.description}
            for language, texts in self.translations.items()
        }
        if not (self.priced if priced is None else priced):
            data["not_for_sale"] = True
        encoded = _HASH_ENCODER.encode(data)
        return hashlib.sha256(encoded.encode()).hexdigest()

    def matches(self, applied_hash: str) -> bool:
        """Whether Saleor holds this content, given the hash last applied. A list without a price
        never takes a price away: it matches a product that was put on sale too."""
        if applied_hash == self.content_hash():
            return True
        return not self.priced and applied_hash == self.content_hash(priced=True)

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["decided_on"] = self.decided_on.isoformat()
        data["valid_until"] = self.valid_until.isoformat()
        data["price"] = str(self.price) if self.price is not None else None
        data["prices"] = {currency: str(amount) for currency, amount in self.prices.items()}
        data["image_urls"] = list(self.image_urls)
        return data


_HASH_ENCODER = json.JSONEncoder(sort_keys=True, default=str, ensure_ascii=False)
_HASHED_FIELDS = tuple(f.name for f in fields(ProductContent) if f.name not in CREATE_ONLY)
assert {f.name for f in fields(Translation)} == {"name", "description"}  # noqa: S101 - hashed as such


def verification_code(row_product_code: str, product_key: str) -> str:
    """The public code on the package: the list's product code, else one derived from the key."""
    if row_product_code:
        return row_product_code
    return "OCOP-" + hashlib.sha1(product_key.encode()).hexdigest()[:10].upper()  # noqa: S324


def content_from_row(row: FeedRow, valid_until: date) -> ProductContent:
    return ProductContent(
        product_key=row.product_key,
        code=verification_code(row.product_code, row.product_key),
        name=row.product_name,
        producer_name=row.producer_name,
        province=row.province,
        commune=row.commune,
        group=row.group.value,
        stars=row.stars,
        decision_number=row.decision_number,
        decided_on=row.decided_on,
        valid_until=valid_until,
        issuing_authority=row.issuing_authority,
        description=row.description,
        translations=dict(row.translations),
        price=row.price,
        prices=dict(row.prices),
        stock=row.stock,
        weight_grams=row.weight_grams,
        image_urls=row.image_urls,
    )


def content_from_json(data: dict) -> ProductContent | None:
    if not data:
        return None
    return ProductContent(
        product_key=data["product_key"],
        code=data["code"],
        name=data["name"],
        producer_name=data["producer_name"],
        province=data["province"],
        commune=data.get("commune", ""),
        group=data["group"],
        stars=int(data["stars"]),
        decision_number=data["decision_number"],
        decided_on=date.fromisoformat(data["decided_on"]),
        valid_until=date.fromisoformat(data["valid_until"]),
        issuing_authority=data.get("issuing_authority", ""),
        description=data.get("description", ""),
        translations={
            lang: Translation(**texts) for lang, texts in (data.get("translations") or {}).items()
        },
        price=Decimal(data["price"]) if data.get("price") is not None else None,
        prices={c: Decimal(a) for c, a in (data.get("prices") or {}).items()},
        stock=data.get("stock"),
        weight_grams=data.get("weight_grams"),
        image_urls=tuple(data.get("image_urls") or ()),
    )


def channel_prices(content: ProductContent) -> dict[str, Decimal]:
    """The list's prices per Saleor channel (one channel per currency); none is converted."""
    by_currency = dict(content.prices)
    if content.price is not None:
        by_currency["VND"] = content.price
    return {c.slug: by_currency[c.currency] for c in bp.CHANNELS if c.currency in by_currency}


def product_slug(content: ProductContent) -> str:
    base = slugify(matching_key(content.name))[:80].strip("-") or "ocop"
    suffix = hashlib.sha1(content.product_key.encode()).hexdigest()[:6]  # noqa: S324
    return f"{base}-{suffix}"


def to_draft(
    content: ProductContent, external_reference: str, *, shown: bool = True
) -> ProductDraft:
    return ProductDraft(
        shown=shown,
        external_reference=external_reference,
        name=content.name,
        slug=product_slug(content),
        category=content.group,
        ocop=OcopAttributes(
            stars=content.stars,
            certificate_code=content.code,
            decision_number=content.decision_number,
            decided_on=content.decided_on,
            valid_until=content.valid_until,
            issuing_authority=content.issuing_authority,
            province=content.province,
            commune=content.commune,
            group=GROUP_LABELS.get(content.group, content.group),
            producer=content.producer_name,
        ),
        description=content.description,
        sku=content.code,
        weight_grams=content.weight_grams,
        prices=channel_prices(content),
        stock=content.stock,
        translations={
            lang.upper(): ProductTexts(t.name, t.description)
            for lang, t in content.translations.items()
            if t.name or t.description
        },
    )
