"""Read official OCOP lists as raw rows: CSV, XLSX or JSON, from a file, an https URL or S3.

A feed is opened with ``read_feed(source)``; iterating the reader yields
``(row_number, {canonical column: cell value})`` lazily, where ``row_number`` is the row a
spreadsheet shows (title rows and the header counted; for JSON, the object's position from 1).
Values are raw: strings, numbers or dates as the file holds them; ``validate`` parses them.

Headers are matched with ``matching_key``, so case, spacing, punctuation and missing
diacritics do not matter. Official appendices often have title rows above the header: the header
is the row, within the first 15, that names the most known columns (a product name among them).
A two-row header ("Quyết định" over "Số" | "Ngày") and a row of column numbers under the header
are understood. Unknown columns are ignored and named once in ``FeedReader.warnings``.

Canonical columns and the headers provinces use (any one of them):

==================  ===================================================================
canonical           headers
==================  ===================================================================
row_no              STT, Số TT, TT, Số thứ tự, No
product_name        Tên sản phẩm, Sản phẩm, Tên SP, Tên sản phẩm OCOP, Product name
product_code        Mã sản phẩm, Mã SP, Mã số sản phẩm, Mã OCOP, Mã, Product code
producer            Chủ thể, Tên chủ thể, Chủ thể sản xuất, Tên chủ thể sản xuất, Đơn vị sản
                    xuất, Cơ sở sản xuất, Producer
producer_kind       Loại hình chủ thể, Loại hình, Loại hình tổ chức, Producer kind
address             Địa chỉ, Địa chỉ chủ thể, Địa chỉ sản xuất, Address
commune             Xã, Phường, Xã/Phường, Xã, phường, thị trấn, Commune, Ward
district            Huyện, Quận/Huyện, Huyện/Thị xã/Thành phố, District
province            Tỉnh, Tỉnh/Thành phố, Tỉnh/TP, Province
group               Nhóm, Nhóm sản phẩm, Nhóm ngành, Ngành hàng, Group, Product group
subgroup            Phân nhóm, Phân nhóm sản phẩm, Subgroup
score               Điểm, Tổng điểm, Điểm đánh giá, Điểm số, Score
stars               Hạng sao, Số sao, Xếp hạng, Hạng, Phân hạng, Kết quả xếp hạng, Stars, Rating
decision_number     Số quyết định, Quyết định, Số QĐ, Quyết định công nhận, Decision number
decision_date       Ngày quyết định, Ngày công nhận, Ngày QĐ, Ngày ban hành, Ngày ký, Decision date
valid_until         Hiệu lực đến, Ngày hết hạn, Hết hạn, Ngày hết hiệu lực, Thời hạn hiệu lực,
                    Valid until, Expires
issuing_authority   Cơ quan công nhận, Cấp công nhận, Cơ quan ban hành, Issuing authority
price               Giá, Giá bán, Giá bán lẻ, Đơn giá, Giá (VNĐ), Price  (in VND)
price_usd           Giá (USD), Price USD  (the price in the USD channel; never converted)
price_eur           Giá (EUR), Price EUR  (the price in the EUR channel; never converted)
stock               Tồn kho, Stock  (units in the shop's warehouse when the product is created)
weight_grams        Khối lượng, Trọng lượng, Khối lượng tịnh, Weight, Weight (g)
description         Mô tả, Mô tả sản phẩm, Giới thiệu, Description
image_urls          Ảnh, Hình ảnh, Ảnh sản phẩm, Link ảnh, Images, Image URLs, Photos
note                Ghi chú, Note (read, not imported: a "tiềm năng 5 sao" note changes nothing)
name_<lang>         name_en, Name EN, Tên tiếng Anh, Tên sản phẩm (tiếng Anh), Tên (EN)
description_<lang>  description_fr, Mô tả tiếng Pháp, Mô tả (FR)
==================  ===================================================================

The canonical names themselves are accepted as headers (and as JSON keys).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from itertools import chain, islice
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal, cast
from urllib.parse import unquote, urlsplit

from catalog_sync.normalise import clean_text, matching_key

FeedFormat = Literal["csv", "xlsx", "json"]
FEED_FORMATS: tuple[FeedFormat, ...] = ("csv", "xlsx", "json")


class CleanCells(dict[str, object]):
    """A row's cells as a reader yields them: each text cell through ``clean_text`` once, empty
    cells dropped, numbers and dates as the file holds them (the validator reads them as they are)."""


RawRow = tuple[int, dict[str, object]]

# Defaults of the limits; config/settings.py sets them from the environment (FEED_*).
MAX_DOWNLOAD_BYTES = 200 * 1024 * 1024
DOWNLOAD_TIMEOUT_SECONDS = 30.0  # each read
DOWNLOAD_DEADLINE_SECONDS = 300.0  # the whole download
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # a workbook's XML once unzipped
SHEET_KEY = "_sheet"  # in a raw row of a workbook with several sheets: the sheet's name
HEADER_SEARCH_ROWS = 15
_SPOOL_IN_MEMORY_BYTES = 16 * 1024 * 1024
_CSV_SAMPLE_BYTES = 64 * 1024
_CSV_DELIMITERS = (",", ";", "\t")
_MAX_LISTED_ROWS = 20
_MIN_HEADER_COLUMNS = 3  # the product name and two more known columns


class FeedError(Exception):
    """A feed that cannot be read at all; the message tells the operator what to do."""


def _limit(name: str, default: float) -> float:
    """A FEED_* setting of config/settings.py, or the default outside Django."""
    from django.conf import settings

    return getattr(settings, name, default) if settings.configured else default


# ---------------------------------------------------------------------------------------------
# Columns
# ---------------------------------------------------------------------------------------------

COLUMNS: dict[str, tuple[str, ...]] = {
    "row_no": ("STT", "Số TT", "TT", "Số thứ tự", "No", "No."),
    "product_name": (
        "Tên sản phẩm", "Sản phẩm", "Tên SP", "Tên sản phẩm OCOP", "Sản phẩm OCOP",
        "Tên sản phẩm/dịch vụ", "Product", "Product name", "Name",
    ),
    "product_code": (
        "Mã sản phẩm", "Mã SP", "Mã số sản phẩm", "Mã số", "Mã OCOP", "Mã", "Code",
        "Product code",
    ),
    "producer": (
        "Chủ thể", "Tên chủ thể", "Chủ thể sản xuất", "Chủ thể OCOP", "Tên chủ thể sản xuất",
        "Chủ thể sản xuất, kinh doanh", "Tên chủ thể OCOP", "Đơn vị sản xuất", "Đơn vị",
        "Cơ sở sản xuất", "Tên cơ sở", "Tổ chức, cá nhân", "Producer", "Producer name",
    ),
    "producer_kind": (
        "Loại hình chủ thể", "Loại hình", "Loại hình tổ chức", "Loại hình kinh tế",
        "Producer kind", "Producer type",
    ),
    "address": ("Địa chỉ", "Địa chỉ chủ thể", "Địa chỉ sản xuất", "Address"),
    "commune": (
        "Xã", "Phường", "Xã/Phường", "Xã, phường", "Phường/Xã", "Xã, phường, thị trấn",
        "Xã/phường/thị trấn", "Commune", "Ward", "Commune/Ward",
    ),
    "district": (
        "Huyện", "Quận/Huyện", "Huyện/Thị xã/Thành phố", "Huyện, thị xã, thành phố",
        "Huyện/Thị", "Quận, huyện", "District",
    ),
    "province": ("Tỉnh", "Tỉnh/Thành phố", "Tỉnh, thành phố", "Tỉnh/TP", "Province"),
    "group": (
        "Nhóm", "Nhóm sản phẩm", "Nhóm SP", "Nhóm ngành", "Ngành hàng", "Group",
        "Product group",
    ),
    "subgroup": ("Phân nhóm", "Phân nhóm sản phẩm", "Subgroup"),
    "score": ("Điểm", "Tổng điểm", "Điểm đánh giá", "Điểm số", "Score"),
    "stars": (
        "Hạng sao", "Số sao", "Xếp hạng", "Hạng", "Xếp hạng sao", "Kết quả xếp hạng",
        "Kết quả đánh giá", "Phân hạng", "Hạng OCOP", "Sao", "Stars", "Rating",
    ),
    "decision_number": (
        "Số quyết định", "Quyết định", "Số QĐ", "Quyết định công nhận", "QĐ công nhận",
        "Số quyết định công nhận", "Decision", "Decision number",
    ),
    "decision_date": (
        "Ngày quyết định", "Ngày công nhận", "Ngày QĐ", "Ngày ban hành", "Ngày ký",
        "Ngày cấp", "Decision date", "Decided on", "Date",
    ),
    "valid_until": (
        "Hiệu lực đến", "Ngày hết hạn", "Hết hạn", "Ngày hết hiệu lực", "Thời hạn hiệu lực",
        "Có hiệu lực đến", "Valid until", "Expires", "Expiry date",
    ),
    "issuing_authority": (
        "Cơ quan công nhận", "Cấp công nhận", "Cơ quan ban hành", "Đơn vị công nhận",
        "Cấp quyết định", "Issuing authority", "Authority",
    ),
    "price": ("Giá", "Giá bán", "Giá bán lẻ", "Đơn giá", "Giá niêm yết", "Price"),
    "price_usd": ("Giá (USD)", "Giá USD", "Price USD", "Price (USD)"),
    "price_eur": ("Giá (EUR)", "Giá EUR", "Price EUR", "Price (EUR)"),
    "stock": ("Tồn kho", "Số lượng tồn", "Số lượng có sẵn", "Stock", "Quantity in stock"),
    "weight_grams": (
        "Khối lượng", "Trọng lượng", "Khối lượng tịnh", "Weight", "Weight grams",
    ),
    "description": ("Mô tả", "Mô tả sản phẩm", "Giới thiệu", "Giới thiệu sản phẩm", "Description"),
    "image_urls": (
        "Ảnh", "Hình ảnh", "Ảnh sản phẩm", "Hình ảnh sản phẩm", "Link ảnh", "Đường dẫn ảnh",
        "Images", "Image", "Image URL", "Image URLs", "Photos",
    ),
    "note": ("Ghi chú", "Note", "Notes"),
}  # fmt: skip

_COLUMN_BY_KEY: dict[str, str] = {
    matching_key(header): column
    for column, headers in COLUMNS.items()
    for header in (column, *headers)
}
_LANGUAGES = {
    "anh": "en", "phap": "fr", "trung": "zh", "trung quoc": "zh", "han": "ko",
    "han quoc": "ko", "nhat": "ja", "duc": "de", "nga": "ru", "thai": "th", "lao": "lo",
    "tay ban nha": "es", "y": "it",
}  # fmt: skip
_LANGUAGE_CODES = set(_LANGUAGES.values())
_TRANSLATED = re.compile(r"(name|description) ([a-z]{2})")
_TRANSLATED_VI = re.compile(
    r"(ten|ten san pham|mo ta|mo ta san pham) (?:tieng )?("
    + "|".join(sorted(_LANGUAGES, key=len, reverse=True))
    + r"|[a-z]{2})"
)
_PARENTHESES = re.compile(r"\([^)]*\)")
# Sub-headers under a merged "Quyết định" or "Hiệu lực" header.
_DECISION_PARTS = {"so": "decision_number", "so qd": "decision_number", "ngay": "decision_date"}
_DECISION_PARTS |= {"ngay ky": "decision_date", "ngay ban hanh": "decision_date"}
_VALIDITY_PARTS = {"den ngay": "valid_until", "den": "valid_until"}


def canonical_column(header: object) -> str | None:
    """The canonical name of a column header, or None when it is not a known column."""
    text = clean_text(header)
    key = matching_key(text)
    if not key:
        return None
    if key in _COLUMN_BY_KEY:
        return _COLUMN_BY_KEY[key]
    if translated := _translated_column(key):
        return translated
    for variant in (matching_key(_PARENTHESES.sub(" ", text)), key.removesuffix(" ocop")):
        if variant in _COLUMN_BY_KEY:
            return _COLUMN_BY_KEY[variant]
    return None


def _translated_column(key: str) -> str | None:
    if match := _TRANSLATED.fullmatch(key):
        return f"{match.group(1)}_{match.group(2)}"
    if match := _TRANSLATED_VI.fullmatch(key):
        field = "name" if match.group(1).startswith("ten") else "description"
        language = _LANGUAGES.get(match.group(2), match.group(2))
        if language in _LANGUAGE_CODES:
            return f"{field}_{language}"
    return None


class HeaderMap:
    """Which cell of a row holds which canonical column, and what the header said."""

    def __init__(self, headers: list[str], row_number: int) -> None:
        self.row_number = row_number  # the last header row, as a spreadsheet numbers it
        self.index: dict[str, int] = {}  # canonical column -> cell position
        self.ignored: list[str] = []  # headers that name no known column, or a known one again
        for position, header in enumerate(headers):
            column = canonical_column(header)
            if column is None or column in self.index:
                if header:
                    self.ignored.append(header)
            else:
                self.index[column] = position
        self.headers = headers

    @property
    def recognised(self) -> int:
        return len(self.index) if "product_name" in self.index else 0

    def warnings(self) -> list[str]:
        if not self.ignored:
            return []
        names = ", ".join(f"'{header}'" for header in self.ignored)
        return [f"columns ignored (not known, or named twice): {names}"]


def _header_cells(cells: list[object]) -> list[str]:
    return [clean_text(cell) for cell in cells]


def _two_row_headers(top: list[str], below: list[str]) -> list[str]:
    """Merge a header over sub-headers: "Quyết định" over "Số" | "Ngày" → decision number | date."""
    merged: list[str] = []
    parent = ""
    for position in range(max(len(top), len(below))):
        above = top[position] if position < len(top) else ""
        sub = below[position] if position < len(below) else ""
        parent = above or (parent if sub else "")
        merged.append(_sub_header(parent, sub) if sub else above)
    return merged


def _sub_header(parent: str, sub: str) -> str:
    parent_key, sub_key = matching_key(parent), matching_key(sub)
    if "quyet dinh" in parent_key or parent_key.startswith("qd"):
        column = _DECISION_PARTS.get(sub_key)
        return column or sub
    if "hieu luc" in parent_key and sub_key in _VALIDITY_PARTS:
        return _VALIDITY_PARTS[sub_key]
    if canonical_column(sub) is None and canonical_column(f"{parent} {sub}") is not None:
        return f"{parent} {sub}"
    return sub


def _is_column_numbering(cells: list[object]) -> bool:
    """A row of column numbers under the header: (1) (2) (3) … or 1 2 3 …"""
    numbers = [matching_key(clean_text(cell)) for cell in cells if clean_text(cell)]
    return len(numbers) >= 3 and numbers == [str(n) for n in range(1, len(numbers) + 1)]


def _find_header(
    rows: Iterator[tuple[int, list[object]]],
) -> tuple[HeaderMap, Iterator[tuple[int, list[object]]]] | None:
    """Find the header within the first rows; return it and the rows after it."""
    head = list(islice(rows, HEADER_SEARCH_ROWS + 2))
    candidates = [
        (position, HeaderMap(_header_cells(cells), number))
        for position, (number, cells) in enumerate(head[:HEADER_SEARCH_ROWS])
    ]
    position, best = max(candidates, key=lambda pair: pair[1].recognised, default=(0, None))
    if best is None or best.recognised < _MIN_HEADER_COLUMNS:
        return None
    data_start = position + 1
    if data_start < len(head):
        below_number, below = head[data_start]
        merged = HeaderMap(_two_row_headers(best.headers, _header_cells(below)), below_number)
        if merged.recognised > best.recognised:
            best, data_start = merged, data_start + 1
    if data_start < len(head) and _is_column_numbering(head[data_start][1]):
        data_start += 1
    return best, chain(head[data_start:], rows)


# ---------------------------------------------------------------------------------------------
# Opening sources
# ---------------------------------------------------------------------------------------------


def open_source(
    source: str,
    *,
    max_bytes: int | None = None,
    timeout: float | None = None,
    deadline: float | None = None,
    allow_http: bool = False,
) -> IO[bytes]:
    """A seekable binary stream of a local file, an ``https://`` URL or an ``s3://bucket/key``.

    Downloads are spooled (in memory up to 16 MB, then to a temporary file) and refused beyond
    ``max_bytes`` (FEED_MAX_DOWNLOAD_BYTES); each read waits ``timeout`` seconds at most
    (FEED_READ_TIMEOUT_SECONDS) and the whole download ``deadline`` seconds
    (FEED_DOWNLOAD_DEADLINE_SECONDS), so a server trickling bytes cannot hold a run. A redirect
    to anything but https is refused. ``allow_http`` (photos, not lists) accepts a plain http
    address too, but still refuses a redirect from https to http. S3 uses boto3's usual
    environment (AWS_ENDPOINT_URL, AWS_DEFAULT_REGION, credentials). Raises FeedError when the
    source cannot be read.
    """
    if max_bytes is None:
        max_bytes = int(_limit("FEED_MAX_DOWNLOAD_BYTES", MAX_DOWNLOAD_BYTES))
    scheme = urlsplit(source).scheme.lower()
    if scheme == "https" or (scheme == "http" and allow_http):
        return _download(
            source,
            allow_http=allow_http,
            max_bytes=max_bytes,
            timeout=timeout or _limit("FEED_READ_TIMEOUT_SECONDS", DOWNLOAD_TIMEOUT_SECONDS),
            deadline=deadline
            or _limit("FEED_DOWNLOAD_DEADLINE_SECONDS", DOWNLOAD_DEADLINE_SECONDS),
        )
    if scheme == "s3":
        return _read_s3(source, max_bytes=max_bytes)
    if scheme == "http":
        raise FeedError(f"{source}: plain http is refused; use an https:// address")
    if scheme == "file":
        source = unquote(urlsplit(source).path)
    elif scheme and len(scheme) > 1:  # "C:" is a drive letter, not a scheme
        raise FeedError(f"{source}: unknown address; use a file path, https:// or s3://")
    path = Path(source)
    if not path.is_file():
        raise FeedError(f"{source}: no such file")
    try:
        return path.open("rb")
    except OSError as error:
        raise FeedError(f"{source}: cannot be opened ({error.strerror})") from error


def _new_spool() -> IO[bytes]:
    """A temporary file in memory up to 16 MB, then on disk; the caller owns (and closes) it."""
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY_BYTES)  # noqa: SIM115
    return cast(IO[bytes], spool)


def _download(
    url: str, *, max_bytes: int, timeout: float, deadline: float, allow_http: bool = False
) -> IO[bytes]:
    import httpx

    secure = urlsplit(url).scheme.lower() == "https"

    def https_only(request: httpx.Request) -> None:
        nonlocal secure
        if request.url.scheme == "https":
            secure = True  # once on https, never back to http
        elif secure or not allow_http:
            raise FeedError(f"{url}: redirected to {request.url}, which is not https; refused")

    started = time.monotonic()
    spool = _new_spool()
    try:
        with (
            httpx.Client(
                timeout=timeout,
                follow_redirects=True,
                max_redirects=5,
                event_hooks={"request": [https_only]},
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code != 200:
                raise FeedError(f"{url}: the server answered HTTP {response.status_code}")
            declared = int(response.headers.get("content-length") or 0)
            if declared > max_bytes:
                raise FeedError(f"{url}: the file is larger than the {max_bytes} bytes allowed")
            received = 0
            for chunk in response.iter_bytes():
                received += len(chunk)
                if received > max_bytes:
                    raise FeedError(f"{url}: the file is larger than the {max_bytes} bytes allowed")
                if time.monotonic() - started > deadline:
                    raise FeedError(
                        f"{url}: the download took longer than {deadline:g} seconds "
                        f"({received} bytes received); try again later or download it by hand"
                    )
                spool.write(chunk)
    except httpx.HTTPError as error:
        spool.close()
        raise FeedError(f"{url}: download failed ({type(error).__name__}: {error})") from error
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


def _read_s3(url: str, *, max_bytes: int) -> IO[bytes]:
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    parts = urlsplit(url)
    bucket, key = parts.netloc, parts.path.lstrip("/")
    if not bucket or not key:
        raise FeedError(f"{url}: an S3 address is s3://bucket/key")
    client = boto3.client(
        "s3",
        endpoint_url=os.environ.get("AWS_ENDPOINT_URL") or None,
        region_name=os.environ.get("AWS_DEFAULT_REGION") or None,
    )
    spool = _new_spool()
    try:
        response = client.get_object(Bucket=bucket, Key=key)
        if int(response.get("ContentLength") or 0) > max_bytes:
            raise FeedError(f"{url}: the file is larger than the {max_bytes} bytes allowed")
        for chunk in response["Body"].iter_chunks(1024 * 1024):
            spool.write(chunk)
    except ClientError as error:
        spool.close()
        code = error.response.get("Error", {}).get("Code", "")
        reason = {
            "NoSuchKey": "no such object",
            "NoSuchBucket": "no such bucket",
            "AccessDenied": "access denied",
            "404": "no such object",
            "403": "access denied",
        }.get(code, f"S3 error {code}")
        raise FeedError(f"{url}: {reason}") from error
    except BotoCoreError as error:
        spool.close()
        raise FeedError(f"{url}: S3 cannot be reached ({error})") from error
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


_EXTENSIONS: dict[str, FeedFormat] = {
    ".csv": "csv", ".txt": "csv", ".tsv": "csv", ".json": "json",
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xlsx", ".ods": "xlsx",
}  # fmt: skip
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def detect_format(source: str, head: bytes) -> FeedFormat:
    """The format from the extension of a path, URL or S3 key, else from the first bytes.

    A workbook named ``.csv`` (it happens when files are renamed) is read as a workbook.
    """
    suffix = Path(urlsplit(source).path if "://" in source else source).suffix.lower()
    workbook = head.startswith((_ZIP_MAGIC, _OLE_MAGIC))
    by_name = _EXTENSIONS.get(suffix)
    if by_name is not None and not (workbook and by_name != "xlsx"):
        return by_name
    if workbook:
        return "xlsx"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{"):
        return "json"
    return "csv"


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


class FeedReader:
    """The rows of one feed. Use it as a context manager and iterate it once.

    ``warnings`` lists what the operator should know (ignored columns, skipped heading rows);
    those found while reading rows appear once the rows have been read.
    """

    def __init__(
        self,
        stream: IO[bytes],
        fmt: FeedFormat,
        *,
        source: str = "<stream>",
        sheet: str | None = None,
    ) -> None:
        self.stream = stream
        self.fmt: FeedFormat = fmt
        self.source = source
        self.warnings: list[str] = []
        self.header: HeaderMap | None = None
        self.sheet = ""  # the first sheet read
        self.only_sheet = sheet
        self.sheets: dict[str, int] = {}  # every sheet read -> its data rows (once read)
        self.skipped_sheets: list[str] = []  # sheets with content that were not read
        self._rows: Iterator[RawRow]
        try:
            self._rows = self._open()
        except BaseException:
            stream.close()
            raise

    @property
    def columns(self) -> list[str]:
        """The canonical columns found (JSON: those of the rows read so far)."""
        return list(self.header.index) if self.header else []

    def __iter__(self) -> Iterator[RawRow]:
        return self._rows

    def __enter__(self) -> FeedReader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.stream.close()

    def _open(self) -> Iterator[RawRow]:
        if self.fmt == "csv":
            return self._table(self._csv_cells())
        if self.fmt == "xlsx":
            return self._workbook_rows()
        if self.fmt == "json":
            return self._json_rows()
        raise FeedError(f"{self.source}: unknown format '{self.fmt}' (use csv, xlsx or json)")

    # -- tables (CSV and spreadsheets) -------------------------------------------------------

    def _table(self, rows: Iterator[tuple[int, list[object]]]) -> Iterator[RawRow]:
        found = _find_header(rows)
        if found is None:
            raise FeedError(
                f"{self.source}: no header row found in the first {HEADER_SEARCH_ROWS} rows; "
                "expected columns such as 'STT', 'Tên sản phẩm', 'Chủ thể', 'Hạng sao'"
            )
        self.header, data = found
        self.warnings.extend(self.header.warnings())
        return self._table_rows(self.header, data)

    def _table_rows(
        self, header: HeaderMap, rows: Iterable[tuple[int, list[object]]]
    ) -> Iterator[RawRow]:
        headings: list[int] = []
        positions = list(header.index.items())
        header_keys = [matching_key(cell) for cell in header.headers]
        name_heading = header.headers[header.index["product_name"]].lower()
        # A column's texts repeat (province, group, authority, stars …): each column keeps the
        # clean form of the first texts it meets, so a repeated one is cleaned once.
        columns: list[tuple[str, int, dict[str, str]]] = [
            (column, position, {}) for column, position in positions
        ]
        for number, cells in rows:
            width = len(cells)
            values = CleanCells()
            for column, position, cleaned in columns:
                if position < width:
                    cell = cells[position]
                    if cell.__class__ is str:
                        text = cleaned.get(cell)
                        if text is None:
                            text = clean_text(cell)
                            if len(cleaned) < _CLEANED_PER_COLUMN:
                                cleaned[cell] = text
                        if text:
                            values[column] = text
                    elif cell.__class__ in _PLAIN_CELLS:
                        values[column] = cell
                    elif _has_value(cell):
                        values[column] = clean_text(cell) if isinstance(cell, str) else cell
            if len(values) <= 1 and sum(map(_has_value, cells)) <= 1:
                if values or any(map(_has_value, cells)):
                    headings.append(number)  # "I. HUYỆN CHỢ MỚI" in a merged row
                continue  # a blank row
            if _is_total(cells):
                headings.append(number)  # "Tổng cộng: 45 sản phẩm"
                continue
            if not values:
                continue
            name = values.get("product_name", "")
            name = name if name.__class__ is str else clean_text(name)
            if name.lower() == name_heading and _repeats_header(cells, header_keys):
                continue
            yield number, values
        if headings:
            listed = ", ".join(map(str, headings[:_MAX_LISTED_ROWS]))
            extra = len(headings) - _MAX_LISTED_ROWS
            more = f" and {extra} more" if extra > 0 else ""
            self.warnings.append(
                f"rows skipped as headings or totals (one cell filled, or 'Tổng cộng'): "
                f"{listed}{more}"
            )

    def _csv_cells(self) -> Iterator[tuple[int, list[object]]]:
        sample = self.stream.read(_CSV_SAMPLE_BYTES)
        self.stream.seek(0)
        encoding = _csv_encoding(sample)
        if encoding == "cp1258":
            self.warnings.append(f"{self.source}: not UTF-8; read as Windows-1258 (Vietnamese)")
        text = _decode_sample(sample, encoding)
        delimiter = _sniff_delimiter(text)
        wrapper = io.TextIOWrapper(self.stream, encoding=encoding, newline="")
        return self._csv_rows(csv.reader(wrapper, delimiter=delimiter))

    def _csv_rows(self, reader: Iterator[list[str]]) -> Iterator[tuple[int, list[object]]]:
        # A quoted cell may span lines: csv.reader's line_num is the line the row ends on, which
        # is not what a spreadsheet shows; count records instead, as spreadsheets do.
        number = 0
        try:
            for number, cells in enumerate(reader, start=1):
                yield number, cast(list[object], cells)
        except UnicodeDecodeError as error:
            raise FeedError(
                f"{self.source}: not valid UTF-8 after row {number}; save the file as "
                "'CSV UTF-8' and try again"
            ) from error
        except csv.Error as error:
            raise FeedError(
                f"{self.source}: row {number + 1} is not valid CSV ({error})"
            ) from error

    def _workbook_rows(self) -> Iterator[RawRow]:
        """Every sheet with a header (or only ``self.only_sheet``), one after the other."""
        from python_calamine import CalamineWorkbook

        self._check_unpacked_size()
        try:
            workbook = CalamineWorkbook.from_filelike(self.stream)
            found = []
            for name in workbook.sheet_names:
                if self.only_sheet is not None and not _same_sheet(name, self.only_sheet):
                    continue
                sheet = workbook.get_sheet_by_name(name)
                cells = cast(Iterator[list[object]], sheet.iter_rows())
                rows = _merged_down(sheet, enumerate(cells, start=1))
                head = list(islice(rows, HEADER_SEARCH_ROWS + 2))
                header = _find_header(iter(head))
                if header is not None:
                    found.append((name, header[0], header[1], rows))
                elif any(_has_value(cell) for _number, cells in head for cell in cells):
                    self.skipped_sheets.append(name)
        except Exception as error:  # CalamineError, and calamine's ZipError, XmlError …
            raise FeedError(f"{self.source}: not a readable Excel workbook ({error})") from error
        names = ", ".join(f"'{name}'" for name in workbook.sheet_names)
        if self.only_sheet is not None and not any(
            _same_sheet(name, self.only_sheet) for name in workbook.sheet_names
        ):
            raise FeedError(f"{self.source}: no sheet named '{self.only_sheet}' (sheets: {names})")
        if not found:
            raise FeedError(
                f"{self.source}: no sheet has a header row in its first {HEADER_SEARCH_ROWS} rows "
                f"(sheets: {names}); expected columns such as 'Tên sản phẩm', 'Chủ thể', "
                "'Hạng sao'; name the sheet to read with --sheet NAME"
            )
        if self.skipped_sheets:
            skipped = ", ".join(f"'{name}'" for name in self.skipped_sheets)
            self.warnings.append(
                f"sheets not read (no header row in their first {HEADER_SEARCH_ROWS} rows): "
                f"{skipped}; read one with --sheet NAME"
            )
        self.sheet, self.header = found[0][0], found[0][1]
        return self._sheets_rows(found, tag=len(found) > 1)

    def _sheets_rows(self, found: list[Any], *, tag: bool) -> Iterator[RawRow]:
        for name, header, data, rest in found:
            self.warnings.extend(f"sheet '{name}': {w}" if tag else w for w in header.warnings())
            self.sheets[name] = 0
            sheet_name = clean_text(name) if tag else ""
            for number, values in self._table_rows(header, chain(data, rest)):
                self.sheets[name] += 1
                if sheet_name:
                    values[SHEET_KEY] = sheet_name
                yield number, values

    def _check_unpacked_size(self) -> None:
        """Refuse a workbook whose XML would unpack beyond FEED_MAX_UNPACKED_BYTES (a zip bomb)."""
        limit = int(_limit("FEED_MAX_UNPACKED_BYTES", MAX_UNPACKED_BYTES))
        try:
            if not zipfile.is_zipfile(self.stream):
                return
            with zipfile.ZipFile(self.stream) as archive:
                unpacked = sum(member.file_size for member in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise FeedError(f"{self.source}: not a readable Excel workbook ({error})") from error
        finally:
            self.stream.seek(0)
        if unpacked > limit:
            raise FeedError(
                f"{self.source}: the workbook unpacks to {unpacked} bytes, more than the "
                f"{limit} allowed (FEED_MAX_UNPACKED_BYTES); save it again or split it"
            )

    # -- JSON --------------------------------------------------------------------------------

    def _json_rows(self) -> Iterator[RawRow]:
        try:
            document = json.load(io.TextIOWrapper(self.stream, encoding="utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise FeedError(f"{self.source}: not valid JSON ({error})") from error
        except RecursionError:
            raise FeedError(
                f"{self.source}: the JSON is nested too deeply to be a list of products"
            ) from None
        items = _json_items(document)
        if items is None:
            raise FeedError(
                f"{self.source}: expected a JSON list of objects, or an object with "
                "a 'rows' or 'products' list"
            )
        return self._json_objects(items)

    def _json_objects(self, items: list[Any]) -> Iterator[RawRow]:
        ignored: dict[str, None] = {}
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise FeedError(f"{self.source}: item {number} of the list is not an object")
            values = CleanCells()
            for key, value in item.items():
                column = canonical_column(key)
                if column is None or column in values:
                    ignored.setdefault(str(key))
                elif isinstance(value, str):
                    if text := clean_text(value):
                        values[column] = text
                elif _has_value(value):
                    values[column] = value
            if values:
                yield number, values
        if ignored:
            names = ", ".join(f"'{key}'" for key in ignored)
            self.warnings.append(f"keys ignored (not known, or named twice): {names}")


def _same_sheet(name: str, wanted: str) -> bool:
    return name == wanted or matching_key(name) == matching_key(wanted)


def _merged_down(
    sheet: Any, rows: Iterator[tuple[int, list[object]]]
) -> Iterator[tuple[int, list[object]]]:
    """Rows with each vertically merged cell's value carried down to the rows it spans.

    (A producer merged over its three products reads as that producer on each of them.) Only
    the merge's first column is filled: a heading merged across columns stays one cell.
    """
    ranges = [
        ((top, left), bottom)
        for (top, left), (bottom, _right) in (getattr(sheet, "merged_cell_ranges", None) or [])
        if bottom > top
    ]
    if not ranges:
        yield from rows
        return
    spans: dict[int, list[tuple[int, int]]] = {}  # top row index -> (column, bottom row index)
    for (top, left), bottom in ranges:
        spans.setdefault(top, []).append((left, bottom))
    carried: dict[int, dict[int, object]] = {}  # row index -> column -> value
    for number, cells in rows:
        index = number - 1  # calamine's rows start at the sheet's first row (index 0)
        pending = carried.pop(index, None)
        if pending is not None:
            for column, value in pending.items():
                if column < len(cells) and not _has_value(cells[column]):
                    cells = [*cells[:column], value, *cells[column + 1 :]]
        for column, bottom in spans.get(index, ()):
            if column < len(cells) and _has_value(cells[column]):
                for below in range(index + 1, bottom + 1):
                    carried.setdefault(below, {})[column] = cells[column]
        yield number, cells


def _json_items(document: object) -> list[Any] | None:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in ("rows", "products", "items", "data"):
            if isinstance(document.get(key), list):
                return cast(list[Any], document[key])
    return None


# Cells a reader keeps as they are when present: numbers and dates (a spreadsheet's), never empty.
_PLAIN_CELLS = frozenset({int, float, bool, date, datetime})
# How many distinct texts of one column keep their clean form (a column of unique texts, such
# as product names, fills it and then costs one failed look-up a cell).
_CLEANED_PER_COLUMN = 4096

_BLANK = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]*")


def _has_value(cell: object) -> bool:
    if cell is None:
        return False
    if isinstance(cell, str):  # a letter or digit first: the usual cell, without the regex
        return bool(cell) and (cell[0].isalnum() or _BLANK.fullmatch(cell) is None)
    if isinstance(cell, list | tuple | dict):
        return bool(cell)
    return True


def _is_total(cells: list[object]) -> bool:
    """A "Tổng cộng" (total) row: its first filled cell says so."""
    first = next((cell for cell in cells if _has_value(cell)), "")
    if not isinstance(first, str) or first.lstrip()[:1] not in ("T", "t", "C", "c"):
        return False
    key = matching_key(clean_text(first))
    return (
        key.startswith(("tong cong", "tong so")) or re.fullmatch(r"cong(?: \d.*)?", key) is not None
    )


def _repeats_header(cells: list[object], header_keys: list[str]) -> bool:
    """A header repeated on each printed page of the list (its product name cell is the
    header's, the caller checked): every cell reads as the header's."""
    return [matching_key(clean_text(cell)) for cell in cells[: len(header_keys)]] == header_keys


def _csv_encoding(sample: bytes) -> str:
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1258"
    return "utf-8-sig"


def _decode_sample(sample: bytes, encoding: str) -> str:
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(sample, final=False)


def _sniff_delimiter(text: str) -> str:
    """The delimiter among , ; and tab that makes the best header row."""
    lines = text.splitlines()[: HEADER_SEARCH_ROWS + 2]

    def score(delimiter: str) -> tuple[int, int]:
        rows = list(csv.reader(lines, delimiter=delimiter))
        found = _find_header(iter(enumerate(cast(list[list[object]], rows), start=1)))
        widths = max((len(row) for row in rows), default=0)
        return (found[0].recognised if found else 0), widths

    return max(_CSV_DELIMITERS, key=score)


def read_stream(
    stream: IO[bytes],
    fmt: FeedFormat | str,
    *,
    source: str = "<stream>",
    sheet: str | None = None,
) -> FeedReader:
    """A reader over an open binary stream (it is closed with the reader)."""
    if fmt not in FEED_FORMATS:
        stream.close()
        raise FeedError(f"{source}: unknown format '{fmt}' (use csv, xlsx or json)")
    if not stream.seekable():
        spool = _new_spool()
        with stream:
            while chunk := stream.read(1024 * 1024):
                spool.write(chunk)
        spool.seek(0)
        stream = spool
    return FeedReader(stream, cast(FeedFormat, fmt), source=source, sheet=sheet)


def read_feed(
    source: str, *, fmt: FeedFormat | str | None = None, sheet: str | None = None
) -> FeedReader:
    """Open a feed (path, https:// or s3://) and find its header; iterate it for its rows, each
    ``(row number, CleanCells)``: text cleaned (``clean_text``), empty cells left out.

    The format is ``fmt`` when given, else the file's extension, else its first bytes.
    A workbook's sheets with a header are all read, or only ``sheet`` when given.
    Raises FeedError when the source cannot be opened or has no recognisable header.
    """
    stream = open_source(source)
    if fmt is None:
        head = stream.read(8)
        stream.seek(0)
        fmt = detect_format(source, head)
    return read_stream(stream, fmt, source=source, sheet=sheet)
