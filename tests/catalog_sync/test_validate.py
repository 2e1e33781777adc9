from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from catalog_sync.domain import (
    AddressScheme,
    FeedDefaults,
    FeedRow,
    OcopGroup,
    ProducerKind,
    RowError,
    Translation,
)
from catalog_sync.feeds import COLUMNS
from catalog_sync.validate import FeedError, parse_feed, parse_row, parse_source

TODAY = date(2025, 3, 1)
NO_DEFAULTS = FeedDefaults()


def raw(**overrides: object) -> dict[str, object]:
    """A valid raw row as a reader yields it; overrides replace (None removes) columns."""
    row: dict[str, object] = {
        "product_name": "Xoài cát Hòa Lộc",
        "producer": "HTX Tân Qui",
        "province": "Trà Vinh",
        "group": "Thực phẩm",
        "stars": "4",
        "decision_number": "2751/QĐ-UBND",
        "decision_date": "24/11/2021",
    }
    row.update(overrides)
    return {column: value for column, value in row.items() if value is not None}


def one(row: dict[str, object], defaults: FeedDefaults = NO_DEFAULTS) -> FeedRow | RowError:
    return parse_row(7, row, defaults=defaults, today=TODAY)


# --- a good row -------------------------------------------------------------------------------


def test_a_complete_row_becomes_a_feed_row():
    row = raw(
        row_no="1",
        product_name=" Xoài  cát\u00a0Hòa Lộc ",
        product_code="",
        producer="HTX Tân Qui, xã An Phú Tân, huyện Cầu Kè, tỉnh Trà Vinh",
        province=None,
        subgroup="Rau, củ, quả, hạt tươi",
        score="78,5",
        valid_until="24/11/2024",
        issuing_authority="UBND tỉnh Trà Vinh",
        price="150.000 đ",
        weight_grams="1 kg",
        description="Xoài chín cây",
        image_urls="https://a.vn/1.jpg; https://a.vn/2.jpg",
        name_en="Hoa Loc mango",
        description_en="Tree-ripened",
        name_fr="Mangue Hoa Loc",
    )

    result = one(row)

    assert result == FeedRow(
        row_number=7,
        product_key="tra vinh|htx tan qui|xoai cat hoa loc",
        product_name="Xoài cát Hòa Lộc",
        producer_name="HTX Tân Qui",
        producer_kind=ProducerKind.COOPERATIVE,
        province="Trà Vinh",
        stars=4,
        decision_number="2751/QĐ-UBND",
        decided_on=date(2021, 11, 24),
        group=OcopGroup.FOOD,
        subgroup="Rau, củ, quả, hạt tươi",
        product_code="",
        commune="xã An Phú Tân",
        district="huyện Cầu Kè",
        address_scheme=AddressScheme.PRE_2025,
        score=Decimal("78.5"),
        valid_until=date(2024, 11, 24),
        issuing_authority="UBND tỉnh Trà Vinh",
        price=Decimal(150000),
        weight_grams=1000,
        description="Xoài chín cây",
        image_urls=("https://a.vn/1.jpg", "https://a.vn/2.jpg"),
        translations={
            "en": Translation(name="Hoa Loc mango", description="Tree-ripened"),
            "fr": Translation(name="Mangue Hoa Loc"),
        },
    )


def test_without_a_district_the_address_follows_the_2025_scheme():
    result = one(raw(commune="Phường Long Châu", province="Vĩnh Long"))

    assert isinstance(result, FeedRow)
    assert (result.commune, result.district, result.province) == (
        "Phường Long Châu",
        "",
        "Vĩnh Long",
    )
    assert result.address_scheme == AddressScheme.POST_2025


def test_province_and_decision_come_from_the_defaults_when_the_row_has_none():
    defaults = FeedDefaults(
        province="Tỉnh An Giang",
        decision_number="1234/QĐ-UBND",
        decided_on=date(2023, 6, 1),
        issuing_authority="UBND tỉnh An Giang",
    )

    result = one(raw(province=None, decision_number=None, decision_date=None), defaults)

    assert isinstance(result, FeedRow)
    assert result.province == "An Giang"
    assert (result.decision_number, result.decided_on) == ("1234/QĐ-UBND", date(2023, 6, 1))
    assert result.issuing_authority == "UBND tỉnh An Giang"


def test_the_rows_own_province_and_decision_win_over_the_defaults():
    defaults = FeedDefaults(
        province="An Giang", decision_number="1/QĐ", decided_on=date(2023, 1, 1)
    )

    result = one(raw(), defaults)

    assert isinstance(result, FeedRow)
    assert (result.province, result.decision_number, result.decided_on) == (
        "Trà Vinh",
        "2751/QĐ-UBND",
        date(2021, 11, 24),
    )


def test_a_decision_date_written_in_the_decision_cell_is_used():
    result = one(raw(decision_number="QĐ số 2751/QĐ-UBND ngày 24/11/2021", decision_date=None))

    assert isinstance(result, FeedRow)
    assert (result.decision_number, result.decided_on) == ("2751/QĐ-UBND", date(2021, 11, 24))


def test_four_stars_marked_potential_five_stay_four():
    in_the_stars_cell = one(raw(stars="4 sao (tiềm năng 5 sao)"))
    in_a_note = one(raw(stars="4", note="Tiềm năng 5 sao"))

    assert isinstance(in_the_stars_cell, FeedRow)
    assert isinstance(in_a_note, FeedRow)
    assert (in_the_stars_cell.stars, in_a_note.stars) == (4, 4)


def test_the_stated_producer_kind_wins_and_the_name_decides_otherwise():
    stated = one(raw(producer="Nguyễn Văn A", producer_kind="Hộ kinh doanh"))
    from_name = one(raw(producer="Cty TNHH Hoa Sen", producer_kind="không rõ"))

    assert isinstance(stated, FeedRow)
    assert isinstance(from_name, FeedRow)
    assert (stated.producer_kind, from_name.producer_kind) == (
        ProducerKind.HOUSEHOLD,
        ProducerKind.COMPANY,
    )


def test_a_validity_period_counts_from_the_decision():
    result = one(raw(decision_date="31/01/2022", valid_until="36 tháng"))

    assert isinstance(result, FeedRow)
    assert result.valid_until == date(2025, 1, 30)  # the last valid day, as for 36 months unstated


def test_the_product_code_is_the_key_when_given():
    result = one(raw(product_code="84-840-00123-5-2021"))

    assert isinstance(result, FeedRow)
    assert result.product_key == "84-840-00123-5-2021"


def test_spreadsheet_numbers_and_dates_are_understood():
    result = one(raw(stars=5.0, score=92.0, decision_date=date(2022, 3, 4), group=2, price=45000.0))

    assert isinstance(result, FeedRow)
    assert (result.stars, result.score, result.decided_on, result.group, result.price) == (
        5,
        Decimal(92),
        date(2022, 3, 4),
        OcopGroup.BEVERAGES,
        Decimal(45000),
    )


# --- rows refused -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "column", "reason"),
    [
        ({"product_name": "  "}, "product_name", "no product name"),
        ({"product_name": None}, "product_name", "no product name"),
        ({"producer": None}, "producer", "no producer"),
        ({"stars": None}, "stars", "no stars"),
        ({"stars": "nhiều"}, "stars", "'nhiều' is not a number of stars"),
        ({"stars": "6"}, "stars", "6 stars: the most is 5"),
        ({"group": "Điện tử"}, "group", "'Điện tử' is not an OCOP product group"),
        (
            {"decision_number": None},
            "decision_number",
            "no decision number: give it in the list or as the default for the whole list",
        ),
        (
            {"decision_date": None},
            "decision_date",
            "no decision date: give it in the list or as the default for the whole list",
        ),
        ({"decision_date": "31/02/2021"}, "decision_date", "'31/02/2021' is not a real date"),
        (
            {"decision_date": "02/03/2025"},
            "decision_date",
            "decision date 02/03/2025 is in the future (today is 01/03/2025)",
        ),
        (
            {"decision_date": "15/12/2017"},
            "decision_date",
            "decision date 15/12/2017 is before the OCOP programme started (7 May 2018, Decision 490/QĐ-TTg)",
        ),
        (
            {"valid_until": "01/01/2021"},
            "valid_until",
            "valid until 01/01/2021, before the decision date 24/11/2021",
        ),
        ({"score": "tám mươi"}, "score", "'tám mươi' is not a score"),
        ({"score": "850"}, "score", "score 850 is not between 0 and 100"),
        ({"price": "0"}, "price", "price '0' is not a positive number"),
        ({"price": "-5.000"}, "price", "price '-5.000' is not a positive number"),
        ({"price": "liên hệ"}, "price", "price 'liên hệ' is not a positive number"),
        (
            {"weight_grams": "2 lít"},
            "weight_grams",
            "'2 lít' is not a weight in grams or kilograms",
        ),
        (
            {"image_urls": "anh1.jpg"},
            "image_urls",
            "'anh1.jpg' is a file path, but this list was not read from a folder: "
            "give the photo's http(s) address",
        ),
        (
            {"image_urls": "ftp://a.vn/anh1.jpg"},
            "image_urls",
            "'ftp://a.vn/anh1.jpg' is not an http(s) address of an image",
        ),
    ],
)
def test_invalid_rows_name_the_column_and_the_reason(overrides, column, reason):
    assert one(raw(**overrides)) == RowError(7, reason, column=column, kind="invalid")


@pytest.mark.parametrize("stars", ["0", "2", 1.0, "2 sao"])
def test_rows_rated_below_three_stars_are_not_certified(stars):
    result = one(raw(stars=stars))

    assert isinstance(result, RowError)
    assert result.kind == "not_certified"
    assert result.column == "stars"
    assert (
        result.reason
        == f"rated {int(float(str(stars).split()[0]))} stars: not certified (3 stars or more)"
    )


def test_parse_feed_drops_duplicates_naming_the_first_row_and_keeps_re_ratings():
    rows = [
        (2, raw()),
        (3, raw(product_name="Xoài cát Hòa Lộc ", producer="htx tan qui")),  # the same row again
        (4, raw(stars="3", decision_number="88/QĐ-UBND", decision_date="05/05/2024")),  # re-rated
        (5, raw(product_name="Mật ong")),
    ]

    parsed = parse_feed(rows, defaults=NO_DEFAULTS, today=TODAY)

    assert [(row.row_number, row.stars, row.decision_number) for row in parsed.rows] == [
        (2, 4, "2751/QĐ-UBND"),
        (4, 3, "88/QĐ-UBND"),
        (5, 4, "2751/QĐ-UBND"),
    ]
    assert parsed.errors == [
        RowError(
            3, "duplicate of row 2 (same product, same decision 2751/QĐ-UBND)", kind="duplicate"
        )
    ]
    assert parsed.counts == {
        "read": 4,
        "accepted": 3,
        "invalid": 0,
        "not_certified": 0,
        "duplicate": 1,
        "group_given": 3,
        "group_inferred": 0,
        "group_unclassified": 0,
    }


def test_parse_feed_warns_when_scores_do_not_match_the_stars():
    rows = [(2, raw(score="95", stars="4")), (3, raw(product_name="B", score="75", stars="4"))]

    parsed = parse_feed(rows, defaults=NO_DEFAULTS, today=TODAY)

    assert len(parsed.rows) == 2
    assert parsed.warnings == [
        "score does not match the stars (3★ 50–69, 4★ 70–89, 5★ 90–100) on rows 2"
    ]


# --- from a file ------------------------------------------------------------------------------


MESSY_CSV = """\
ỦY BAN NHÂN DÂN TỈNH TRÀ VINH;;;;;;;;
PHỤ LỤC: DANH SÁCH SẢN PHẨM OCOP;;;;;;;;
stt;TEN SAN PHAM ;  Chủ  thể ;Nhom;Diem;Hang sao;So quyet dinh;Ngay quyet dinh;Giá bán
1;Xoài cát Hòa Lộc  ;HTX Tân Qui, xã An Phú Tân, huyện Cầu Kè;Thực phẩm;78;4;2751/QĐ-UBND;24/11/2021;150.000
2;Mật ong;Hộ kinh doanh Lò Văn A;Thực phẩm;45;2;2751/QĐ-UBND;24/11/2021;
3;Chuối sấy;Cơ sở Tư Hai;Thực phẩm;20;0;2751/QĐ-UBND;24/11/2021;
;;;;;;;;
4;Xoài cát Hòa Lộc;HTX Tân Qui;Thực phẩm;78;4;2751/QĐ-UBND;24/11/2021;
5;Xoài cát Hòa Lộc;HTX Tân Qui;thực phẩm;65;3;105/QĐ-UBND;10/01/2025;
6;Rượu dừa;Công ty TNHH Sáu Dừa;Đồ uống;80;4;2751/QĐ-UBND;15/04/2025;
7;Khô cá lóc;HTX Long Hòa;Thực phẩm;72;4;2751/QĐ-UBND;31/02/2021;
8;Bình gốm;Tổ hợp tác Gốm đỏ;Điện tử;70;4;2751/QĐ-UBND;24/11/2021;
9;Tinh dầu sả;HTX Sả Trà Cú;Dược liệu;88;4;2751/QĐ-UBND;24/11/2021;lien he
"""


def test_parse_source_reports_every_messy_row_with_its_spreadsheet_row_number(tmp_path):
    source = tmp_path / "tra-vinh.csv"
    source.write_text("\ufeff" + MESSY_CSV, encoding="utf-8")

    parsed = parse_source(str(source), defaults=FeedDefaults(province="Trà Vinh"), today=TODAY)

    assert [(row.row_number, row.product_name, row.stars) for row in parsed.rows] == [
        (4, "Xoài cát Hòa Lộc", 4),
        (9, "Xoài cát Hòa Lộc", 3),
    ]
    assert parsed.rows[0].producer_name == "HTX Tân Qui"
    assert (parsed.rows[0].commune, parsed.rows[0].district) == ("xã An Phú Tân", "huyện Cầu Kè")
    assert parsed.rows[0].price == Decimal(150000)
    assert parsed.rows[0].product_key == parsed.rows[1].product_key
    assert [str(error) for error in parsed.errors] == [
        "row 5, column stars: rated 2 stars: not certified (3 stars or more)",
        "row 6, column stars: rated 0 stars: not certified (3 stars or more)",
        "row 8: duplicate of row 4 (same product, same decision 2751/QĐ-UBND)",
        "row 10, column decision_date: decision date 15/04/2025 is in the future (today is 01/03/2025)",
        "row 11, column decision_date: '31/02/2021' is not a real date",
        "row 12, column group: 'Điện tử' is not an OCOP product group",
        "row 13, column price: price 'lien he' is not a positive number",
    ]
    assert parsed.counts == {
        "read": 9,
        "accepted": 2,
        "invalid": 4,
        "not_certified": 2,
        "duplicate": 1,
        "group_given": 2,
        "group_inferred": 0,
        "group_unclassified": 0,
    }
    assert parsed.source == str(source)


def test_parse_source_reads_an_xlsx_appendix(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["QUYẾT ĐỊNH SỐ 2751/QĐ-UBND"])
    sheet.append(["Danh sách sản phẩm"])
    sheet.append(["STT", "Tên sản phẩm", "Tên chủ thể", "Địa chỉ", "Nhóm", "Số sao", "Ghi chú"])
    sheet.append(
        [1, "Bánh tét lá cẩm", "Cơ sở Út Hiền", "xã Hòa Ân, huyện Cầu Kè", "Thực phẩm", 3, None]
    )
    sheet.append([2, "Nước mắm", "Công ty CP Cửu Long", "phường 1", "Đồ uống", 5, "Ghi chú riêng"])
    source = tmp_path / "tra-vinh.xlsx"
    workbook.save(source)
    defaults = FeedDefaults(
        province="Trà Vinh", decision_number="2751/QĐ-UBND", decided_on=date(2021, 11, 24)
    )

    parsed = parse_source(str(source), defaults=defaults, today=TODAY)

    assert [
        (
            row.row_number,
            row.product_name,
            row.producer_kind,
            row.commune,
            row.district,
            row.stars,
            row.group,
        )
        for row in parsed.rows
    ] == [
        (
            4,
            "Bánh tét lá cẩm",
            ProducerKind.HOUSEHOLD,
            "xã Hòa Ân",
            "huyện Cầu Kè",
            3,
            OcopGroup.FOOD,
        ),
        (5, "Nước mắm", ProducerKind.COMPANY, "phường 1", "", 5, OcopGroup.BEVERAGES),
    ]
    assert parsed.errors == []
    assert parsed.warnings == []


def test_parse_source_of_an_unreadable_feed_raises_feed_error(tmp_path):
    with pytest.raises(FeedError, match="no such file"):
        parse_source(str(Path(tmp_path) / "nope.xlsx"), defaults=NO_DEFAULTS, today=TODAY)


# --- never raising for bad data ---------------------------------------------------------------

KNOWN_COLUMNS = sorted([*COLUMNS, "name_en", "description_en", "name_fr", "description_fr"])
cell_values = st.one_of(
    st.text(),
    st.text(alphabet="0123456789 ./-,:sao★ngàythángnăm"),
    st.sampled_from(
        ["4", "2", "Thực phẩm", "24/11/2021", "2751/QĐ-UBND", "HTX A, xã B", "150.000"]
    ),
)
raw_rows = st.dictionaries(st.sampled_from(KNOWN_COLUMNS), cell_values)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(raw_rows, max_size=8), defaults_province=st.sampled_from(["", "An Giang"]))
def test_parse_feed_never_raises_and_accounts_for_every_row(rows, defaults_province):
    numbered = list(enumerate(rows, start=2))

    parsed = parse_feed(numbered, defaults=FeedDefaults(province=defaults_province), today=TODAY)

    assert parsed.rows_read == len(rows)
    assert len(parsed.rows) + len(parsed.errors) == len(rows)
    assert sorted(
        [row.row_number for row in parsed.rows] + [e.row_number for e in parsed.errors]
    ) == [number for number, _ in numbered]
    assert all(3 <= row.stars <= 5 for row in parsed.rows)


def test_prices_in_other_currencies_and_stock_are_read_as_the_list_states_them():
    result = one(raw(price="185.000", price_usd="$7.50", price_eur="6,50 €", stock="1.200"))

    assert isinstance(result, FeedRow)
    assert result.price == Decimal("185000")
    assert result.prices == {"USD": Decimal("7.50"), "EUR": Decimal("6.50")}
    assert result.stock == 1200


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("price_usd", "7.505", "price '7.505' is not a positive amount in cents"),
        ("price_eur", "free", "price 'free' is not a number"),
        ("stock", "a few", "stock 'a few' is not a whole number of units"),
        ("stock", "-3", "stock '-3' is not a whole number of units"),
    ],
)
def test_a_bad_price_or_stock_rejects_the_row_with_its_column(column, value, reason):
    result = one(raw(**{column: value}))

    assert isinstance(result, RowError)
    assert result.column == column
    assert reason in result.reason
