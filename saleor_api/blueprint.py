"""What the shop needs in Saleor, as data: `saleor_bootstrap` makes Saleor match it.

Shipping prices and the translations of names here are the shop's own starting configuration,
edited in the Dashboard afterwards; bootstrap creates them when missing and never overwrites them.
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


# The languages Saleor holds the shop's own texts in, beside Vietnamese (the base language):
# Saleor's LanguageCodeEnum values. Group and delivery method names are translated into each.
TRANSLATION_LANGUAGES = ("EN", "FR", "ZH_HANS", "KO", "JA")


@dataclass(frozen=True)
class ShippingMethodSpec:
    name: str
    prices: dict[str, Decimal]  # channel slug -> price in that channel's currency
    translations: dict[str, str] = field(default_factory=dict)  # language code -> name
    # Names this method had in earlier versions of the blueprint: a Saleor bootstrapped then
    # keeps its method (bootstrap never renames what staff may have edited).
    former_names: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.former_names)


@dataclass(frozen=True)
class ShippingZoneSpec:
    """A shipping zone. Saleor offers a zone's methods, and counts its warehouses' stock, only for
    the countries listed in the zone (its "default" flag merely fills the list once, when the zone
    is created), so every country a channel sells to must be listed explicitly."""

    name: str
    countries: tuple[str, ...]  # empty with rest_of_world=True: see below
    # Every country Saleor knows except those of the other zones here: listed in full when the
    # zone is created; later runs add only the channels' default countries if they are missing
    # (staff may have removed a country on purpose).
    rest_of_world: bool = False
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
        methods=(
            ShippingMethodSpec(
                "Giao hàng tiêu chuẩn",
                {"vn": Decimal("30000"), "intl": Decimal("1.50"), "eu": Decimal("1.50")},
                translations={
                    "EN": "Standard delivery in Vietnam",
                    "FR": "Livraison standard au Vietnam",
                    "ZH_HANS": "越南境内标准配送",
                    "KO": "베트남 국내 일반 배송",
                    "JA": "ベトナム国内通常配送",
                },
            ),
        ),
    ),
    ShippingZoneSpec(
        name="International",
        countries=(),
        rest_of_world=True,
        methods=(
            ShippingMethodSpec(
                "Bưu kiện quốc tế (EMS)",
                {"vn": Decimal("650000"), "intl": Decimal("28.00"), "eu": Decimal("26.00")},
                former_names=("International parcel (EMS)",),
                translations={
                    "EN": "International parcel (EMS)",
                    "FR": "Colis international (EMS)",
                    "ZH_HANS": "国际包裹（EMS）",
                    "KO": "국제 소포 (EMS)",
                    "JA": "国際小包（EMS）",
                },
            ),
        ),
    ),
)

PRODUCT_TYPE_SLUG = "ocop-product"
PRODUCT_TYPE_NAME = "OCOP product"

# The product's shape in Saleor. Attributes only for what shoppers filter on in Saleor (stars,
# province, group): Saleor stores every attribute value as rows of its own, and attribute work was
# 83% of a bulk create's time with ten of them. The display-only facts are public metadata (keys
# below), and the registry holds them all: the storefront reads them from there.
SHAPE = 2  # 1: ten attributes (the producer a dropdown gaining a value per producer)

STARS = "ocop-stars"
PROVINCE = "ocop-province"
GROUP = "ocop-group"

ATTRIBUTES = (
    AttributeSpec(STARS, "OCOP stars", "DROPDOWN", ("3", "4", "5")),
    AttributeSpec(PROVINCE, "Province", "DROPDOWN"),
    AttributeSpec(GROUP, "OCOP group", "DROPDOWN"),
)

# Public metadata keys of the display-only facts.
CERTIFICATE_CODE = "ocop.certificate_code"
DECISION_NUMBER = "ocop.decision_number"
DECISION_DATE = "ocop.decision_date"
VALID_UNTIL = "ocop.valid_until"
ISSUING_AUTHORITY = "ocop.issuing_authority"
COMMUNE = "ocop.commune"
PRODUCER = "ocop.producer"
METADATA_KEYS = (
    CERTIFICATE_CODE,
    DECISION_NUMBER,
    DECISION_DATE,
    VALID_UNTIL,
    ISSUING_AUTHORITY,
    COMMUNE,
    PRODUCER,
)

# The attributes of shape 1 that became metadata, by the metadata key that replaced each. The
# sync rewrites every product in the new shape, then deletes these attributes (their values
# with them): see catalog_sync.services.retire_old_shape.
RETIRED_ATTRIBUTES = {
    "ocop-certificate-code": CERTIFICATE_CODE,
    "ocop-decision-number": DECISION_NUMBER,
    "ocop-decision-date": DECISION_DATE,
    "ocop-valid-until": VALID_UNTIL,
    "ocop-issuing-authority": ISSUING_AUTHORITY,
    "ocop-commune": COMMUNE,
    "ocop-producer": PRODUCER,
}


@dataclass(frozen=True)
class CategorySpec:
    slug: str
    name: str  # Vietnamese, as Decision 148 names the group
    translations: dict[str, str]  # language code -> name


# Categories: the six groups of Decision 148.
CATEGORIES = (
    CategorySpec(
        "food",
        "Thực phẩm",
        {"EN": "Food", "FR": "Alimentation", "ZH_HANS": "食品", "KO": "식품", "JA": "食品"},
    ),
    CategorySpec(
        "beverages",
        "Đồ uống",
        {"EN": "Beverages", "FR": "Boissons", "ZH_HANS": "饮品", "KO": "음료", "JA": "飲料"},
    ),
    CategorySpec(
        "herbs",
        "Dược liệu và sản phẩm từ dược liệu",
        {
            "EN": "Medicinal herbs and herbal products",
            "FR": "Plantes médicinales et produits à base de plantes",
            "ZH_HANS": "药材及药材制品",
            "KO": "약초 및 약초 제품",
            "JA": "薬草と薬草製品",
        },
    ),
    CategorySpec(
        "handicrafts",
        "Thủ công mỹ nghệ",
        {
            "EN": "Handicrafts",
            "FR": "Artisanat",
            "ZH_HANS": "手工艺品",
            "KO": "수공예품",
            "JA": "手工芸品",
        },
    ),
    CategorySpec(
        "ornamentals",
        "Sinh vật cảnh",
        {
            "EN": "Ornamental plants and animals",
            "FR": "Plantes et animaux d'ornement",
            "ZH_HANS": "观赏动植物",
            "KO": "관상용 동식물",
            "JA": "観賞用の動植物",
        },
    ),
    CategorySpec(
        "tourism",
        "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
        {
            "EN": "Community tourism, ecotourism and destinations",
            "FR": "Tourisme communautaire, écotourisme et sites touristiques",
            "ZH_HANS": "社区旅游、生态旅游及旅游景点",
            "KO": "지역사회 관광, 생태 관광 및 관광지",
            "JA": "コミュニティツーリズム・エコツーリズムと観光地",
        },
    ),
    # Products of a list that gives no group and whose name suggests none, until staff classify them.
    CategorySpec(
        "unclassified",
        "Chưa phân loại",
        {
            "EN": "Not yet classified",
            "FR": "Pas encore classé",
            "ZH_HANS": "尚未分类",
            "KO": "미분류",
            "JA": "未分類",
        },
    ),
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
