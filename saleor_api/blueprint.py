"""What the shop needs in Saleor, as data: `saleor_bootstrap` makes Saleor match it.

Shipping prices here are the shop's own starting configuration, edited in the Dashboard afterwards;
bootstrap creates them when missing and never overwrites them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class ChannelSpec:
    slug: str
    name: str
    currency: str
    default_country: str


@dataclass(frozen=True)
class AttributeSpec:
    slug: str
    name: str
    input_type: str  # DROPDOWN | PLAIN_TEXT | DATE
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class ShippingMethodSpec:
    name: str
    prices: dict[str, Decimal]  # channel slug -> price in that channel's currency


@dataclass(frozen=True)
class ShippingZoneSpec:
    name: str
    countries: tuple[str, ...]  # empty with default=True: every country no other zone covers
    default: bool
    methods: tuple[ShippingMethodSpec, ...] = field(default_factory=tuple)


CHANNELS = (
    ChannelSpec("vn", "Việt Nam (VND)", "VND", "VN"),
    ChannelSpec("intl", "International (USD)", "USD", "US"),
    ChannelSpec("eu", "Europe (EUR)", "EUR", "FR"),
)

WAREHOUSE_SLUG = "ocop-vn"
WAREHOUSE = {
    "name": "OCOP Việt Nam",
    "slug": WAREHOUSE_SLUG,
    "email": "",
    "address": {
        "companyName": "OCOP Việt Nam",
        "streetAddress1": "2 Ngọc Hà",
        "city": "Hà Nội",
        "postalCode": "100000",
        "country": "VN",
    },
}

SHIPPING_ZONES = (
    ShippingZoneSpec(
        name="Việt Nam",
        countries=("VN",),
        default=False,
        methods=(
            ShippingMethodSpec(
                "Giao hàng tiêu chuẩn",
                {"vn": Decimal("30000"), "intl": Decimal("1.50"), "eu": Decimal("1.50")},
            ),
        ),
    ),
    ShippingZoneSpec(
        name="International",
        countries=(),
        default=True,
        methods=(
            ShippingMethodSpec(
                "International parcel (EMS)",
                {"vn": Decimal("650000"), "intl": Decimal("28.00"), "eu": Decimal("26.00")},
            ),
        ),
    ),
)

PRODUCT_TYPE_SLUG = "ocop-product"
PRODUCT_TYPE_NAME = "OCOP product"

# Attribute slugs: the storefront filters and renders with these.
STARS = "ocop-stars"
CERTIFICATE_CODE = "ocop-certificate-code"
DECISION_NUMBER = "ocop-decision-number"
DECISION_DATE = "ocop-decision-date"
VALID_UNTIL = "ocop-valid-until"
ISSUING_AUTHORITY = "ocop-issuing-authority"
PROVINCE = "ocop-province"
COMMUNE = "ocop-commune"
GROUP = "ocop-group"
PRODUCER = "ocop-producer"

ATTRIBUTES = (
    AttributeSpec(STARS, "OCOP stars", "DROPDOWN", ("3", "4", "5")),
    AttributeSpec(CERTIFICATE_CODE, "OCOP certificate code", "PLAIN_TEXT"),
    AttributeSpec(DECISION_NUMBER, "OCOP decision number", "PLAIN_TEXT"),
    AttributeSpec(DECISION_DATE, "OCOP decision date", "DATE"),
    AttributeSpec(VALID_UNTIL, "OCOP valid until", "DATE"),
    AttributeSpec(ISSUING_AUTHORITY, "OCOP issuing authority", "PLAIN_TEXT"),
    AttributeSpec(PROVINCE, "Province", "DROPDOWN"),
    AttributeSpec(COMMUNE, "Commune", "PLAIN_TEXT"),
    AttributeSpec(GROUP, "OCOP group", "DROPDOWN"),
    AttributeSpec(PRODUCER, "Producer", "DROPDOWN"),
)

# Categories: the six groups of Decision 148 (slug, Vietnamese name).
CATEGORIES = (
    ("food", "Thực phẩm"),
    ("beverages", "Đồ uống"),
    ("herbs", "Dược liệu và sản phẩm từ dược liệu"),
    ("handicrafts", "Thủ công mỹ nghệ"),
    ("ornamentals", "Sinh vật cảnh"),
    ("tourism", "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch"),
    # Products of a list that gives no group and whose name suggests none, until staff classify them.
    ("unclassified", "Chưa phân loại"),
)
# Groups of the older lists (2018–2022) are shelved in the nearest current category.
LEGACY_CATEGORY = {"textiles": "handicrafts", "souvenirs": "handicrafts"}

WEBHOOK_NAME = "OCOP shop catalogue events"
WEBHOOK_EVENTS = (  # no PRODUCT_CREATED: see subscriptions/catalogue_events.graphql
    "PRODUCT_UPDATED",
    "PRODUCT_DELETED",
    "PRODUCT_VARIANT_UPDATED",
    "PRODUCT_VARIANT_STOCK_UPDATED",
    "CATEGORY_UPDATED",
)
