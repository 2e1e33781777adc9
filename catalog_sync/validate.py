"""Turn raw feed rows into FeedRows, or into RowErrors that tell the operator why not.

Bad data never raises: each row read becomes exactly one FeedRow or one RowError (the first
problem found). Only a feed that cannot be read at all raises ``FeedError``.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TypeVar, cast
from urllib.parse import unquote, urljoin, urlsplit

from catalog_sync.batch import cyclic_gc_paused
from catalog_sync.domain import (
    CERTIFIED_MIN_STARS,
    MAX_STARS,
    FeedDefaults,
    FeedRow,
    GroupSource,
    OcopGroup,
    ProducerKind,
    RowError,
    Translation,
)
from catalog_sync.feeds import SHEET_KEY, CleanCells, FeedError, FeedFormat, read_feed
from catalog_sync.normalise import (
    address_scheme,
    clean_product_key,
    clean_province,
    clean_text,
    infer_group,
    matching_key,
    parse_address,
    parse_date,
    parse_group,
    parse_price,
    parse_score,
    parse_stars,
    parse_weight_grams,
    producer_kind,
    split_decision,
    split_producer,
    split_urls,
)
from catalog_sync.validity import default_valid_until

__all__ = ["PROGRAMME_START", "FeedError", "ParsedFeed", "parse_feed", "parse_row", "parse_source"]

PROGRAMME_START = date(2018, 5, 7)  # Decision 490/QĐ-TTg
# Score bands of Decisions 1048 and 148 for the certified stars, to catch shifted columns.
_SCORE_BANDS = {
    3: (Decimal(50), Decimal(70)),
    4: (Decimal(70), Decimal(90)),
    5: (Decimal(90), None),
}
_MAX_LISTED_ROWS = 20
_ZERO, _HUNDRED = Decimal(0), Decimal(100)
T = TypeVar("T")
_TRANSLATED_COLUMN = re.compile(r"(name|description)_([a-z]{2})")


@dataclass
class ParsedFeed:
    """The outcome of reading one feed: rows to import, rows refused, and notes for the operator."""

    source: str = ""
    rows: list[FeedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows_read: int = 0
    sheets: dict[str, int] = field(default_factory=dict)  # workbook sheet read -> data rows
    # Sheets not read (no header found, or not the one --sheet named): an authoritative run must
    # not treat their products as absent.
    skipped_sheets: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """read = accepted + invalid + not_certified + duplicate (+ other_province, when a run
        restricted to one province refused some); accepted = the three groups."""
        kinds = Counter(error.kind for error in self.errors)
        groups = Counter(row.group_source for row in self.rows)
        other = {"other_province": kinds["other_province"]} if kinds["other_province"] else {}
        return {
            **other,
            "read": self.rows_read,
            "accepted": len(self.rows),
            "invalid": kinds["invalid"],
            "not_certified": kinds["not_certified"],
            "duplicate": kinds["duplicate"],
            "group_given": groups[GroupSource.GIVEN],
            "group_inferred": groups[GroupSource.INFERRED],
            "group_unclassified": groups[GroupSource.UNCLASSIFIED],
        }

    @property
    def seen_product_keys(self) -> set[str]:
        """Every product the list names: accepted rows and rejected rows whose product is known."""
        return {row.product_key for row in self.rows} | {
            error.product_key for error in self.errors if error.product_key
        }

    @property
    def unseen_rows(self) -> int:
        """Rejected rows whose product could not be told (no name or no producer)."""
        return sum(1 for error in self.errors if not error.product_key)


class _Reject(Exception):
    def __init__(self, column: str, reason: str, kind: str = "invalid") -> None:
        super().__init__(reason)
        self.column, self.reason, self.kind = column, reason, kind


@cyclic_gc_paused()
def parse_feed(
    rows: Iterable[tuple[int, Mapping[str, object]]],
    *,
    defaults: FeedDefaults,
    today: date,
    source: str = "",
) -> ParsedFeed:
    """Validate raw rows ``(row_number, {canonical column: value})`` from a feed reader.

    A row repeating an earlier one (same product key and same decision) is a duplicate naming
    the first row; the same product with another decision (a re-rating) is kept.
    """
    parsed = ParsedFeed(source=source)
    first_rows: dict[tuple[str, str], str] = {}
    off_band: list[int] = []
    no_province: list[int] = []
    for row_number, raw in rows:
        parsed.rows_read += 1
        result = parse_row(row_number, raw, defaults=defaults, today=today, source=source)
        if isinstance(result, RowError):
            parsed.errors.append(result)
            continue
        identity = (result.product_key, matching_key(result.decision_number))
        where = _where(row_number, result.sheet)
        first = first_rows.setdefault(identity, where)
        if first != where:
            reason = f"duplicate of {first} (same product, same decision {result.decision_number})"
            parsed.errors.append(
                RowError(
                    row_number,
                    reason,
                    kind="duplicate",
                    sheet=result.sheet,
                    product_key=result.product_key,
                )
            )
            continue
        if not _score_matches_stars(result):
            off_band.append(row_number)
        if not result.province:
            no_province.append(row_number)
        parsed.rows.append(result)
    if no_province:
        parsed.warnings.append(
            "no province on rows "
            + _row_list(no_province)
            + " (not in the row, its address or --province): imported without one"
        )
    if off_band:
        parsed.warnings.append(
            "score does not match the stars (3★ 50–69, 4★ 70–89, 5★ 90–100) on rows "
            + _row_list(off_band)
        )
    return parsed


def parse_source(
    source: str,
    *,
    defaults: FeedDefaults,
    today: date,
    fmt: FeedFormat | str | None = None,
    sheet: str | None = None,
) -> ParsedFeed:
    """Read a feed (path, https:// or s3://) and validate it. Raises FeedError if unreadable.

    ``sheet`` reads only that sheet of a workbook; by default every sheet with a header is read.
    """
    with read_feed(source, fmt=fmt, sheet=sheet) as feed:
        parsed = parse_feed(feed, defaults=defaults, today=today, source=source)
        parsed.warnings[:0] = feed.warnings
        parsed.sheets = dict(feed.sheets)
        parsed.skipped_sheets = list(feed.skipped_sheets)
    return parsed


def parse_row(
    row_number: int,
    raw: Cells,
    *,
    defaults: FeedDefaults,
    today: date,
    source: str = "",
) -> FeedRow | RowError:
    """One raw row as a FeedRow, or the first reason it cannot be imported.

    ``source`` is where the list was read: photos named by a relative path resolve against it.
    """
    cells = _cleaned(raw)
    try:
        return _feed_row(row_number, cells, defaults=defaults, today=today, source=source)
    except _Reject as reject:
        return RowError(
            row_number,
            reject.reason,
            column=reject.column,
            kind=reject.kind,
            sheet=_text(cells, SHEET_KEY),
            product_key=_seen_product_key(cells, defaults),
        )


# A row's cells once cleaned: each text cell cleaned once (``clean_text``), empty ones dropped;
# numbers and dates as the file holds them. Every check below reads the row through this.
Cells = Mapping[str, object]


def _cleaned(raw: Mapping[str, object]) -> Mapping[str, object]:
    if raw.__class__ is CleanCells:  # a feed reader's row: cleaned as it was read
        return raw
    cells: dict[str, object] = {}
    for column, value in raw.items():
        if isinstance(value, str):
            value = clean_text(value)
            if not value:
                continue
        elif value is None:
            continue
        cells[column] = value
    return cells


def _text(cells: Cells, column: str) -> str:
    """A cell as clean text ("" when empty): a number as a spreadsheet prints it."""
    value = cells.get(column)
    if value is None:
        return ""
    return value if isinstance(value, str) else clean_text(value)


def _seen_product_key(cells: Cells, defaults: FeedDefaults) -> str:
    """The product key of a rejected row, when its name and producer can be read ("" if not)."""
    product_name = _text(cells, "product_name")
    producer_name, producer_address = split_producer(_text(cells, "producer"))
    if not product_name or not producer_name:
        return ""
    _commune, _district, province = _location(cells, producer_address, defaults)
    return clean_product_key(_text(cells, "product_code"), province, producer_name, product_name)


def _where(row_number: int, sheet: str) -> str:
    return f"sheet '{sheet}' row {row_number}" if sheet else f"row {row_number}"


def _feed_row(
    row_number: int,
    cells: Cells,
    *,
    defaults: FeedDefaults,
    today: date,
    source: str = "",
) -> FeedRow:
    product_name = _text(cells, "product_name")
    if not product_name:
        raise _Reject("product_name", "no product name")
    producer_name, producer_address = split_producer(_text(cells, "producer"))
    if not producer_name:
        raise _Reject("producer", "no producer")
    stars = _stars(cells)
    group, group_source = _group(cells, product_name)
    commune, district, province = _location(cells, producer_address, defaults)
    decision_number, decided_on = _decision(cells, defaults, today)
    product_code = _text(cells, "product_code")
    return FeedRow(
        row_number=row_number,
        product_key=clean_product_key(product_code, province, producer_name, product_name),
        product_name=product_name,
        producer_name=producer_name,
        producer_kind=_producer_kind(cells, producer_name),
        province=province,
        stars=stars,
        decision_number=decision_number,
        decided_on=decided_on,
        group=group,
        subgroup=_text(cells, "subgroup"),
        product_code=product_code,
        commune=commune,
        district=district,
        address_scheme=address_scheme(district, province),
        score=_optional(cells, "score", _score),
        valid_until=_valid_until(cells, decided_on),
        issuing_authority=_text(cells, "issuing_authority") or defaults.issuing_authority,
        price=_optional(cells, "price", _price),
        prices={
            currency: amount
            for currency, column in (("USD", "price_usd"), ("EUR", "price_eur"))
            if (amount := _optional(cells, column, _foreign_price)) is not None
        },
        stock=_optional(cells, "stock", _stock),
        weight_grams=_optional(cells, "weight_grams", _weight),
        description=_text(cells, "description"),
        image_urls=_image_urls(cells, source),
        translations=_translations(cells),
        group_source=group_source,
        sheet=_text(cells, SHEET_KEY),
    )


def _group(cells: Cells, product_name: str) -> tuple[OcopGroup, GroupSource]:
    """The list's group; else the one the product name suggests; else unclassified (never a
    rejection: staff classify those from the admin's "unclassified" filter)."""
    if _text(cells, "group"):
        return _parsed(cells, "group", parse_group, missing=""), GroupSource.GIVEN
    inferred = infer_group(product_name)
    if inferred is not None:
        return inferred, GroupSource.INFERRED
    return OcopGroup.UNCLASSIFIED, GroupSource.UNCLASSIFIED


def _parsed(cells: Cells, column: str, parse: Callable[[object], T], *, missing: str) -> T:
    value = cells.get(column)
    if value is None or value == "":
        raise _Reject(column, missing)
    try:
        if value.__class__ in _CELL_TYPES:
            return cast(T, _parsed_cell(parse, value))
        return parse(value)
    except (ValueError, ArithmeticError) as error:
        raise _Reject(column, str(error)) from None


# The cells a list repeats: text, and a spreadsheet's numbers and dates (typed: 4 and 4.0 apart).
_CELL_TYPES = frozenset((str, int, float, date, datetime))


@lru_cache(maxsize=16_384, typed=True)  # stars, groups, scores, prices, weights and dates repeat
def _parsed_cell(parse: Callable[[object], object], value: object) -> object:
    """``parse(value)`` once for each cell value (every parser given to ``_parsed`` is a pure
    function; a value it refuses raises again each time, as exceptions are not cached)."""
    return parse(value)


def _optional(cells: Cells, column: str, parse: Callable[[object], T]) -> T | None:
    if column not in cells:
        return None
    return _parsed(cells, column, parse, missing="")


def _stars(cells: Cells) -> int:
    stars = _parsed(cells, "stars", parse_stars, missing="no stars")
    if stars < CERTIFIED_MIN_STARS:
        reason = f"rated {stars} stars: not certified ({CERTIFIED_MIN_STARS} stars or more)"
        raise _Reject("stars", reason, kind="not_certified")
    if stars > MAX_STARS:
        raise _Reject("stars", f"{stars} stars: the most is {MAX_STARS}")
    return stars


def _location(cells: Cells, producer_address: str, defaults: FeedDefaults) -> tuple[str, str, str]:
    """Commune, district and province: the row's columns, else its address, else the defaults."""
    commune = _text(cells, "commune")
    district = _text(cells, "district")
    province = clean_province(cells.get("province"))
    for address in (_text(cells, "address"), producer_address):
        if address and not (commune and district and province):
            parsed_commune, parsed_district, parsed_province = parse_address(address)
            commune = commune or parsed_commune
            district = district or parsed_district
            province = province or parsed_province
    return commune, district, province or clean_province(defaults.province)


def _decision(cells: Cells, defaults: FeedDefaults, today: date) -> tuple[str, date]:
    number, date_in_number = split_decision(cells.get("decision_number"))
    number = number or clean_text(defaults.decision_number)
    if not number:
        raise _Reject(
            "decision_number",
            "no decision number: give it in the list or as the default for the whole list",
        )
    if _text(cells, "decision_date"):
        decided_on = _parsed(cells, "decision_date", parse_date, missing="")
    elif date_in_number:
        decided_on = _parsed(
            {"decision_number": date_in_number}, "decision_number", parse_date, missing=""
        )
    elif defaults.decided_on is not None:
        decided_on = defaults.decided_on
    else:
        raise _Reject(
            "decision_date",
            "no decision date: give it in the list or as the default for the whole list",
        )
    if decided_on > today:
        raise _Reject(
            "decision_date",
            f"decision date {decided_on:%d/%m/%Y} is in the future (today is {today:%d/%m/%Y})",
        )
    if decided_on < PROGRAMME_START:
        raise _Reject(
            "decision_date",
            f"decision date {decided_on:%d/%m/%Y} is before the OCOP programme started "
            f"(7 May 2018, Decision 490/QĐ-TTg)",
        )
    return number, decided_on


_VALIDITY_PERIOD = re.compile(r"(\d{1,3}) (thang|months?|nam|years?)")


def _valid_until(cells: Cells, decided_on: date) -> date | None:
    """The stated end of validity: a date, or a period such as "36 tháng" from the decision."""
    text = _text(cells, "valid_until")
    if not text:
        return None
    if period := _VALIDITY_PERIOD.fullmatch(matching_key(text)):
        months = int(period.group(1)) * (
            1 if period.group(2).startswith(("thang", "month")) else 12
        )
        return default_valid_until(decided_on, months)
    valid_until = _parsed(cells, "valid_until", parse_date, missing="")
    if valid_until < decided_on:
        raise _Reject(
            "valid_until",
            f"valid until {valid_until:%d/%m/%Y}, before the decision date {decided_on:%d/%m/%Y}",
        )
    return valid_until


def _score(value: object) -> Decimal:
    score = parse_score(value)
    if not _ZERO <= score <= _HUNDRED:
        raise ValueError(f"score {score} is not between 0 and 100")
    return score


def _price(value: object) -> Decimal:
    try:
        price = parse_price(value)
    except ValueError:
        price = _ZERO
    if price <= 0:
        raise ValueError(f"price '{clean_text(value)}' is not a positive number")
    return price


_CURRENCY_SIGNS = re.compile(r"[\s$€]|usd|eur")


def _foreign_price(value: object) -> Decimal:
    """A price in USD or EUR: "12.50", "12,50", "$12.50", "12.50 €" (two decimals at most)."""
    text = _CURRENCY_SIGNS.sub("", clean_text(value).lower()).replace(",", ".")
    try:
        price = Decimal(text)
    except ArithmeticError:
        raise ValueError(f"price '{clean_text(value)}' is not a number") from None
    if not price.is_finite() or price <= 0 or price != price.quantize(Decimal("0.01")):
        raise ValueError(f"price '{clean_text(value)}' is not a positive amount in cents")
    return price


_UNITS = re.compile(r"\d{1,3}(?:[.,]\d{3})+|\d+")


def _stock(value: object) -> int:
    """Units in stock: 12, 12.0 (a spreadsheet number), "1.200" or "1,200"."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if value >= 0 and value == int(value):
            return int(value)
    else:
        text = clean_text(value).replace(" ", "")
        if _UNITS.fullmatch(text):
            return int(text.replace(".", "").replace(",", ""))
    raise ValueError(f"stock '{clean_text(value)}' is not a whole number of units")


def _weight(value: object) -> int:
    grams = parse_weight_grams(value)
    if grams <= 0:
        raise ValueError(f"weight '{clean_text(value)}' is not a positive number of grams")
    return grams


def _producer_kind(cells: Cells, producer_name: str) -> ProducerKind:
    stated = _text(cells, "producer_kind")
    kind = producer_kind(stated) if stated else ProducerKind.OTHER
    return kind if kind is not ProducerKind.OTHER else producer_kind(producer_name)


def _image_urls(cells: Cells, source: str = "") -> tuple[str, ...]:
    if "image_urls" not in cells:
        return ()
    return tuple(_photo_address(url, source) for url in split_urls(cells.get("image_urls")))


def _photo_address(entry: str, source: str) -> str:
    """A photo's address as the run fetches it: http(s):// and s3:// as written; a relative path
    (or ``file:`` path) against the list's own place, so a list can ship its photos beside it.
    A local photo must lie in the list's folder: a list cannot publish other files of the server.
    """
    scheme = urlsplit(entry).scheme.lower()
    if scheme in ("http", "https", "s3"):
        return entry
    if scheme and scheme != "file" and len(scheme) > 1:  # "C:" is a drive, not a scheme
        raise _Reject("image_urls", f"'{entry}' is not an http(s) address of an image")
    written = entry
    if scheme == "file" or "%" in entry:  # a path written as a URL: "file:anh/m%E1%BA%ADt.jpg"
        entry = unquote(urlsplit(entry).path if scheme == "file" else entry)
    list_scheme = urlsplit(source).scheme.lower() if source else ""
    if list_scheme in ("http", "https"):
        return urljoin(source, written)
    if list_scheme == "s3":
        parts = urlsplit(source)
        key = posixpath.normpath(posixpath.join(posixpath.dirname(parts.path), entry))
        return f"s3://{parts.netloc}/{key.lstrip('/')}"
    if not source:
        raise _Reject(
            "image_urls",
            f"'{written}' is a file path, but this list was not read from a folder: "
            "give the photo's http(s) address",
        )
    if list_scheme == "file":
        source = unquote(urlsplit(source).path)
    folder = Path(source).resolve().parent
    path = (folder / entry).resolve()
    if not path.is_relative_to(folder):
        raise _Reject("image_urls", f"'{written}' is outside the list's folder; refused")
    return str(path)


def _translations(cells: Cells) -> dict[str, Translation]:
    texts: dict[str, dict[str, str]] = {}
    for column in cells:
        if (translated := _translated(column)) and (text := _text(cells, column)):
            texts.setdefault(translated[1], {})[translated[0]] = text
    return {language: Translation(**fields) for language, fields in sorted(texts.items())}


@lru_cache(maxsize=256)  # the same few columns on every row
def _translated(column: str) -> tuple[str, str] | None:
    """("name" or "description", language) of a translated column, such as name_en."""
    match = _TRANSLATED_COLUMN.fullmatch(column)
    return (match.group(1), match.group(2)) if match else None


def _score_matches_stars(row: FeedRow) -> bool:
    if row.score is None:
        return True
    low, high = _SCORE_BANDS[row.stars]
    return row.score >= low and (high is None or row.score < high)


def _row_list(numbers: list[int]) -> str:
    listed = ", ".join(map(str, numbers[:_MAX_LISTED_ROWS]))
    extra = len(numbers) - _MAX_LISTED_ROWS
    return listed + (f" and {extra} more" if extra > 0 else "")
