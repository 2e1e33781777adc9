"""Turn the text of official OCOP lists into clean values: pure functions, no I/O.

Every ``parse_*`` function raises ``ValueError`` with a message for the operator when the value
cannot be understood; the validator turns that message into a ``RowError``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Protocol

from catalog_sync.domain import OcopGroup, ProducerKind

# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_WHITESPACE = re.compile(r"\s+")  # str patterns match Unicode spaces, non-breaking ones included
_NON_WORD = re.compile(r"[\W_]+")
_D_STROKE = str.maketrans({"đ": "d", "Đ": "d"})


def clean_text(value: object) -> str:
    """NFC text without invisible characters, with whitespace trimmed and collapsed to one space.

    Numbers read from spreadsheets come back as floats: a whole number prints without ".0".
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value if isinstance(value, str) else str(value)
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    return _WHITESPACE.sub(" ", text).strip()


@lru_cache(maxsize=65_536)
def matching_key(text: str) -> str:
    """A key that ignores case, diacritics, đ/Đ and punctuation: "Hợp tác xã  Đông-Hải" → "hop tac xa dong hai"."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_D_STROKE)
    key = _NON_WORD.sub(" ", bare).strip()
    # Rare compatibility characters only settle after a second pass; keep the key a fixed point.
    return key if key == text else _settle(key)


def _settle(key: str) -> str:
    for _ in range(3):
        again = matching_key(key)
        if again == key:
            break
        key = again
    return key


def _words(text: str) -> list[str]:
    return matching_key(text).split()


def _starts_with_words(words: list[str], prefix: tuple[str, ...]) -> bool:
    return tuple(words[: len(prefix)]) == prefix


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_SERIAL_RANGE = (1, 2_958_465)  # 1900-01-01 .. 9999-12-31
_DMY = re.compile(r"(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4}|\d{2})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_VN_LONG = re.compile(r"ngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})")


def parse_date(value: object) -> date:
    """A civil date from a cell: a date/datetime, an Excel serial number, or text.

    Text may be dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy (two-digit years mean 20yy),
    ISO yyyy-mm-dd (with an optional time), or "ngày 24 tháng 11 năm 2021".
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a date")
    if isinstance(value, int | float | Decimal):
        return _from_excel_serial(value)
    text = clean_text(value)
    if not text:
        raise ValueError("the date is empty")
    if match := _YMD.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DMY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        year += 2000 if len(match.group(3)) == 2 else 0
    elif match := _VN_LONG.search(matching_key(text)):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise ValueError(f"'{text}' is not a date (expected dd/mm/yyyy)")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None


def _from_excel_serial(number: float | Decimal) -> date:
    if not _EXCEL_SERIAL_RANGE[0] <= number <= _EXCEL_SERIAL_RANGE[1]:
        raise ValueError(f"{number} is not a date")
    return _EXCEL_EPOCH + timedelta(days=int(number))


# ---------------------------------------------------------------------------------------------
# Numbers: stars, score, price, weight
# ---------------------------------------------------------------------------------------------

_STAR_WORDS = {
    "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
}  # fmt: skip
_STAR_NOISE = {"sao", "star", "stars", "ocop", "hang"}
_POTENTIAL = re.compile(r"\b(?:tiem nang|potential)\s+(\d)\s*(?:sao|star|stars)?\b")
_STAR_GLYPHS = "★☆*⭐"


def parse_stars(value: object) -> int:
    """The number of stars: 4, "4", "4 sao", "4★", "★★★★", "Bốn sao", "4 sao (tiềm năng 5 sao)".

    A product only marked "tiềm năng 5 sao" (potential 5-star, lists before 2023) is rated 4 stars.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number of stars")
    if isinstance(value, int | float | Decimal):
        if value != int(value):
            raise ValueError(f"{value} is not a whole number of stars")
        return _non_negative_stars(int(value))
    text = clean_text(value)
    if not text:
        raise ValueError("the stars are empty")
    glyphs = sum(text.count(glyph) for glyph in "★⭐")
    if glyphs and not any(ch.isdigit() for ch in text):
        return glyphs
    key = matching_key(text.replace(",", ".").replace("☆", " ").replace("*", " "))
    potential = _POTENTIAL.search(key)
    if potential:
        key = (key[: potential.start()] + key[potential.end() :]).strip()
    words = [word for word in key.split() if word not in _STAR_NOISE]
    if not words and potential:
        return int(potential.group(1)) - 1
    if len(words) == 1:
        word = words[0]
        if word.isdigit():
            return int(word)
        if word in _STAR_WORDS:
            return _STAR_WORDS[word]
    if len(words) == 2 and words[1] == "0" and words[0].isdigit():  # "4.0" became "4 0"
        return int(words[0])
    raise ValueError(f"'{text}' is not a number of stars")


def _non_negative_stars(stars: int) -> int:
    if stars < 0:
        raise ValueError(f"{stars} is not a number of stars")
    return stars


_NUMBER_TEXT = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


def parse_score(value: object) -> Decimal:
    """A rating score such as 85, "85,5", "85.5" or "85,5 điểm"."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a score")
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = clean_text(value)
    words = [word for word in text.split() if matching_key(word) not in {"diem", "d", "points"}]
    number = "".join(words)
    if not re.fullmatch(r"[+-]?\d+(?:[.,]\d+)?", number):
        raise ValueError(f"'{text}' is not a score")
    return Decimal(number.replace(",", "."))


_PRICE_UNITS = re.compile(r"(?:vnđ|vnd|đồng|dong|đ|d|₫)(?:\s*/.*)?$", re.IGNORECASE)


def parse_price(value: object) -> Decimal:
    """A price in VND: 150000, "150.000", "150,000", "150000 đ", "150.000 VNĐ/hộp", "1.250.000,50"."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a price")
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = clean_text(value)
    number = _PRICE_UNITS.sub("", text).replace(" ", "")
    if not _NUMBER_TEXT.fullmatch(number):
        raise ValueError(f"'{text}' is not a price")
    return _grouped_decimal(number, text)


def _grouped_decimal(number: str, original: str) -> Decimal:
    """Read "1.250.000", "1,250,000", "150.000,5", "150,5" or "150.5": groups of three are thousands."""
    separators = [ch for ch in number if ch in ".,"]
    if not separators:
        return Decimal(number)
    last = max(number.rfind("."), number.rfind(","))
    integer_part, fraction = number[:last], number[last + 1 :]
    groups = re.split(r"[.,]", number)
    if len(set(separators)) == 1 and all(len(group) == 3 for group in groups[1:]):
        return Decimal("".join(groups))  # every separator groups thousands
    if len(fraction) == 3 and len(set(separators)) == 1:
        raise ValueError(f"'{original}' is not a price")
    thousands = re.split(r"[.,]", integer_part)
    if any(len(group) != 3 for group in thousands[1:]) or number[last] in integer_part:
        raise ValueError(f"'{original}' is not a price")
    try:
        return Decimal("".join(thousands) + "." + fraction)
    except InvalidOperation:
        raise ValueError(f"'{original}' is not a price") from None


_WEIGHT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(kg|kilogram|g|gr|gram|grams|gam)?")


def parse_weight_grams(value: object) -> int:
    """A weight in grams: 500, "500 g", "500gr", "1 kg", "1,5 kg"."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a weight")
    if isinstance(value, int | float | Decimal):
        return round(Decimal(str(value)))
    text = clean_text(value)
    match = _WEIGHT.fullmatch(text.lower())
    if not match:
        raise ValueError(f"'{text}' is not a weight in grams or kilograms")
    amount = Decimal(match.group(1).replace(",", "."))
    return round(amount * 1000 if match.group(2) in {"kg", "kilogram"} else amount)


_URL_SEPARATORS = re.compile(r"[\s,;]+")


def split_urls(value: object) -> tuple[str, ...]:
    """Image URLs from a cell: separated by whitespace, commas, semicolons or new lines."""
    if isinstance(value, list | tuple):
        return tuple(url for item in value for url in split_urls(item))
    text = "" if value is None else unicodedata.normalize("NFC", str(value).translate(_INVISIBLE))
    return tuple(url for url in _URL_SEPARATORS.split(text) if url)


# ---------------------------------------------------------------------------------------------
# Producers and addresses
# ---------------------------------------------------------------------------------------------

# Words that open an address part, as matching keys (so "xa" matches "xã", "Xã" and "XA").
_ADDRESS_WORDS: tuple[tuple[str, ...], ...] = tuple(
    tuple(words.split())
    for words in (
        "xa", "phuong", "thi tran", "ap", "thon", "ban", "buon", "xom", "lang", "khom", "to",
        "khu pho", "kp", "khu", "huyen", "quan", "thi xa", "thanh pho", "tp", "tx", "tt", "tinh",
        "so", "duong", "dia chi", "dc",
    )
)  # fmt: skip
_NOT_ADDRESS_WORDS: tuple[tuple[str, ...], ...] = (("to", "hop", "tac"),)
_PRODUCER_SEPARATOR = re.compile(r"\s*,\s*|\s+[-–—]\s+|\s*;\s*|\s*\(\s*")
_ADDRESS_LABEL = re.compile(r"^(?:địa chỉ|dia chi|đ/c|đc)\s*:?\s*", re.IGNORECASE)


def split_producer(text: str) -> tuple[str, str]:
    """Split a producer name that embeds an address: "HTX Tân Qui, xã An Phú Tân" → name, address.

    The split is at the first comma, " - " or "(" followed by an address word (xã, phường, ấp,
    huyện, tỉnh, số …); a name without one is returned whole with an empty address.
    """
    text = clean_text(text)
    for match in _PRODUCER_SEPARATOR.finditer(text):
        rest = text[match.end() :]
        if match.start() > 0 and _opens_address(rest):
            address = _ADDRESS_LABEL.sub("", rest).rstrip(")").strip()
            return text[: match.start()].strip(" ,-–—"), address
    return text, ""


def _opens_address(text: str) -> bool:
    words = _words(text[:40])
    if not words:
        return False
    if words[0].isdigit():  # a house number: "12 Nguyễn Trãi"
        return len(words) > 1
    if any(_starts_with_words(words, prefix) for prefix in _NOT_ADDRESS_WORDS):
        return False
    return any(_starts_with_words(words, prefix) for prefix in _ADDRESS_WORDS)


_PRODUCER_KINDS: tuple[tuple[tuple[str, ...], ProducerKind], ...] = tuple(
    (tuple(prefix.split()), kind)
    for prefix, kind in (
        ("to hop tac", ProducerKind.COOPERATIVE_GROUP),
        ("tht", ProducerKind.COOPERATIVE_GROUP),
        ("htx", ProducerKind.COOPERATIVE),
        ("hop tac xa", ProducerKind.COOPERATIVE),
        ("lien hiep hop tac xa", ProducerKind.COOPERATIVE),
        ("cong ty", ProducerKind.COMPANY),
        ("cty", ProducerKind.COMPANY),
        ("ctcp", ProducerKind.COMPANY),
        ("ct", ProducerKind.COMPANY),
        ("dntn", ProducerKind.COMPANY),
        ("doanh nghiep", ProducerKind.COMPANY),
        ("chi nhanh cong ty", ProducerKind.COMPANY),
        ("ho kinh doanh", ProducerKind.HOUSEHOLD),
        ("hkd", ProducerKind.HOUSEHOLD),
        ("ho sxkd", ProducerKind.HOUSEHOLD),
        ("ho san xuat", ProducerKind.HOUSEHOLD),
        ("ho sx", ProducerKind.HOUSEHOLD),
        ("ho gia dinh", ProducerKind.HOUSEHOLD),
        ("ho", ProducerKind.HOUSEHOLD),
        ("co so", ProducerKind.HOUSEHOLD),
        ("cs", ProducerKind.HOUSEHOLD),
    )
)
_KIND_VALUES = {kind.value: kind for kind in ProducerKind} | {
    "cooperative group": ProducerKind.COOPERATIVE_GROUP,
    "household business": ProducerKind.HOUSEHOLD,
    "ca nhan": ProducerKind.HOUSEHOLD,
}


def producer_kind(name: str) -> ProducerKind:
    """The kind of producer from its name ("HTX …" → cooperative) or from a "Loại hình" cell."""
    key = matching_key(name)
    if key.replace(" ", "_") in _KIND_VALUES or key in _KIND_VALUES:
        return _KIND_VALUES.get(key) or _KIND_VALUES[key.replace(" ", "_")]
    words = key.split()
    if words and words[0].startswith("htx"):  # "HTXNN", "HTX."
        return ProducerKind.COOPERATIVE
    for prefix, kind in _PRODUCER_KINDS:
        if _starts_with_words(words, prefix):
            return kind
    return ProducerKind.OTHER


_PROVINCE_PREFIXES: tuple[tuple[str, ...], ...] = (
    ("tinh",),
    ("thanh", "pho"),
    ("tp",),
)
_LEADING_UNIT = re.compile(r"^(?:tỉnh|tinh|thành phố|thanh pho|tp\.?)\s+", re.IGNORECASE)


def clean_province(text: object) -> str:
    """A province as a name: "Tỉnh An Giang" → "An Giang", "TP. Hồ Chí Minh" → "Hồ Chí Minh"."""
    province = clean_text(text)
    stripped = _LEADING_UNIT.sub("", province).strip(" .,")
    return stripped or province


_COMMUNE_WORDS = (("xa",), ("phuong",), ("thi", "tran"), ("tt",), ("dac", "khu"))
_DISTRICT_WORDS = (("huyen",), ("quan",), ("thi", "xa"), ("tx",), ("thanh", "pho"), ("tp",))
_ADDRESS_SPLIT = re.compile(r"\s*[,;]\s*|\s+[-–—]\s+")


def parse_address(text: str) -> tuple[str, str, str]:
    """(commune, district, province) from "ấp 3, xã A, huyện B, tỉnh C", best effort.

    Labelled parts are placed by their unit word; a "thành phố" that comes last with no "tỉnh"
    is a province (Hà Nội, Cần Thơ …). Without any labels, the last parts are taken as
    commune, district, province (three or more parts) or commune, province (two parts).
    Commune and district keep their unit word; the province is the bare name.
    """
    parts = [part for part in _ADDRESS_SPLIT.split(clean_text(text)) if part]
    commune = district = province = ""
    labelled = False
    for index, part in enumerate(parts):
        words = _words(part)
        is_last = index == len(parts) - 1
        if _starts_with_any(words, _PROVINCE_PREFIXES[:1]) or (
            is_last and _starts_with_any(words, _PROVINCE_PREFIXES[1:]) and not province
        ):
            province, labelled = clean_province(part), True
        elif _starts_with_any(words, _COMMUNE_WORDS):
            commune, labelled = part, True
        elif _starts_with_any(words, _DISTRICT_WORDS):
            district, labelled = part, True
    if labelled:
        return commune, district, province
    if len(parts) >= 3:
        return parts[-3], parts[-2], clean_province(parts[-1])
    if len(parts) == 2:
        return parts[0], "", clean_province(parts[1])
    return "", "", ""


def _starts_with_any(words: list[str], prefixes: tuple[tuple[str, ...], ...]) -> bool:
    return any(
        _starts_with_words(words, prefix) and len(words) > len(prefix) for prefix in prefixes
    )


# ---------------------------------------------------------------------------------------------
# Product groups
# ---------------------------------------------------------------------------------------------

_GROUP_NAMES: dict[OcopGroup, tuple[str, ...]] = {
    OcopGroup.FOOD: (
        "thực phẩm", "nhóm thực phẩm", "food", "foods", "food products", "foodstuffs",
    ),
    OcopGroup.BEVERAGES: ("đồ uống", "nước uống", "beverages", "beverage", "drinks"),
    OcopGroup.HERBS: (
        "dược liệu và sản phẩm từ dược liệu", "dược liệu và các sản phẩm từ dược liệu",
        "dược liệu", "thảo dược", "sản phẩm từ dược liệu", "herbs", "herbal products",
        "medicinal herbs", "medicinal herbs and herbal products",
    ),
    OcopGroup.HANDICRAFTS: ("thủ công mỹ nghệ", "handicrafts", "handicraft", "crafts"),
    OcopGroup.ORNAMENTALS: (
        "sinh vật cảnh", "hoa, cây cảnh", "ornamentals", "ornamental plants and animals",
    ),
    OcopGroup.TOURISM: (
        "dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
        "dịch vụ du lịch cộng đồng và điểm du lịch", "dịch vụ du lịch nông thôn và bán hàng",
        "dịch vụ du lịch nông thôn", "dịch vụ du lịch", "du lịch", "dịch vụ", "tourism",
        "rural tourism services", "tourism services", "community-based tourism",
        "community-based tourism services and destinations",
    ),
    OcopGroup.TEXTILES: (
        "vải và may mặc", "vải, may mặc", "may mặc", "textiles", "textiles and garments",
    ),
    OcopGroup.SOUVENIRS: (
        "lưu niệm - nội thất - trang trí", "lưu niệm, nội thất, trang trí", "đồ lưu niệm",
        "lưu niệm", "souvenirs", "souvenirs furniture decoration",
        "souvenirs, furniture and decoration",
    ),
}  # fmt: skip
_GROUP_BY_KEY: dict[str, OcopGroup] = {
    matching_key(name): group for group, names in _GROUP_NAMES.items() for name in names
} | {group.value: group for group in OcopGroup}
# Decision 148/QĐ-TTg order of the six groups.
_GROUP_BY_NUMBER = dict(
    enumerate(
        (
            OcopGroup.FOOD,
            OcopGroup.BEVERAGES,
            OcopGroup.HERBS,
            OcopGroup.HANDICRAFTS,
            OcopGroup.ORNAMENTALS,
            OcopGroup.TOURISM,
        ),
        start=1,
    )
)
# When no name matches exactly, a group is recognised by one of its words (if only one group is).
_GROUP_HINTS: dict[OcopGroup, tuple[str, ...]] = {
    OcopGroup.FOOD: ("thuc pham",),
    OcopGroup.BEVERAGES: ("do uong", "nuoc uong"),
    OcopGroup.HERBS: ("duoc lieu", "thao duoc"),
    OcopGroup.HANDICRAFTS: ("thu cong",),
    OcopGroup.ORNAMENTALS: ("sinh vat canh", "cay canh"),
    OcopGroup.TOURISM: ("du lich",),
    OcopGroup.TEXTILES: ("may mac",),
    OcopGroup.SOUVENIRS: ("luu niem", "noi that"),
}
_GROUP_PREFIX = re.compile(r"^(?:(?:nhom|group|bo|nganh)\s+)?(?:(\d+|[ivx]+)\b\s*)?")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}


def parse_group(value: object) -> OcopGroup:
    """The OCOP group from its Vietnamese or English name, its enum value, or its number (1–6).

    Accepts prefixes such as "Nhóm 1: Thực phẩm" or "1. Thực phẩm", and the older groups of
    2018–2022 lists (Thảo dược, Vải và may mặc, Lưu niệm - nội thất - trang trí …).
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value == int(value) and int(value) in _GROUP_BY_NUMBER:
            return _GROUP_BY_NUMBER[int(value)]
        raise ValueError(f"{clean_text(value)} is not a group number (1 to 6)")
    text = clean_text(value)
    key = matching_key(text)
    if key in _GROUP_BY_KEY:
        return _GROUP_BY_KEY[key]
    prefix = _GROUP_PREFIX.match(key)
    name = key[prefix.end() :].strip() if prefix else key
    if name in _GROUP_BY_KEY:
        return _GROUP_BY_KEY[name]
    if name:
        hinted = {group for group, hints in _GROUP_HINTS.items() if any(h in name for h in hints)}
        if len(hinted) == 1:
            return hinted.pop()
    elif prefix and prefix.group(1):
        number = prefix.group(1)
        position = int(number) if number.isdigit() else _ROMAN.get(number, 0)
        if position in _GROUP_BY_NUMBER:
            return _GROUP_BY_NUMBER[position]
    raise ValueError(f"'{text}' is not an OCOP product group")


# ---------------------------------------------------------------------------------------------
# Identity
# ---------------------------------------------------------------------------------------------


class ProductIdentity(Protocol):
    """What identifies a product: a FeedRow, a registry record, or ``ProductKeyParts``."""

    @property
    def product_code(self) -> str: ...
    @property
    def province(self) -> str: ...
    @property
    def producer_name(self) -> str: ...
    @property
    def product_name(self) -> str: ...


def product_key(row: ProductIdentity | Mapping[str, str]) -> str:
    """The stable identity of a product across lists and re-ratings.

    The product code ("Mã sản phẩm", spaces removed, upper case) when the list gives one,
    else ``matching_key(province) | matching_key(producer) | matching_key(product_name)``.
    A mapping uses the canonical column names (product_code, province, producer, product_name).
    """
    if isinstance(row, Mapping):
        code, province = row.get("product_code", ""), row.get("province", "")
        producer, name = row.get("producer", ""), row.get("product_name", "")
    else:
        code, province = row.product_code, row.province
        producer, name = row.producer_name, row.product_name
    code = clean_text(code).replace(" ", "").upper()
    if code:
        return code
    return "|".join(matching_key(clean_text(part)) for part in (province, producer, name))
