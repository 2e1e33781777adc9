from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import boto3
import httpx
import pytest
import respx
from moto import mock_aws
from openpyxl import Workbook

from catalog_sync.feeds import (
    COLUMNS,
    FeedError,
    canonical_column,
    detect_format,
    open_source,
    read_feed,
)
from catalog_sync.normalise import clean_text

HEADER_VI = "STT,Tên sản phẩm,Chủ thể,Địa chỉ,Nhóm sản phẩm,Hạng sao,Số quyết định,Ngày quyết định"
ROW_1 = "1,Xoài cát Hòa Lộc,HTX Tân Qui,xã An Phú Tân,Thực phẩm,4,2751/QĐ-UBND,24/11/2021"
ROW_2 = "2,Mật ong rừng,Hộ kinh doanh Lò Văn A,bản Mòng,Thực phẩm,3,2751/QĐ-UBND,24/11/2021"


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return str(path)


def encode_windows_1258(text: str) -> bytes:
    """Windows-1258 writes tone marks as combining characters after the letter."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    encoded = bytearray()
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        encoded += (base + "".join(c for c in decomposed if c in tones)).encode("cp1258")
    return bytes(encoded)


def read_all(
    source: str, **kwargs: object
) -> tuple[list[tuple[int, dict[str, object]]], list[str]]:
    with read_feed(source, **kwargs) as feed:  # type: ignore[arg-type]
        rows = list(feed)
        return rows, feed.warnings


# --- headers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("STT", "row_no"),
        ("  tên   SẢN phẩm ", "product_name"),
        ("Ten san pham", "product_name"),
        ("Tên sản phẩm OCOP", "product_name"),
        ("Mã sản phẩm", "product_code"),
        ("Tên chủ thể", "producer"),
        ("Chu the san xuat", "producer"),
        ("Loại hình chủ thể", "producer_kind"),
        ("Xã, phường", "commune"),
        ("Xã/Phường", "commune"),
        ("HUYỆN", "district"),
        ("Tỉnh/Thành phố", "province"),
        ("Nhóm", "group"),
        ("Phân nhóm", "subgroup"),
        ("Điểm", "score"),
        ("Hạng sao", "stars"),
        ("So sao", "stars"),
        ("Xếp hạng", "stars"),
        ("Quyết định", "decision_number"),
        ("Ngày công nhận", "decision_date"),
        ("Hiệu lực đến", "valid_until"),
        ("Ngày hết hạn", "valid_until"),
        ("Cấp công nhận", "issuing_authority"),
        ("Giá (VNĐ)", "price"),
        ("Khối lượng (g)", "weight_grams"),
        ("Mô tả", "description"),
        ("Hình ảnh", "image_urls"),
        ("Ghi chú", "note"),
        ("product_name", "product_name"),
        ("decision_date", "decision_date"),
        ("name_en", "name_en"),
        ("Tên tiếng Anh", "name_en"),
        ("Tên sản phẩm (tiếng Anh)", "name_en"),
        ("Mô tả tiếng Pháp", "description_fr"),
        ("description_fr", "description_fr"),
        ("Số điện thoại", None),
        ("", None),
    ],
)
def test_canonical_column_matches_headers_whatever_their_case_spacing_or_diacritics(header, column):
    assert canonical_column(header) == column


def test_every_documented_header_maps_to_its_own_column():
    for column, headers in COLUMNS.items():
        for header in (column, *headers):
            assert canonical_column(header) == column, header


# --- CSV --------------------------------------------------------------------------------------


def test_csv_with_bom_and_vietnamese_headers_yields_canonical_rows(tmp_path):
    source = write(tmp_path, "list.csv", "\ufeff" + "\n".join([HEADER_VI, ROW_1, ROW_2]) + "\n")

    rows, warnings = read_all(source)

    assert rows == [
        (
            2,
            {
                "row_no": "1",
                "product_name": "Xoài cát Hòa Lộc",
                "producer": "HTX Tân Qui",
                "address": "xã An Phú Tân",
                "group": "Thực phẩm",
                "stars": "4",
                "decision_number": "2751/QĐ-UBND",
                "decision_date": "24/11/2021",
            },
        ),
        (
            3,
            {
                "row_no": "2",
                "product_name": "Mật ong rừng",
                "producer": "Hộ kinh doanh Lò Văn A",
                "address": "bản Mòng",
                "group": "Thực phẩm",
                "stars": "3",
                "decision_number": "2751/QĐ-UBND",
                "decision_date": "24/11/2021",
            },
        ),
    ]
    assert warnings == []


def test_csv_without_bom_separated_by_semicolons_with_odd_headers(tmp_path):
    content = "stt ;  TEN SAN PHAM ;chu THE;hang  sao\n1;Trà shan tuyết; HTX Suối Giàng ;4 sao\n"
    source = write(tmp_path, "list.csv", content)

    rows, _ = read_all(source)

    assert rows == [
        (
            2,
            {
                "row_no": "1",
                "product_name": "Trà shan tuyết",
                "producer": "HTX Suối Giàng",  # cells come cleaned: spaces trimmed
                "stars": "4 sao",
            },
        )
    ]


def test_csv_separated_by_tabs(tmp_path):
    source = write(tmp_path, "list.tsv", "Tên sản phẩm\tChủ thể\tSố sao\nNước mắm\tCông ty A\t5\n")

    rows, _ = read_all(source)

    assert rows == [(2, {"product_name": "Nước mắm", "producer": "Công ty A", "stars": "5"})]


def test_csv_finds_the_header_below_title_rows_and_counts_rows_as_a_spreadsheet_does(tmp_path):
    content = "\n".join(
        [
            "ỦY BAN NHÂN DÂN TỈNH AN GIANG,,,,,,,",
            "DANH SÁCH SẢN PHẨM OCOP NĂM 2021,,,,,,,",
            ",,,,,,,",
            HEADER_VI,
            ROW_1,
            ",,,,,,,",
            ROW_2,
        ]
    )
    source = write(tmp_path, "list.csv", content)

    rows, _ = read_all(source)

    assert [number for number, _ in rows] == [5, 7]


def test_csv_skips_heading_and_total_rows_and_says_so(tmp_path):
    content = "\n".join(
        [HEADER_VI, "I. HUYỆN CHỢ MỚI,,,,,,,", ROW_1, "Tổng cộng,1 sản phẩm,,,,,,", ROW_2]
    )
    source = write(tmp_path, "list.csv", content)

    rows, warnings = read_all(source)

    assert [number for number, _ in rows] == [3, 5]
    assert warnings == [
        "rows skipped as headings or totals (one cell filled, or 'Tổng cộng'): 2, 4"
    ]


def test_csv_reports_unknown_columns_once(tmp_path):
    content = "Tên sản phẩm,Chủ thể,Hạng sao,Số điện thoại,Người liên hệ\nA,HTX B,3,0912,Chị C\nD,HTX E,4,0913,Anh F\n"
    source = write(tmp_path, "list.csv", content)

    rows, warnings = read_all(source)

    assert rows[1] == (3, {"product_name": "D", "producer": "HTX E", "stars": "4"})
    assert warnings == [
        "columns ignored (not known, or named twice): 'Số điện thoại', 'Người liên hệ'"
    ]


def test_csv_quoted_cells_with_new_lines_keep_spreadsheet_row_numbers(tmp_path):
    content = 'Tên sản phẩm,Chủ thể,Hạng sao,Ảnh\nA,HTX B,3,"https://x.vn/1.jpg\nhttps://x.vn/2.jpg"\nC,HTX D,4,\n'
    source = write(tmp_path, "list.csv", content)

    rows, _ = read_all(source)

    assert [number for number, _ in rows] == [2, 3]
    # The cell is read whole (its line break cleaned to a space, which separates photos as well)
    assert rows[0][1]["image_urls"] == "https://x.vn/1.jpg https://x.vn/2.jpg"


def test_csv_in_windows_1258_is_read_with_a_warning(tmp_path):
    content = "Tên sản phẩm,Chủ thể,Hạng sao\nMắm,HTX Đông,3\n"
    source = write(tmp_path, "list.csv", encode_windows_1258(content))

    rows, warnings = read_all(source)

    assert [(number, {k: clean_text(v) for k, v in values.items()}) for number, values in rows] == [
        (2, {"product_name": "Mắm", "producer": "HTX Đông", "stars": "3"})
    ]
    assert warnings == [f"{source}: not UTF-8; read as Windows-1258 (Vietnamese)"]


def test_unicode_text_saved_by_excel_is_read(tmp_path):
    content = "Tên sản phẩm\tChủ thể\tHạng sao\r\nMắm\tHTX Đông\t3\r\n"
    source = write(tmp_path, "list.txt", content.encode("utf-16"))

    rows, _ = read_all(source)

    assert rows == [(2, {"product_name": "Mắm", "producer": "HTX Đông", "stars": "3"})]


def test_reading_is_lazy(tmp_path):
    source = write(tmp_path, "list.csv", "\n".join([HEADER_VI, ROW_1, ROW_2]))

    with read_feed(source) as feed:
        rows = iter(feed)
        first = next(rows)

        assert isinstance(rows, Iterator)
        assert first[0] == 2


# --- XLSX -------------------------------------------------------------------------------------


def test_xlsx_with_title_rows_merged_cells_and_date_cells(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Phụ lục"
    sheet["A1"] = "ỦY BAN NHÂN DÂN TỈNH TRÀ VINH"
    sheet["A2"] = "DANH SÁCH SẢN PHẨM ĐẠT CHỨNG NHẬN OCOP"
    sheet.merge_cells("A2:H2")
    sheet.append([])
    sheet.append(
        ["STT", "Tên sản phẩm", "Chủ thể", "Nhóm", "Điểm", "Số sao", "Quyết định", "Ngày công nhận"]
    )
    sheet.append(
        [1, "Xoài cát", "HTX Tân Qui", "Thực phẩm", 78.5, 4, "2751/QĐ-UBND", date(2021, 11, 24)]
    )
    sheet.append([None] * 8)
    sheet.append(
        [2, "Mật ong", "Hộ Lò Văn A", "Thực phẩm", 65, 3, "2751/QĐ-UBND", datetime(2021, 11, 24)]
    )
    source = str(tmp_path / "list.xlsx")
    workbook.save(source)

    rows, warnings = read_all(source)

    assert rows == [
        (
            5,
            {
                "row_no": 1.0,
                "product_name": "Xoài cát",
                "producer": "HTX Tân Qui",
                "group": "Thực phẩm",
                "score": 78.5,
                "stars": 4.0,
                "decision_number": "2751/QĐ-UBND",
                "decision_date": date(2021, 11, 24),
            },
        ),
        (
            7,
            {
                "row_no": 2.0,
                "product_name": "Mật ong",
                "producer": "Hộ Lò Văn A",
                "group": "Thực phẩm",
                "score": 65.0,
                "stars": 3.0,
                "decision_number": "2751/QĐ-UBND",
                "decision_date": date(2021, 11, 24),
            },
        ),
    ]
    assert warnings == []


def test_xlsx_uses_the_first_sheet_that_has_a_header(tmp_path):
    workbook = Workbook()
    cover = workbook.active
    cover.title = "Tờ trình"
    cover["B3"] = "Kính gửi: Sở Nông nghiệp"
    products = workbook.create_sheet("Danh sách")
    products.append(["TT", "Sản phẩm", "Tên chủ thể", "Xếp hạng"])
    products.append([1, "Nón lá", "Tổ hợp tác Nón lá Huế", "3 sao"])
    source = str(tmp_path / "list.xlsx")
    workbook.save(source)

    with read_feed(source) as feed:
        rows = list(feed)
        sheet = feed.sheet

    assert sheet == "Danh sách"
    assert rows == [
        (
            2,
            {
                "row_no": 1.0,
                "product_name": "Nón lá",
                "producer": "Tổ hợp tác Nón lá Huế",
                "stars": "3 sao",
            },
        )
    ]


def test_xlsx_two_row_header_and_column_numbers_row(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH"])
    sheet.append(["STT", "Tên sản phẩm", "Chủ thể", "Quyết định công nhận", None, "Kết quả", None])
    sheet.append([None, None, None, "Số", "Ngày", "Điểm", "Hạng sao"])
    sheet.merge_cells("D2:E2")
    sheet.merge_cells("F2:G2")
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"])
    sheet.append([1, "Bánh pía", "Cơ sở Tân Huê Viên", "12/QĐ-UBND", "05/01/2022", 72, 4])
    source = str(tmp_path / "list.xlsx")
    workbook.save(source)

    rows, warnings = read_all(source)

    assert rows == [
        (
            5,
            {
                "row_no": 1.0,
                "product_name": "Bánh pía",
                "producer": "Cơ sở Tân Huê Viên",
                "decision_number": "12/QĐ-UBND",
                "decision_date": "05/01/2022",
                "score": 72.0,
                "stars": 4.0,
            },
        )
    ]
    assert warnings == []


# --- JSON -------------------------------------------------------------------------------------


def test_json_list_of_objects(tmp_path):
    items = [
        {
            "product_name": "Cà phê",
            "Chủ thể": "HTX Cầu Đất",
            "stars": 4,
            "image_urls": ["https://a.vn/1.jpg"],
        }
    ]
    source = write(tmp_path, "list.json", json.dumps(items, ensure_ascii=False))

    rows, warnings = read_all(source)

    assert rows == [
        (
            1,
            {
                "product_name": "Cà phê",
                "producer": "HTX Cầu Đất",
                "stars": 4,
                "image_urls": ["https://a.vn/1.jpg"],
            },
        )
    ]
    assert warnings == []


@pytest.mark.parametrize("key", ["rows", "products"])
def test_json_object_with_a_rows_or_products_list(tmp_path, key):
    document = {
        "province": "Lâm Đồng",
        key: [{"product_name": "Trà", "producer": "HTX X", "stars": "3", "màu": "xanh"}, {}],
    }
    source = write(tmp_path, "list.json", json.dumps(document, ensure_ascii=False))

    rows, warnings = read_all(source)

    assert rows == [(1, {"product_name": "Trà", "producer": "HTX X", "stars": "3"})]
    assert warnings == ["keys ignored (not known, or named twice): 'màu'"]


# --- sources ----------------------------------------------------------------------------------


@respx.mock
def test_https_source_is_downloaded_following_redirects():
    body = "\n".join([HEADER_VI, ROW_1]).encode()
    respx.get("https://ocop.angiang.gov.vn/list").mock(
        return_value=httpx.Response(
            302, headers={"location": "https://files.angiang.gov.vn/ds.csv"}
        )
    )
    respx.get("https://files.angiang.gov.vn/ds.csv").mock(
        return_value=httpx.Response(200, content=body)
    )

    rows, _ = read_all("https://ocop.angiang.gov.vn/list")

    assert [(number, values["product_name"]) for number, values in rows] == [
        (2, "Xoài cát Hòa Lộc")
    ]


@respx.mock
def test_https_source_format_comes_from_the_url_path_not_the_query():
    respx.get("https://x.vn/ds.json").mock(
        return_value=httpx.Response(200, json=[{"product_name": "A", "producer": "B", "stars": 3}])
    )

    rows, _ = read_all("https://x.vn/ds.json?v=2")

    assert rows == [(1, {"product_name": "A", "producer": "B", "stars": 3})]


@respx.mock
def test_https_error_status_is_a_feed_error():
    respx.get("https://x.vn/missing.csv").mock(return_value=httpx.Response(404))

    with pytest.raises(
        FeedError, match=r"^https://x.vn/missing.csv: the server answered HTTP 404$"
    ):
        open_source("https://x.vn/missing.csv")


@respx.mock
def test_https_download_larger_than_the_limit_is_refused():
    respx.get("https://x.vn/big.csv").mock(return_value=httpx.Response(200, content=b"x" * 2048))

    with pytest.raises(
        FeedError, match=r"^https://x.vn/big.csv: the file is larger than the 1024 bytes allowed$"
    ):
        open_source("https://x.vn/big.csv", max_bytes=1024)


@respx.mock
def test_https_network_failure_is_a_feed_error():
    respx.get("https://x.vn/ds.csv").mock(side_effect=httpx.ConnectTimeout("timed out"))

    with pytest.raises(
        FeedError, match=r"^https://x.vn/ds.csv: download failed \(ConnectTimeout: timed out\)$"
    ):
        open_source("https://x.vn/ds.csv")


def test_plain_http_is_refused():
    with pytest.raises(FeedError, match="plain http is refused"):
        open_source("http://x.vn/ds.csv")


@pytest.fixture
def s3_bucket(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="ocop-feeds")
        yield client


def test_s3_source_is_read_with_get_object(s3_bucket):
    body = "\n".join([HEADER_VI, ROW_1, ROW_2]).encode()
    s3_bucket.put_object(Bucket="ocop-feeds", Key="an-giang/2021/ds.csv", Body=body)

    rows, _ = read_all("s3://ocop-feeds/an-giang/2021/ds.csv")

    assert [(number, values["product_name"]) for number, values in rows] == [
        (2, "Xoài cát Hòa Lộc"),
        (3, "Mật ong rừng"),
    ]


def test_s3_missing_key_is_a_feed_error(s3_bucket):
    with pytest.raises(FeedError, match=r"^s3://ocop-feeds/nope.csv: no such object$"):
        read_feed("s3://ocop-feeds/nope.csv")


def test_s3_missing_bucket_is_a_feed_error(s3_bucket):
    with pytest.raises(FeedError, match=r"^s3://no-bucket/ds.csv: no such bucket$"):
        read_feed("s3://no-bucket/ds.csv")


# --- feeds that cannot be read ----------------------------------------------------------------


def test_missing_file_is_a_feed_error(tmp_path):
    missing = str(tmp_path / "nope.csv")

    with pytest.raises(FeedError, match=f"^{missing}: no such file$"):
        read_feed(missing)


def test_file_without_a_recognisable_header_is_a_feed_error(tmp_path):
    source = write(tmp_path, "list.csv", "a,b,c\n1,2,3\n")

    with pytest.raises(FeedError, match="no header row found in the first 15 rows"):
        read_feed(source)


def test_csv_read_as_xlsx_is_a_feed_error(tmp_path):
    source = write(tmp_path, "list.csv", "\n".join([HEADER_VI, ROW_1]))

    with pytest.raises(FeedError, match="not a readable Excel workbook"):
        read_feed(source, fmt="xlsx")


def test_workbook_named_csv_is_read_as_a_workbook(tmp_path):
    workbook = Workbook()
    workbook.active.append(["Tên sản phẩm", "Chủ thể", "Hạng sao"])
    workbook.active.append(["Bưởi", "HTX Năm Roi", 4])
    source = str(tmp_path / "renamed.csv")
    workbook.save(source)

    rows, _ = read_all(source)

    assert rows == [(2, {"product_name": "Bưởi", "producer": "HTX Năm Roi", "stars": 4.0})]


def test_unknown_format_is_a_feed_error(tmp_path):
    source = write(tmp_path, "list.csv", "x")

    with pytest.raises(FeedError, match="unknown format 'pdf'"):
        read_feed(source, fmt="pdf")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"items_of_list": []}', "expected a JSON list of objects"),
        ('[{"product_name": "A"}, "B"]', "item 2 of the list is not an object"),
    ],
)
def test_json_of_the_wrong_shape_is_a_feed_error(tmp_path, content, message):
    source = write(tmp_path, "list.json", content)

    with pytest.raises(FeedError, match=message), read_feed(source) as feed:
        list(feed)


@pytest.mark.parametrize(
    ("source", "head", "fmt"),
    [
        ("ds.CSV", b"STT", "csv"),
        ("https://x.vn/a/ds.xlsx?x=1", b"PK\x03\x04", "xlsx"),
        ("s3://b/ds.json", b"[", "json"),
        ("https://x.vn/export", b"PK\x03\x04", "xlsx"),
        ("https://x.vn/export", b'\xef\xbb\xbf {"rows"', "json"),
        ("https://x.vn/export", b"STT,Ten", "csv"),
        ("ds.csv", b"PK\x03\x04", "xlsx"),
    ],
)
def test_detect_format_from_extension_then_content(source, head, fmt):
    assert detect_format(source, head) == fmt
