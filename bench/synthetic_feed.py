"""Synthetic official OCOP lists for benchmarks and manual tests: realistic, a little messy.

``write_feed(path, n_rows, fmt="csv" | "xlsx", seed=0)`` writes a list with Vietnamese headers
and title rows above the header, as provinces publish them. About 2% of the rows are refused
by the validator (stars 0–2, impossible or future dates, unknown groups, duplicates), and more
are messy but valid (trailing spaces, producer names that include the address, "4 sao",
"tiềm năng 5 sao", re-ratings of the same product under a later decision).
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

HEADERS = [
    "STT",
    "Tên sản phẩm",
    "Mã sản phẩm",
    "Chủ thể",
    "Địa chỉ",
    "Tỉnh",
    "Nhóm sản phẩm",
    "Phân nhóm",
    "Điểm",
    "Hạng sao",
    "Số quyết định",
    "Ngày quyết định",
    "Giá bán",
    "Khối lượng",
    "Ghi chú",
]
TITLE_ROWS = [
    ["ỦY BAN NHÂN DÂN"],
    ["DANH SÁCH SẢN PHẨM ĐƯỢC CÔNG NHẬN ĐẠT TIÊU CHUẨN OCOP"],
    ["(Kèm theo Quyết định của Ủy ban nhân dân tỉnh)"],
]

PROVINCES = [
    "An Giang", "Bắc Giang", "Bến Tre", "Bình Định", "Cao Bằng", "Cần Thơ", "Đắk Lắk",
    "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hòa Bình",
    "Kiên Giang", "Lạng Sơn", "Lâm Đồng", "Lào Cai", "Nghệ An", "Ninh Bình", "Phú Thọ",
    "Quảng Nam", "Quảng Ninh", "Sóc Trăng", "Sơn La", "Thái Nguyên", "Thanh Hóa",
    "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Yên Bái",
]  # fmt: skip
PLACE_WORDS = [
    "An", "Bình", "Phú", "Tân", "Hòa", "Long", "Mỹ", "Thạnh", "Đông", "Tây", "Nam", "Bắc",
    "Vĩnh", "Phước", "Hưng", "Lợi", "Thuận", "Xuân", "Hải", "Sơn", "Lộc", "Trung", "Châu",
]  # fmt: skip
PERSON_NAMES = [
    "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em",
    "Võ Thị Hoa", "Đặng Văn Hùng", "Bùi Thị Lan", "Lò Văn Mạnh", "Hà Thị Ngọc",
]  # fmt: skip
PRODUCTS = {
    "Thực phẩm": [
        ("Xoài cát", "Rau, củ, quả, hạt tươi"), ("Bưởi da xanh", "Rau, củ, quả, hạt tươi"),
        ("Mật ong rừng", "Thực phẩm thô, sơ chế"), ("Khô cá lóc", "Thực phẩm chế biến"),
        ("Bánh pía", "Thực phẩm chế biến"), ("Gạo thơm", "Thực phẩm thô, sơ chế"),
        ("Nước mắm", "Gia vị"), ("Chả cá", "Thực phẩm chế biến"), ("Mắm tôm", "Gia vị"),
        ("Lạp xưởng", "Thực phẩm chế biến"), ("Chuối sấy", "Thực phẩm chế biến"),
    ],
    "Đồ uống": [
        ("Trà shan tuyết", "Chè"), ("Cà phê rang xay", "Cà phê, ca cao"),
        ("Rượu nếp", "Đồ uống có cồn"), ("Nước cốt dừa", "Đồ uống không cồn"),
    ],
    "Dược liệu và sản phẩm từ dược liệu": [
        ("Tinh dầu sả", "Mỹ phẩm từ dược liệu"), ("Cao atiso", "Thực phẩm chức năng"),
        ("Trà gừng", "Thuốc dược liệu"),
    ],
    "Thủ công mỹ nghệ": [
        ("Nón lá", "Đồ gia dụng"), ("Giỏ mây tre đan", "Đồ gia dụng"), ("Bình gốm", "Trang trí"),
    ],
    "Sinh vật cảnh": [("Mai vàng", "Hoa"), ("Lan rừng", "Hoa")],
    "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch": [
        ("Du lịch cộng đồng bản", "Du lịch cộng đồng"), ("Điểm du lịch sinh thái", "Điểm du lịch"),
    ],
}  # fmt: skip
PRODUCER_FORMS = [
    "HTX Nông nghiệp {place}", "Hợp tác xã {place}", "Công ty TNHH {place} Xanh",
    "Công ty CP Thực phẩm {place}", "Hộ kinh doanh {person}", "Hộ SXKD {person}",
    "Cơ sở sản xuất {person}", "Tổ hợp tác {place}", "DNTN {place}",
]  # fmt: skip
PROGRAMME_START = date(2018, 5, 7)

FeedFormat = Literal["csv", "xlsx"]


@dataclass(frozen=True)
class FeedStats:
    """What was written, so a benchmark can check the validator's counts."""

    rows: int
    refused: int  # rows the validator should refuse (invalid, not certified, duplicate)
    messy: int  # rows that are messy but valid


def write_feed(path: str | Path, n_rows: int, fmt: FeedFormat = "csv", seed: int = 0) -> FeedStats:
    """Write a synthetic list of ``n_rows`` products as CSV (UTF-8 with BOM) or XLSX."""
    rows = list(_rows(n_rows, random.Random(seed)))
    refused = sum(1 for row in rows if row.refused)
    messy = sum(1 for row in rows if row.messy)
    cells = [row.cells for row in rows]
    if fmt == "csv":
        _write_csv(Path(path), cells)
    elif fmt == "xlsx":
        _write_xlsx(Path(path), cells)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return FeedStats(rows=n_rows, refused=refused, messy=messy)


@dataclass
class _Row:
    cells: list[object]
    refused: bool = False
    messy: bool = False


def _rows(n_rows: int, rng: random.Random) -> Iterator[_Row]:
    written: list[list[object]] = []
    for number in range(1, n_rows + 1):
        roll = rng.random()
        if roll < 0.004 and written:  # the same row twice
            cells = list(rng.choice(written))
            cells[0] = number
            yield _Row(cells, refused=True)
            continue
        if roll < 0.02 and written:  # re-rated under a later decision
            cells = list(rng.choice(written))
            cells[0] = number
            cells[9] = rng.choice([3, 4])
            cells[10] = f"{rng.randint(1, 9999)}/QĐ-UBND-TL"  # never the first decision's number
            cells[11] = _later(cells[11], rng)
            yield _Row(cells, messy=True)
            continue
        row = _fresh_row(number, rng)
        if not row.refused:
            written.append(row.cells)
        yield row


def _fresh_row(number: int, rng: random.Random) -> _Row:
    province = rng.choice(PROVINCES)
    district = f"huyện {rng.choice(PLACE_WORDS)} {rng.choice(PLACE_WORDS)}"
    commune = f"xã {rng.choice(PLACE_WORDS)} {rng.choice(PLACE_WORDS)}"
    place = f"{rng.choice(PLACE_WORDS)} {rng.choice(PLACE_WORDS)} {rng.randint(1, 999)}"
    producer = rng.choice(PRODUCER_FORMS).format(place=place, person=rng.choice(PERSON_NAMES))
    group = rng.choice(list(PRODUCTS))
    product, subgroup = rng.choice(PRODUCTS[group])
    name = f"{product} {rng.choice(PLACE_WORDS)} {rng.randint(1, 9999)}"
    stars = rng.choices([3, 4, 5], weights=[60, 38, 2])[0]
    score = {3: rng.uniform(50, 69.9), 4: rng.uniform(70, 89.9), 5: rng.uniform(90, 99)}[stars]
    decided_on = PROGRAMME_START + timedelta(days=rng.randint(30, 2400))
    address = f"{commune}, {district}, tỉnh {province}"
    cells: list[object] = [
        number,
        name,
        "",
        producer,
        address,
        province,
        group,
        subgroup,
        round(score, 1),
        stars,
        f"{rng.randint(1, 9999)}/QĐ-UBND",
        decided_on,
        rng.randrange(20_000, 900_000, 5_000),
        rng.choice([250, 500, 1000, "500 g", "1 kg"]),
        "",
    ]
    row = _Row(cells)
    roll = rng.random()
    if roll < 0.016:
        _break(cells, rng)
        row.refused = True
    elif roll < 0.15:
        _mess_up(cells, rng)
        row.messy = True
    return row


def _break(cells: list[object], rng: random.Random) -> None:
    """Make a row the validator must refuse."""
    fault = rng.randrange(5)
    if fault == 0:
        cells[9] = rng.choice([0, 1, 2])
    elif fault == 1:
        cells[11] = "31/02/2021"
    elif fault == 2:
        cells[11] = date.today() + timedelta(days=rng.randint(10, 300))
    elif fault == 3:
        cells[6] = "Điện tử"
    else:
        cells[1] = ""


def _mess_up(cells: list[object], rng: random.Random) -> None:
    """Make a row messy in ways official lists are, but still valid."""
    mess = rng.randrange(6)
    if mess == 0:
        cells[1] = f"  {cells[1]}\u00a0 "
    elif mess == 1:
        cells[3] = f"{cells[3]}, {cells[4]}"
        cells[4] = ""
    elif mess == 2:
        cells[9] = f"{cells[9]} sao"
    elif mess == 3 and cells[9] == 4:
        cells[14] = "Tiềm năng 5 sao"
    elif mess == 4:
        cells[12] = f"{cells[12]:,}".replace(",", ".") + " đ"
    else:
        cells[6] = str(cells[6]).upper()


def _later(decided_on: object, rng: random.Random) -> object:
    if isinstance(decided_on, date):
        return min(decided_on + timedelta(days=rng.randint(400, 1200)), date(2025, 6, 30))
    return decided_on


def _as_text(cell: object) -> str:
    if isinstance(cell, date):
        return f"{cell:%d/%m/%Y}"
    return str(cell)


def _write_csv(path: Path, rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        for title in TITLE_ROWS:
            writer.writerow(title)
        writer.writerow(HEADERS)
        for row in rows:
            writer.writerow([_as_text(cell) for cell in row])


def _write_xlsx(path: Path, rows: list[list[object]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Phụ lục")
    for title in TITLE_ROWS:
        sheet.append(title)
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
