"""Turn the text of official OCOP lists into clean values: pure functions, no I/O.

Every ``parse_*`` function raises ``ValueError`` with a message for the operator when the value
cannot be understood; the validator turns that message into a ``RowError``.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Generic, Protocol, TypeVar

from catalog_sync.domain import AddressScheme, OcopGroup, ProducerKind

# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# NUL and the other control characters (a database refuses NUL; none belongs in a list's text).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NON_WORD = re.compile(r"[\W_]+")
_D_STROKE = str.maketrans({"đ": "d", "Đ": "d"})


def clean_text(value: object) -> str:
    """NFC text without invisible characters, with whitespace trimmed and collapsed to one space.

    Numbers read from spreadsheets come back as floats: a whole number prints without ".0".
    """
    if value.__class__ is str and value.isprintable():
        # The usual cell: no control, invisible or non-ASCII space character (none is printable),
        # so only spaces may need collapsing, and composing when the text is not composed yet.
        text = value
        if text.isascii() or unicodedata.is_normalized("NFC", text):
            if text[:1] == " " or text[-1:] == " " or "  " in text:
                return " ".join(text.split())
            return text
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value if isinstance(value, str) else str(value)
    if _CONTROL.search(text):
        text = _CONTROL.sub(" ", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    return " ".join(text.split())  # str.split() splits on Unicode spaces, non-breaking ones too


@lru_cache(maxsize=65_536)
def matching_key(text: str) -> str:
    """A key that ignores case, diacritics, đ/Đ and punctuation: "Hợp tác xã  Đông-Hải" → "hop tac xa dong hai"."""
    latin = text.translate(_LATIN_TABLE).lower()
    if latin.isascii():  # the usual case, Vietnamese included: a quick path to the same key
        if latin.replace(" ", "").isalnum():  # letters, digits and spaces only
            return " ".join(latin.split())
        return _NON_WORD.sub(" ", latin).strip()
    key = _key_once(text)
    # Rare compatibility characters only settle after another pass; keep the key a fixed point.
    for _ in range(3):
        if key.isascii():
            break
        again = _key_once(key)
        if again == key:
            break
        key = again
    return key


def _key_once(text: str) -> str:
    return _NON_WORD.sub(" ", _bare_letters(text)).strip()


def _bare_letters(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_D_STROKE)


# Latin letters with diacritics (Vietnamese among them) and combining marks, as _bare_letters
# turns them: translating by this table gives the same key without decomposing every string.
_LATIN_BASE = {
    code: _bare_letters(chr(code))
    for start, end in ((0x00C0, 0x024F), (0x0300, 0x036F), (0x1E00, 0x1EFF))
    for code in range(start, end + 1)
}
# The same as a table indexed by code point, which str.translate reads faster than a dict (no
# failed look-up for every unaccented letter); code points past its end are kept as they are.
_LATIN_TABLE: list[str | int] = [
    _LATIN_BASE.get(code, code) for code in range(max(_LATIN_BASE) + 1)
]


_TOKEN = re.compile(r"\w+")


def _tokens(text: str) -> list[str]:
    """Lower-case words with their diacritics: "Xã An Phú" → ["xã", "an", "phú"] (clean text)."""
    return _TOKEN.findall(text.lower())


Phrase = tuple[tuple[str, str], ...]  # (word with diacritics, word without), …


def _phrase(words: str) -> Phrase:
    return tuple((word, matching_key(word)) for word in words.split())


def _opens_with(tokens: list[str], phrase: Phrase) -> bool:
    """Whether the tokens start with the phrase, written with the right diacritics or with none.

    "bán" is not "bản" and "hồ" is not "hộ", but "ban" and "ho" (a list typed without
    diacritics) match both.
    """
    if len(tokens) < len(phrase):
        return False
    return all(
        token == word or (token.isascii() and token == bare)
        for token, (word, bare) in zip(tokens, phrase, strict=False)
    )


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_SERIAL_RANGE = (1, 2_958_465)  # 1900-01-01 .. 9999-12-31
_DMY = re.compile(r"(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4}|\d{2})")
_YMD = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_VN_LONG = re.compile(r"(?:ngay )?(\d{1,2}) thang (\d{1,2}) nam (\d{4})")


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
    return _date_of_text(clean_text(value))


@lru_cache(maxsize=4096)  # a list's rows share few decision dates
def _date_of_text(text: str) -> date:
    if not text:
        raise ValueError("the date is empty")
    if match := _YMD.fullmatch(text):
        year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
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


_DECISION_LEAD = re.compile(r"^(?:quyết định|quyet dinh|qđ|qd)?\s*(?:số|so)?\s*:?\s*", re.I)
_DECISION_DATE = re.compile(r"[\s,;]*(?:ngày|ngay)\s*:?\s*(.+)$", re.IGNORECASE)
_DECISION_TRAILING_DATE = re.compile(r"[\s,;]+(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})$")


def split_decision(text: object) -> tuple[str, str]:
    """The decision number and the date text a cell may add to it.

    "Quyết định số 2751/QĐ-UBND ngày 24/11/2021" → ("2751/QĐ-UBND", "24/11/2021");
    "2751/QĐ-UBND" → ("2751/QĐ-UBND", "").
    """
    return _split_decision(clean_text(text))


@lru_cache(maxsize=4096)  # a list names few decisions, on many rows
def _split_decision(cell: str) -> tuple[str, str]:
    number = _DECISION_LEAD.sub("", cell, count=1) or cell
    date_text = ""
    if match := _DECISION_DATE.search(number) or _DECISION_TRAILING_DATE.search(number):
        number, date_text = number[: match.start()], match.group(1)
    return number.strip(" ,;") or cell, date_text.strip()


# ---------------------------------------------------------------------------------------------
# Numbers: stars, score, price, weight
# ---------------------------------------------------------------------------------------------

_STAR_WORDS = {
    "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
}  # fmt: skip
_STAR_NOISE = {"sao", "star", "stars", "ocop", "hang"}
_POTENTIAL = re.compile(r"\b(?:tiem nang|potential)\s+(\d)\s*(?:sao|star|stars)?\b")
_WHOLE_NUMBER = re.compile(r"([0-9]+)(?:[.,]0+)?")


def parse_stars(value: object) -> int:
    """The number of stars: 4, "4", "4 sao", "4★", "★★★★", "Bốn sao", "4 sao (tiềm năng 5 sao)".

    A product only marked "tiềm năng 5 sao" (potential 5-star, lists before 2023) is rated 4 stars.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number of stars")
    if isinstance(value, int | float | Decimal):
        if value != value or value in (float("inf"), float("-inf")) or value != int(value):
            raise ValueError(f"{value} is not a whole number of stars")
        if value < 0:
            raise ValueError(f"{value} is not a number of stars")
        return int(value)
    return _stars_of_text(clean_text(value))


_NEGATIVE = re.compile(r"-\s*[0-9]")


@lru_cache(maxsize=1024)
def _stars_of_text(text: str) -> int:
    if not text:
        raise ValueError("the stars are empty")
    if _NEGATIVE.search(text):
        raise ValueError(f"'{text}' is not a number of stars")
    if not any(ch.isdigit() for ch in text) and set(text) <= set("★⭐* "):
        return sum(text.count(glyph) for glyph in "★⭐*")
    number = _WHOLE_NUMBER.match(text)
    if number and number.end() == len(text):  # the usual case: "4" or "4.0"
        return int(number.group(1))
    key = matching_key(text if not number else number.group(1) + " " + text[number.end() :])
    potential = _POTENTIAL.search(key)
    if potential:
        key = (key[: potential.start()] + key[potential.end() :]).strip()
    words = [word for word in key.split() if word not in _STAR_NOISE]
    if not words and potential:
        return int(potential.group(1)) - 1
    if len(words) == 1 and words[0].isdigit() and words[0].isascii():
        return int(words[0])
    if len(words) == 1 and words[0] in _STAR_WORDS:
        return _STAR_WORDS[words[0]]
    raise ValueError(f"'{text}' is not a number of stars")


_SCORE_UNIT = re.compile(r"\s*(?:điểm|diem|đ|points?)$", re.IGNORECASE)
_SCORE = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def parse_score(value: object) -> Decimal:
    """A rating score such as 85, "85,5", "85.5" or "85,5 điểm"."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a score")
    if isinstance(value, int | float | Decimal):
        return _finite_decimal(value)
    return _score_of_text(clean_text(value))


@lru_cache(maxsize=4096)
def _score_of_text(text: str) -> Decimal:
    number = _SCORE_UNIT.sub("", text)
    if not _SCORE.fullmatch(number):
        raise ValueError(f"'{text}' is not a score")
    return Decimal(number.replace(",", "."))


def _finite_decimal(value: float | Decimal) -> Decimal:
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{value} is not a number")
    return Decimal(int(number)) if isinstance(value, float) and value.is_integer() else number


_PRICE_SUFFIX = re.compile(r"\s*(?:vnđ|vnd|đồng|dong|đ|₫)?\.?\s*(?:/.*)?$", re.IGNORECASE)
_DIGITS_AND_SEPARATORS = re.compile(r"\d[\d.,]*")


def parse_price(value: object) -> Decimal:
    """A price in VND: 150000, "150.000", "150,000", "150000 đ", "150.000 VNĐ/hộp", "1.250.000,50"."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a price")
    if isinstance(value, int | float | Decimal):
        return _finite_decimal(value)
    return _price_of_text(clean_text(value))


@lru_cache(maxsize=4096)  # prices repeat from product to product
def _price_of_text(text: str) -> Decimal:
    number = _PRICE_SUFFIX.sub("", text, count=1).replace(" ", "")
    if not _DIGITS_AND_SEPARATORS.fullmatch(number):
        raise ValueError(f"'{text}' is not a price")
    try:
        return grouped_decimal(number)
    except ValueError:
        raise ValueError(f"'{text}' is not a price") from None


_SEPARATOR = re.compile(r"[.,]")


def grouped_decimal(number: str) -> Decimal:
    """Read digits with Vietnamese or English separators: groups of three digits are thousands.

    "1.250.000" and "1,250,000" → 1250000; "150,5" and "150.5" → 150.5; "1.250.000,50" → 1250000.50.
    """
    dots, commas = number.count("."), number.count(",")
    if not dots and not commas:
        return Decimal(number)
    if dots and commas:  # the last separator is the decimal one, the other groups thousands
        decimal_separator = "." if number.rfind(".") > number.rfind(",") else ","
        integer_part, _, fraction = number.rpartition(decimal_separator)
        if decimal_separator in integer_part or not fraction or not _thousands(integer_part):
            raise ValueError(number)
        return Decimal(_SEPARATOR.sub("", integer_part) + "." + fraction)
    if _thousands(number):
        return Decimal(_SEPARATOR.sub("", number))
    integer_part, _, fraction = number.rpartition("." if dots else ",")
    if dots + commas == 1 and integer_part and 1 <= len(fraction) <= 2:
        return Decimal(integer_part + "." + fraction)
    raise ValueError(number)


def _thousands(number: str) -> bool:
    groups = _SEPARATOR.split(number)
    return 1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])


_WEIGHT = re.compile(r"(\d[\d.,]*)\s*(kg|kilogram|kilograms|g|gr|gram|grams|gam)?\.?")


def parse_weight_grams(value: object) -> int:
    """A weight in grams: 500, "500 g", "500gr", "1.000 g", "1 kg", "1,5 kg"."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a weight")
    if isinstance(value, int | float | Decimal):
        return round(_finite_decimal(value))
    return _grams_of_text(clean_text(value))


@lru_cache(maxsize=1024)
def _grams_of_text(text: str) -> int:
    match = _WEIGHT.fullmatch(text.lower())
    try:
        amount = grouped_decimal(match.group(1)) if match else None
    except ValueError:
        amount = None
    if match is None or amount is None:
        raise ValueError(f"'{text}' is not a weight in grams or kilograms")
    return round(amount * 1000 if match.group(2) in {"kg", "kilogram", "kilograms"} else amount)


_URL_SEPARATORS = re.compile(r"[\s,;]+")


def split_urls(value: object) -> tuple[str, ...]:
    """Image URLs from a cell: separated by whitespace, commas, semicolons or new lines."""
    if isinstance(value, list | tuple):
        return tuple(url for item in value for url in split_urls(item))
    text = "" if value is None else unicodedata.normalize("NFC", _INVISIBLE.sub("", str(value)))
    text = _CONTROL.sub(" ", text)
    return tuple(url for url in _URL_SEPARATORS.split(text) if url)


# ---------------------------------------------------------------------------------------------
# Producers and addresses
# ---------------------------------------------------------------------------------------------

V = TypeVar("V")


class _Phrases(Generic[V]):
    """Phrases with a value each, indexed by first word: matching costs one dict look-up."""

    def __init__(self, entries: Iterable[tuple[str, V]]) -> None:
        self._by_first: dict[str, list[tuple[Phrase, V]]] = {}
        for words, value in entries:
            phrase = _phrase(words)
            for first in dict.fromkeys(phrase[0]):  # with diacritics, and without
                self._by_first.setdefault(first, []).append((phrase, value))

    def opening(self, tokens: list[str]) -> tuple[int, V] | None:
        """The value of the first phrase the tokens open with, and how many words it has."""
        for phrase, value in self._by_first.get(tokens[0], ()) if tokens else ():
            if _opens_with(tokens, phrase):
                return len(phrase), value
        return None


class _Unit(enum.Enum):
    COMMUNE = "commune"
    DISTRICT = "district"
    CITY = "city"  # a district-level city, or a centrally-run city (a province) when last
    PROVINCE = "province"
    PLACE = "place"  # below the commune: hamlet, village, street …


# The members as plain names: parse_address reads them for every part of every address, and an
# enum's attribute look-up costs more than the comparison.
_COMMUNE, _DISTRICT, _CITY, _PROVINCE, _PLACE = (
    _Unit.COMMUNE,
    _Unit.DISTRICT,
    _Unit.CITY,
    _Unit.PROVINCE,
    _Unit.PLACE,
)
_ADDRESS_UNITS: _Phrases[_Unit] = _Phrases(
    [(words, _Unit.COMMUNE) for words in ("xã", "phường", "thị trấn", "tt", "đặc khu")]
    + [(words, _Unit.DISTRICT) for words in ("huyện", "quận", "thị xã", "tx")]
    + [(words, _Unit.CITY) for words in ("thành phố", "tp")]
    + [(words, _Unit.PROVINCE) for words in ("tỉnh",)]
    + [
        (words, _Unit.PLACE)
        for words in (
            "ấp", "thôn", "bản", "buôn", "xóm", "làng", "khóm", "tổ", "khu phố", "kp", "khu",
            "số", "đường", "địa chỉ", "đc",
        )
    ]
)  # fmt: skip
_NOT_ADDRESS_OPENERS: _Phrases[bool] = _Phrases([("tổ hợp tác", True)])
_PRODUCER_SEPARATOR = re.compile(r"\s*,\s*|\s+[-–—]\s+|\s*;\s*|\s*\(\s*")
_PRODUCER_SEPARATOR_CHARACTER = re.compile("[,;(\\-–—]")
_ADDRESS_LABEL = re.compile(r"^(?:địa chỉ|dia chi|đ/c|đc|dc)\s*:?\s*", re.IGNORECASE)


def split_producer(text: str) -> tuple[str, str]:
    """Split a producer name that embeds an address: "HTX Tân Qui, xã An Phú Tân" → name, address.

    The split is at the first comma, " - ", ";" or "(" followed by an address word (xã, phường,
    ấp, thôn, bản, huyện, quận, thị xã, thành phố, tỉnh, số, a house number …). A name without
    one is returned whole, with an empty address.
    """
    text = clean_text(text)
    if not _PRODUCER_SEPARATOR_CHARACTER.search(text):
        return text, ""  # the usual name, without splitting
    for match in _PRODUCER_SEPARATOR.finditer(text):
        rest = text[match.end() :]
        if match.start() > 0 and _opens_address(rest):
            address = _ADDRESS_LABEL.sub("", rest)
            if match.group().strip() == "(" and address.endswith(")"):
                address = address[:-1].strip()
            return text[: match.start()].strip(" ,;-–—"), address
    return text, ""


def _opens_address(text: str) -> bool:
    tokens = _tokens(text[:40])
    if len(tokens) < 2:
        return False
    if tokens[0].isdigit():  # a house number: "12 Nguyễn Trãi"
        return True
    if _NOT_ADDRESS_OPENERS.opening(tokens):
        return False
    return _ADDRESS_UNITS.opening(tokens) is not None


_PRODUCER_KINDS: _Phrases[ProducerKind] = _Phrases(
    [
        ("tổ hợp tác", ProducerKind.COOPERATIVE_GROUP),
        ("tht", ProducerKind.COOPERATIVE_GROUP),
        ("hợp tác xã", ProducerKind.COOPERATIVE),
        ("liên hiệp hợp tác xã", ProducerKind.COOPERATIVE),
        ("công ty", ProducerKind.COMPANY),
        ("cty", ProducerKind.COMPANY),
        ("ctcp", ProducerKind.COMPANY),
        ("dntn", ProducerKind.COMPANY),
        ("doanh nghiệp", ProducerKind.COMPANY),
        ("chi nhánh công ty", ProducerKind.COMPANY),
        ("hộ kinh doanh", ProducerKind.HOUSEHOLD),
        ("hkd", ProducerKind.HOUSEHOLD),
        ("hộ sxkd", ProducerKind.HOUSEHOLD),
        ("hộ sản xuất", ProducerKind.HOUSEHOLD),
        ("hộ sx", ProducerKind.HOUSEHOLD),
        ("hộ gia đình", ProducerKind.HOUSEHOLD),
        ("hộ", ProducerKind.HOUSEHOLD),
        ("cơ sở", ProducerKind.HOUSEHOLD),
        ("cs", ProducerKind.HOUSEHOLD),
    ]
)
_KIND_BY_KEY = {matching_key(kind.value): kind for kind in ProducerKind} | {
    "household business": ProducerKind.HOUSEHOLD,
    "ca nhan": ProducerKind.HOUSEHOLD,
    "individual": ProducerKind.HOUSEHOLD,
}


def producer_kind(name: str) -> ProducerKind:
    """The kind of producer from its name ("HTX …" → cooperative) or from a "Loại hình" cell.

    HTX / Hợp tác xã → cooperative; Công ty / Cty / DNTN / Doanh nghiệp → company;
    Hộ kinh doanh / Hộ SXKD / Hộ sản xuất / Cơ sở → household; Tổ hợp tác / THT → cooperative
    group; anything else → other. The enum values themselves are accepted too.
    """
    return _kind_of(clean_text(name))


@lru_cache(maxsize=4096)  # a producer has several products
def _kind_of(name: str) -> ProducerKind:
    key = matching_key(name)
    if key in _KIND_BY_KEY:
        return _KIND_BY_KEY[key]
    tokens = _tokens(name)
    if tokens and tokens[0].startswith("htx"):  # "HTX", "HTXNN", "HTX."
        return ProducerKind.COOPERATIVE
    found = _PRODUCER_KINDS.opening(tokens)
    return found[1] if found else ProducerKind.OTHER


_LEADING_UNIT = re.compile(r"^(?:tỉnh|tinh|thành phố|thanh pho|tp)(?:\s*\.\s*|\s+)", re.IGNORECASE)


def _province_names() -> dict[str, str]:
    from catalog_sync.provinces import (
        PROVINCE_ALIASES,
        PROVINCES_BEFORE_2025,
        PROVINCES_SINCE_2025,
    )

    names = {matching_key(name): name for name in (*PROVINCES_BEFORE_2025, *PROVINCES_SINCE_2025)}
    names |= {matching_key(alias): name for alias, name in PROVINCE_ALIASES.items()}
    names["tp hcm"] = names["tphcm"] = "Hồ Chí Minh"
    return names


_PROVINCE_BY_KEY = _province_names()


def find_province(text: object) -> str:
    """The province a text names, spelled as ``provinces.py`` spells it, or "" when none.

    Knows the 63 provinces before the 2025 reform and the 34 after it, with or without
    diacritics and with or without "tỉnh", "TP.", "thành phố": "tinh Tien Giang" → "Tiền Giang",
    "Thành phố Hồ Chí Minh" → "Hồ Chí Minh", "TP HCM" → "Hồ Chí Minh", "Huế" → "Huế".
    """
    return _province_in(clean_text(text))


@lru_cache(maxsize=4096)
def _province_in(text: str) -> str:
    key = matching_key(text)
    if key in _PROVINCE_BY_KEY:
        return _PROVINCE_BY_KEY[key]
    return _PROVINCE_BY_KEY.get(matching_key(_LEADING_UNIT.sub("", text)), "")


def clean_province(text: object) -> str:
    """A province as a bare name: "Tỉnh An Giang" → "An Giang", "TP. Hồ Chí Minh" → "Hồ Chí Minh".

    A known province is spelled as ``provinces.py`` spells it ("Thanh Hoá" → "Thanh Hóa"); any
    other name is kept as the list wrote it, without its unit word.
    """
    return _bare_province(clean_text(text))


@lru_cache(maxsize=4096)
def _bare_province(province: str) -> str:
    if known := _province_in(province):
        return known
    stripped = _LEADING_UNIT.sub("", province).strip(" .,")
    return stripped or province


def address_scheme(district: str, province: str) -> AddressScheme:
    """Which administrative scheme an address follows: a district, or a province merged away in
    2025, means the 63-province scheme; otherwise the 34-province one (commune and province)."""
    from catalog_sync.provinces import PROVINCES_REMOVED_IN_2025

    if district or find_province(province) in PROVINCES_REMOVED_IN_2025:
        return AddressScheme.PRE_2025
    return AddressScheme.POST_2025


_ADDRESS_SPLIT = re.compile(r"\s*[,;]\s*|\s+[-–—]\s+")
# Province names written with a dash, which must not split the address.
_DASHED_PROVINCE = re.compile(r"\b(b[aà] r[iị]a|th[uừ]a thi[eê]n)\s*[-–—]\s*", re.IGNORECASE)


def parse_address(text: str) -> tuple[str, str, str]:
    """(commune, district, province) from "ấp 3, xã A, huyện B, tỉnh C", best effort.

    Labelled parts are placed by their unit word; a part after "tỉnh" is the province whatever
    it says. An unlabelled last part, or a "thành phố"/"TP" that comes last, is the province only
    when it names one (the 63 before 2025 and the 34 after it): "Phường 4, TP Đà Lạt, Lâm Đồng"
    → Lâm Đồng, but "Phường 4, TP Đà Lạt" has no province (Đà Lạt is a district-level city).
    Without any labels, the last parts are taken as commune, district, province.
    Commune and district keep their unit word; the province is the bare name.
    """
    return _address_of(clean_text(text))


@lru_cache(maxsize=8192)  # a producer's products share its address
def _address_of(joined: str) -> tuple[str, str, str]:
    if "-" in joined or "–" in joined or "—" in joined:
        joined = _DASHED_PROVINCE.sub(r"\1-", joined)
    parts = [part for part in _address_parts(joined) if part]
    units = [_unit(part) for part in parts]
    commune = district = province = ""
    last = len(parts) - 1
    for index, (part, unit) in enumerate(zip(parts, units, strict=True)):
        if unit is _PROVINCE:
            province = _bare_province(part)
        elif unit is _CITY and index == last and not province and _province_in(part):
            province = _province_in(part)
        elif unit is _COMMUNE:
            commune = part
        elif unit is _DISTRICT or unit is _CITY:
            district = part
    if any(unit is not None and unit is not _PLACE for unit in units):
        if not province and len(parts) > 1 and units[-1] is None:
            province = _province_in(parts[-1])  # "phường Ba Đình, Hà Nội"
            if not province and not district:
                district = parts[-1]  # "xã An Phú, Chợ Mới": a district without its label
        return commune, district, province
    if len(parts) >= 2 and (known := _province_in(parts[-1])):
        if len(parts) == 2:
            return parts[0], "", known
        return parts[-3], parts[-2], known
    if len(parts) >= 2:
        return parts[-2], parts[-1], ""
    return "", "", ""


def _address_parts(text: str) -> list[str]:
    """``_ADDRESS_SPLIT.split(text)`` of clean text (single spaces): without the regex when no
    dash is written, as a comma or semicolon then takes at most one space on either side."""
    if "-" in text or "–" in text or "—" in text:
        return _ADDRESS_SPLIT.split(text)
    return [part.strip(" ") for part in text.replace(";", ",").split(",")]


@lru_cache(maxsize=8192)  # "xã An Phú", "huyện Chợ Mới": parts repeat from row to row
def _unit(part: str) -> _Unit | None:
    """The unit a part of an address names, when a name follows its unit word."""
    tokens = _tokens(part)
    found = _ADDRESS_UNITS.opening(tokens)
    return found[1] if found and len(tokens) > found[0] else None


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
    return _group_of_text(clean_text(value))


@lru_cache(maxsize=1024)
def _group_of_text(text: str) -> OcopGroup:
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


# Inferring the group of a list that gives none: keywords of the product name, as staff can read
# them. Vietnamese names put the kind of product first ("Rượu sâm", "Kẹo dừa", "Trà hoa vàng"),
# so the keyword that starts earliest in the name decides; at the same position the longer phrase
# wins ("cá cảnh" over "cá", "nấm linh chi" over "nấm"). Keywords match whole words, with their
# diacritics or typed without any ("tra" matches "trà", but "cám" never matches "cam").
GROUP_KEYWORDS: dict[OcopGroup, tuple[str, ...]] = {
    OcopGroup.BEVERAGES: (
        "trà", "chè", "trà túi lọc", "cà phê", "cafe", "coffee", "tea", "rượu", "rượu vang",
        "vang", "wine", "bia", "nước ép", "nước cốt", "nước uống", "nước giải khát",
        "nước khoáng", "nước tinh khiết", "nước yến", "nước mía", "siro", "juice", "ca cao",
        "cacao", "cocoa", "sữa đậu nành", "sữa hạt",
    ),
    OcopGroup.FOOD: (
        "mật ong", "honey", "nước mắm", "fish sauce", "mắm", "mắm tôm", "gạo", "rice",
        "nếp", "kẹo", "candy", "khô", "khô cá", "cá khô", "cá", "tôm", "tôm khô", "mực",
        "mực khô", "cua", "ghẹ", "ốc", "sò", "yến", "yến sào", "bánh", "bánh tráng",
        "bánh phồng", "bánh pía", "mứt", "chả", "chả cá", "giò", "nem", "lạp xưởng", "xúc xích",
        "thịt", "bò khô", "khô bò", "heo", "gà", "vịt", "trứng", "miến", "bún", "phở", "hủ tiếu",
        "mì", "bột", "tinh bột", "đường", "muối", "tiêu", "hồ tiêu", "ớt", "tỏi", "hành",
        "sả", "gừng", "nấm", "măng", "rau", "đậu", "lạc", "đậu phộng", "mè", "vừng", "hạt",
        "hạt điều", "điều", "mắc ca", "óc chó", "dừa", "coconut", "cơm dừa", "trái cây",
        "hoa quả", "quả", "trái", "fruit", "bưởi", "xoài", "vải", "nhãn", "cam", "quýt",
        "chanh", "chuối", "thanh long", "sầu riêng", "măng cụt", "chôm chôm", "mít", "dứa",
        "khóm", "thơm", "mãng cầu", "vú sữa", "ổi", "táo", "mận", "dưa", "dưa lưới",
        "dưa hấu", "bơ", "chà là", "sấy", "sữa", "sữa chua", "phô mai", "dầu ăn", "dầu lạc",
        "dầu dừa", "tương", "tương ớt", "nước tương", "chao", "dưa muối", "kim chi", "ruốc",
        "chà bông", "sa tế", "gia vị", "socola", "sô cô la", "chocolate",
    ),
    OcopGroup.HERBS: (
        "sâm", "nhân sâm", "sâm ngọc linh", "ginseng", "cao", "cao dược liệu", "tinh dầu",
        "essential oil", "dầu gió", "dầu xoa", "dầu tràm", "dược liệu", "thảo dược", "thuốc",
        "đông trùng hạ thảo", "linh chi", "nấm linh chi", "tinh bột nghệ", "nghệ",
        "trà dược liệu", "xà phòng", "xà bông", "dầu gội", "mỹ phẩm", "cà gai leo",
        "hà thủ ô", "đinh lăng", "ba kích", "giảo cổ lam", "actiso", "atiso", "hương nhu",
    ),
    OcopGroup.HANDICRAFTS: (
        "tre", "bamboo", "mây", "mây tre", "mây tre đan", "rattan", "gốm", "gốm sứ", "sứ",
        "pottery", "ceramic", "thổ cẩm", "brocade", "điêu khắc", "chạm khắc", "khắc",
        "carving", "gỗ", "đồ gỗ", "nón", "nón lá", "chiếu", "cói", "lục bình", "đan", "dệt",
        "thêu", "tranh", "sơn mài", "lụa", "khăn", "túi", "giỏ", "đèn lồng", "đá mỹ nghệ",
        "mỹ nghệ", "thủ công", "đồ thủ công", "hương", "nhang", "trầm hương", "đồng", "bạc",
    ),
    OcopGroup.ORNAMENTALS: (
        "lan", "hoa lan", "phong lan", "địa lan", "lan hồ điệp", "orchid", "bonsai", "cây cảnh",
        "cây kiểng", "kiểng", "cá cảnh", "chim cảnh", "sinh vật cảnh", "hoa", "hoa mai",
        "mai vàng", "đào", "hoa đào", "hoa hồng", "cây giống", "tiểu cảnh",
    ),
    OcopGroup.TOURISM: (
        "homestay", "farmstay", "tour", "du lịch", "điểm du lịch", "khu du lịch",
        "du lịch sinh thái", "du lịch cộng đồng", "làng du lịch", "khu sinh thái", "sinh thái",
        "trải nghiệm", "tham quan", "nhà vườn", "eco tourism", "ecotourism",
    ),
}  # fmt: skip
_GROUP_KEYWORD_PHRASES: _Phrases[OcopGroup] = _Phrases(
    sorted(
        ((keyword, group) for group, keywords in GROUP_KEYWORDS.items() for keyword in keywords),
        key=lambda entry: -len(entry[0].split()),  # longer phrases are tried first
    )
)


def infer_group(product_name: str) -> OcopGroup | None:
    """The OCOP group a product name suggests (see ``GROUP_KEYWORDS``), or None when no keyword
    matches: "Trà hoa vàng Ba Chẽ" → beverages, "Nước mắm Phú Quốc" → food, "Cá cảnh Koi" →
    ornamentals, "Rượu sâm Ngọc Linh" → beverages, "Gối tựa lưng" → None."""
    tokens = _tokens(clean_text(product_name))
    for start in range(len(tokens)):
        found = _GROUP_KEYWORD_PHRASES.opening(tokens[start:])
        if found:
            return found[1]
    return None


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
    return clean_product_key(
        clean_text(code), clean_text(province), clean_text(producer), clean_text(name)
    )


def clean_product_key(code: str, province: str, producer: str, name: str) -> str:
    """``product_key`` of parts already cleaned (``clean_text``), as a validated row holds them."""
    if code:
        return code.replace(" ", "").upper()
    return f"{matching_key(province)}|{matching_key(producer)}|{matching_key(name)}"
