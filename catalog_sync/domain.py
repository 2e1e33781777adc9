"""The OCOP domain as plain Python: what a feed row says, once read, normalised and validated.

No Django, no I/O: readers produce these, the planner consumes them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

CERTIFIED_MIN_STARS = 3
MAX_STARS = 5


class ProducerKind(enum.StrEnum):
    COOPERATIVE = "cooperative"  # Hợp tác xã (HTX)
    COMPANY = "company"  # Công ty TNHH, Công ty cổ phần, doanh nghiệp
    HOUSEHOLD = "household"  # Hộ kinh doanh, Hộ SXKD, cơ sở
    COOPERATIVE_GROUP = "cooperative_group"  # Tổ hợp tác
    OTHER = "other"


class OcopGroup(enum.StrEnum):
    """The six groups of Decision 148/QĐ-TTg, and the older groups of 2018–2022 lists."""

    FOOD = "food"  # Thực phẩm
    BEVERAGES = "beverages"  # Đồ uống
    HERBS = "herbs"  # Dược liệu và sản phẩm từ dược liệu
    HANDICRAFTS = "handicrafts"  # Thủ công mỹ nghệ
    ORNAMENTALS = "ornamentals"  # Sinh vật cảnh
    TOURISM = "tourism"  # Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch
    # Older groups (1048/QĐ-TTg lists) kept as the list says them:
    TEXTILES = "textiles"  # Vải và may mặc
    SOUVENIRS = "souvenirs"  # Lưu niệm - nội thất - trang trí
    # A list that gives no group, for a name that suggests none: imported, for staff to classify.
    UNCLASSIFIED = "unclassified"  # Chưa phân loại


class GroupSource(enum.StrEnum):
    """Where a row's group came from: the list, the name (normalise.GROUP_KEYWORDS), or nowhere."""

    GIVEN = "given"
    INFERRED = "inferred"
    UNCLASSIFIED = "unclassified"


class AddressScheme(enum.StrEnum):
    """Before the 2025 reform lists name commune, district and province; after it, commune and province."""

    PRE_2025 = "pre_2025"
    POST_2025 = "post_2025"


class RecognitionLevel(enum.StrEnum):
    NATIONAL = "national"  # 5 stars, central council
    PROVINCE = "province"
    DISTRICT = "district"  # 3 stars before Decision 1489 (Jul 2025)


@dataclass(frozen=True)
class Translation:
    name: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class FeedRow:
    """One certified product as an official list states it, normalised and valid."""

    row_number: int  # the row's number in the file as a spreadsheet shows it (header is row 1)
    product_key: str  # stable identity of the product across lists (see normalise.product_key)
    product_name: str
    producer_name: str
    producer_kind: ProducerKind
    province: str  # "" when neither the row, its address nor --province names one
    stars: int  # 3, 4 or 5
    decision_number: str
    decided_on: date
    group: OcopGroup
    subgroup: str = ""
    product_code: str = ""  # "Mã sản phẩm" when the list gives one
    commune: str = ""
    district: str = ""
    address_scheme: AddressScheme = AddressScheme.POST_2025
    score: Decimal | None = None
    valid_until: date | None = None  # only when the list states it; else decision date + validity
    issuing_authority: str = ""
    # What a shop needs beyond the official record (optional columns):
    price: Decimal | None = None  # VND
    prices: dict[str, Decimal] = field(default_factory=dict)  # other currencies: "USD" -> 12.50
    stock: int | None = None
    weight_grams: int | None = None
    description: str = ""
    image_urls: tuple[str, ...] = ()
    translations: dict[str, Translation] = field(default_factory=dict)  # language code -> texts
    group_source: GroupSource = GroupSource.GIVEN
    sheet: str = ""  # the workbook sheet the row is on, when the workbook has several


@dataclass(frozen=True)
class RowError:
    """Why a row was not imported, for the operator: the row number, the column and the reason."""

    row_number: int
    reason: str
    column: str = ""
    kind: str = "invalid"  # invalid | not_certified | duplicate
    sheet: str = ""
    # The product the row names, when that much could be read: an authoritative run counts it as
    # seen, so a rejected row never makes its product look absent from the list.
    product_key: str = field(default="", compare=False)

    def __str__(self) -> str:
        where = f"row {self.row_number}" + (f", column {self.column}" if self.column else "")
        if self.sheet:
            where = f"sheet '{self.sheet}', {where}"
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class FeedDefaults:
    """What the command line says for a list that is the appendix of one decision."""

    province: str = ""
    decision_number: str = ""
    decided_on: date | None = None
    issuing_authority: str = ""


class CertStatus(enum.StrEnum):
    """A certificate's standing in the registry (``Certificate.status``) and in the plan."""

    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"
