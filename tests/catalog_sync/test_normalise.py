from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog_sync.domain import AddressScheme, OcopGroup, ProducerKind
from catalog_sync.normalise import (
    GROUP_KEYWORDS,
    address_scheme,
    clean_province,
    clean_text,
    find_province,
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
    product_key,
    split_decision,
    split_producer,
    split_urls,
)
from catalog_sync.provinces import (
    PROVINCES_BEFORE_2025,
    PROVINCES_NEW_IN_2025,
    PROVINCES_SINCE_2025,
)

# --- text -------------------------------------------------------------------------------------


def test_clean_text_composes_trims_and_collapses_every_kind_of_space():
    decomposed = unicodedata.normalize("NFD", "Xoài cát")

    cleaned = clean_text(f"\u00a0 {decomposed}\u200b \t\n Hòa\u202fLộc  ")

    assert cleaned == "Xoài cát Hòa Lộc"
    assert unicodedata.is_normalized("NFC", cleaned)


def test_clean_text_prints_whole_spreadsheet_numbers_without_decimals():
    assert clean_text(4.0) == "4"
    assert clean_text(4.5) == "4.5"
    assert clean_text(None) == ""


def test_matching_key_ignores_case_diacritics_d_stroke_and_punctuation():
    assert matching_key("Hợp tác xã  Đông-Hải") == "hop tac xa dong hai"
    assert matching_key("HOP TAC XA DONG HAI") == "hop tac xa dong hai"
    assert matching_key("  Tên sản phẩm (*) ") == "ten san pham"
    assert matching_key("Đặc sản\u00a0Ô MAI") == "dac san o mai"


@given(st.text())
def test_matching_key_is_idempotent(text):
    key = matching_key(text)

    assert matching_key(key) == key


@given(
    st.text(
        alphabet="abcdeghiklmnopqrstuvxyàáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ "
    )
)
def test_matching_key_ignores_vietnamese_diacritics_and_case(text):
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)
    ).replace("đ", "d")

    assert matching_key(text) == matching_key(stripped)
    assert matching_key(text.upper()) == matching_key(text)
    assert matching_key(unicodedata.normalize("NFD", text)) == matching_key(text)


def reference_key(text: str) -> str:
    """matching_key by its definition, step by step."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    bare = "".join(ch for ch in folded if not unicodedata.combining(ch)).replace("đ", "d")
    return " ".join(re.sub(r"[\W_]+", " ", bare).split())


@given(st.text())
def test_matching_key_quick_path_gives_the_key_by_definition(text):
    assert matching_key(text) == matching_key(reference_key(text))


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("24/11/2021", date(2021, 11, 24)),
        ("4/1/2021", date(2021, 1, 4)),
        ("24-11-2021", date(2021, 11, 24)),
        ("24.11.2021", date(2021, 11, 24)),
        (" 24 / 11 / 2021 ", date(2021, 11, 24)),
        ("2021-11-24", date(2021, 11, 24)),
        ("2021-11-24 00:00:00", date(2021, 11, 24)),
        ("24/11/21", date(2021, 11, 24)),
        ("ngày 24 tháng 11 năm 2021", date(2021, 11, 24)),
        (date(2021, 11, 24), date(2021, 11, 24)),
        (datetime(2021, 11, 24, 9, 30), date(2021, 11, 24)),
        (44524, date(2021, 11, 24)),
        (44524.0, date(2021, 11, 24)),
    ],
)
def test_parse_date_reads_vietnamese_iso_and_spreadsheet_dates(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2021", "'31/02/2021' is not a real date"),
        ("13/13/2021", "'13/13/2021' is not a real date"),
        ("tháng 11", "'tháng 11' is not a date (expected dd/mm/yyyy)"),
        ("", "the date is empty"),
        (-5, "-5 is not a date"),
    ],
)
def test_parse_date_refuses_what_is_not_a_date(value, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        parse_date(value)


# --- stars, score, price, weight --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (4, 4),
        (4.0, 4),
        ("4", 4),
        ("4.0", 4),
        ("4 sao", 4),
        ("4 Sao", 4),
        ("4★", 4),
        ("★★★★", 4),
        ("3*", 3),
        ("Bốn sao", 4),
        ("ba sao", 3),
        ("5 sao OCOP", 5),
        ("Hạng 4 sao", 4),
        ("4 sao (tiềm năng 5 sao)", 4),
        ("Tiềm năng 5 sao", 4),
        ("0", 0),
        ("2 sao", 2),
        ("6", 6),
    ],
)
def test_parse_stars_reads_digits_words_and_star_signs(value, expected):
    assert parse_stars(value) == expected


@pytest.mark.parametrize("value", ["", "4,5", 4.5, "-1", "nhiều sao", True])
def test_parse_stars_refuses_what_is_not_a_whole_number_of_stars(value):
    with pytest.raises(ValueError, match="stars"):
        parse_stars(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("85", Decimal("85")),
        ("85,5", Decimal("85.5")),
        ("85.5 điểm", Decimal("85.5")),
        (72.25, Decimal("72.25")),
    ],
)
def test_parse_score_reads_comma_or_dot_decimals(value, expected):
    assert parse_score(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("150.000", Decimal(150000)),
        ("150,000", Decimal(150000)),
        ("150000 đ", Decimal(150000)),
        ("150.000đ", Decimal(150000)),
        ("150.000 VNĐ/hộp", Decimal(150000)),
        ("1.250.000", Decimal(1250000)),
        ("1.250.000,50", Decimal("1250000.50")),
        ("99,5", Decimal("99.5")),
        (150000.0, Decimal(150000)),
        (150000, Decimal(150000)),
    ],
)
def test_parse_price_reads_vnd_with_any_thousands_separator(value, expected):
    assert parse_price(value) == expected


@pytest.mark.parametrize("value", ["liên hệ", "100.000 - 150.000", "1.5000", "1.2.3"])
def test_parse_price_refuses_what_is_not_one_price(value):
    with pytest.raises(ValueError, match="is not a price"):
        parse_price(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("500", 500),
        ("500 g", 500),
        ("500gr", 500),
        ("1.000 g", 1000),
        ("1 kg", 1000),
        ("1,5kg", 1500),
        (250.0, 250),
    ],
)
def test_parse_weight_grams_reads_grams_and_kilograms(value, expected):
    assert parse_weight_grams(value) == expected


def test_split_urls_splits_on_spaces_commas_semicolons_and_new_lines():
    cell = "https://a.vn/1.jpg, https://a.vn/2.jpg;https://a.vn/3.jpg\nhttps://a.vn/4.jpg  https://a.vn/5.jpg"

    assert split_urls(cell) == tuple(f"https://a.vn/{n}.jpg" for n in range(1, 6))
    assert split_urls(["https://a.vn/1.jpg", "https://a.vn/2.jpg"]) == (
        "https://a.vn/1.jpg",
        "https://a.vn/2.jpg",
    )
    assert split_urls(None) == ()


# --- producers, addresses, decisions ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HTX Tân Qui, xã An Phú Tân", ("HTX Tân Qui", "xã An Phú Tân")),
        ("Công ty TNHH ABC - ấp 3, xã X, huyện Y", ("Công ty TNHH ABC", "ấp 3, xã X, huyện Y")),
        ("Cơ sở Tư Hai (Số 5, đường Lê Lợi)", ("Cơ sở Tư Hai", "Số 5, đường Lê Lợi")),
        ("Cty Hoa Sen, 12 Nguyễn Trãi, TP. Vinh", ("Cty Hoa Sen", "12 Nguyễn Trãi, TP. Vinh")),
        ("HTX Xa Lo, xa Tan Hoi, huyen Cai Lay", ("HTX Xa Lo", "xa Tan Hoi, huyen Cai Lay")),
        ("HTX Đông Hải, Địa chỉ: thôn 3, xã Vĩnh Hải", ("HTX Đông Hải", "thôn 3, xã Vĩnh Hải")),
        ("Hộ kinh doanh Nguyễn Văn A", ("Hộ kinh doanh Nguyễn Văn A", "")),
        ("Công ty Bánh kẹo, Bán lẻ và Xuất khẩu", ("Công ty Bánh kẹo, Bán lẻ và Xuất khẩu", "")),
        ("HTX Hòa Bình, Tổ hợp tác Mây tre", ("HTX Hòa Bình, Tổ hợp tác Mây tre", "")),
    ],
)
def test_split_producer_splits_at_the_first_separator_that_opens_an_address(text, expected):
    assert split_producer(text) == expected


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("HTX Tân Qui", ProducerKind.COOPERATIVE),
        ("Hợp tác xã Nông nghiệp Đông Hải", ProducerKind.COOPERATIVE),
        ("HTXNN Tân Hội", ProducerKind.COOPERATIVE),
        ("Công ty TNHH ABC", ProducerKind.COMPANY),
        ("Cty CP Hoa Sen", ProducerKind.COMPANY),
        ("DNTN Ánh Dương", ProducerKind.COMPANY),
        ("Doanh nghiệp tư nhân Minh Phát", ProducerKind.COMPANY),
        ("Hộ kinh doanh Nguyễn Văn A", ProducerKind.HOUSEHOLD),
        ("Hộ SXKD Trần Thị B", ProducerKind.HOUSEHOLD),
        ("Hộ sản xuất Lê Văn C", ProducerKind.HOUSEHOLD),
        ("Cơ sở sản xuất Tư Hai", ProducerKind.HOUSEHOLD),
        ("Tổ hợp tác Mây tre đan", ProducerKind.COOPERATIVE_GROUP),
        ("THT Rau an toàn", ProducerKind.COOPERATIVE_GROUP),
        ("Hồ Văn Nam", ProducerKind.OTHER),
        ("cooperative_group", ProducerKind.COOPERATIVE_GROUP),
        ("UBND xã Tân Hội", ProducerKind.OTHER),
    ],
)
def test_producer_kind_comes_from_the_name_prefix(name, kind):
    assert producer_kind(name) == kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("xã A, huyện B, tỉnh C", ("xã A", "huyện B", "C")),
        (
            "ấp 3, xã An Phú, huyện Chợ Mới, tỉnh An Giang",
            ("xã An Phú", "huyện Chợ Mới", "An Giang"),
        ),
        (
            "xã Tân Hội, thành phố Cai Lậy, tỉnh Tiền Giang",
            ("xã Tân Hội", "thành phố Cai Lậy", "Tiền Giang"),
        ),
        ("phường 1, TP. Hồ Chí Minh", ("phường 1", "", "Hồ Chí Minh")),
        ("Phường Ba Đình, Hà Nội", ("Phường Ba Đình", "", "Hà Nội")),
        ("An Phú, Chợ Mới, An Giang", ("An Phú", "Chợ Mới", "An Giang")),
        ("Xã A - Huyện B - Tỉnh C", ("Xã A", "Huyện B", "C")),
        ("", ("", "", "")),
    ],
)
def test_parse_address_places_commune_district_and_province(text, expected):
    assert parse_address(text) == expected


def test_clean_province_drops_the_unit_word():
    assert clean_province("Tỉnh An Giang") == "An Giang"
    assert clean_province("TP. Hồ Chí Minh") == "Hồ Chí Minh"
    assert clean_province("thành phố Cần Thơ") == "Cần Thơ"
    assert clean_province("Thành phố") == "Thành phố"


def test_split_decision_separates_a_date_written_in_the_number_cell():
    assert split_decision("Quyết định số 2751/QĐ-UBND ngày 24/11/2021") == (
        "2751/QĐ-UBND",
        "24/11/2021",
    )
    assert split_decision("2751/QĐ-UBND") == ("2751/QĐ-UBND", "")


# --- groups -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "group"),
    [
        ("Thực phẩm", OcopGroup.FOOD),
        ("THUC PHAM", OcopGroup.FOOD),
        ("Nhóm 1: Thực phẩm", OcopGroup.FOOD),
        ("1. Thực phẩm", OcopGroup.FOOD),
        ("Nhóm thực phẩm", OcopGroup.FOOD),
        ("Đồ uống", OcopGroup.BEVERAGES),
        ("Dược liệu và sản phẩm từ dược liệu", OcopGroup.HERBS),
        ("Thảo dược", OcopGroup.HERBS),
        ("Nhóm 3 - Thảo dược", OcopGroup.HERBS),
        ("Thủ công mỹ nghệ", OcopGroup.HANDICRAFTS),
        ("Sinh vật cảnh", OcopGroup.ORNAMENTALS),
        ("Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", OcopGroup.TOURISM),
        ("Dịch vụ du lịch nông thôn và bán hàng", OcopGroup.TOURISM),
        ("Vải và may mặc", OcopGroup.TEXTILES),
        ("Lưu niệm - nội thất - trang trí", OcopGroup.SOUVENIRS),
        ("Beverages", OcopGroup.BEVERAGES),
        ("Handicrafts", OcopGroup.HANDICRAFTS),
        ("ornamentals", OcopGroup.ORNAMENTALS),
        ("souvenirs", OcopGroup.SOUVENIRS),
        (2, OcopGroup.BEVERAGES),
        (6.0, OcopGroup.TOURISM),
        ("5", OcopGroup.ORNAMENTALS),
        ("Nhóm 4", OcopGroup.HANDICRAFTS),
    ],
)
def test_parse_group_accepts_names_numbers_and_prefixes(value, group):
    assert parse_group(value) == group


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Điện tử", "'Điện tử' is not an OCOP product group"),
        ("7", "'7' is not an OCOP product group"),
        (7, "7 is not a group number (1 to 6)"),
    ],
)
def test_parse_group_refuses_unknown_groups_naming_the_text(value, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        parse_group(value)


# --- identity ---------------------------------------------------------------------------------


def test_product_key_ignores_case_diacritics_and_spacing():
    written_one_way = {
        "province": "An Giang",
        "producer": "HTX Tân Qui",
        "product_name": "Xoài  cát",
    }
    written_another = {
        "province": "AN GIANG",
        "producer": "htx tan qui",
        "product_name": "xoai cat ",
    }

    assert product_key(written_one_way) == "an giang|htx tan qui|xoai cat"
    assert product_key(written_another) == product_key(written_one_way)


def test_product_key_is_the_product_code_when_the_list_gives_one():
    row = {
        "product_code": " 83-832-28882-2-2022 ",
        "province": "Nghệ An",
        "producer": "X",
        "product_name": "Y",
    }

    assert product_key(row) == "83-832-28882-2-2022"


# --- provinces and addresses of real appendices -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Xã Hòa Tân, huyện Cầu Kè", ("Xã Hòa Tân", "huyện Cầu Kè", "")),
        ("Phường 4, TP Đà Lạt, Lâm Đồng", ("Phường 4", "TP Đà Lạt", "Lâm Đồng")),
        ("Phường 4, TP Đà Lạt", ("Phường 4", "TP Đà Lạt", "")),
        (
            "ấp 3, xã Long Hưng, huyện Châu Thành, tỉnh Tiền Giang",
            ("xã Long Hưng", "huyện Châu Thành", "Tiền Giang"),
        ),
        ("Thôn Yên Thượng, xã Đông Hải, Quảng Ninh", ("xã Đông Hải", "", "Quảng Ninh")),
        ("phường Bến Nghé, Thanh pho Ho Chi Minh", ("phường Bến Nghé", "", "Hồ Chí Minh")),
        ("xã Long Sơn, Bà Rịa - Vũng Tàu", ("xã Long Sơn", "", "Bà Rịa - Vũng Tàu")),
        ("xã Phú Mậu, huyện Phú Vang, tỉnh Thừa Thiên - Huế", ("xã Phú Mậu", "huyện Phú Vang", "Thừa Thiên Huế")),
        ("phường Thuận Hóa, thành phố Huế", ("phường Thuận Hóa", "", "Huế")),
        ("xã An Phú, Chợ Mới", ("xã An Phú", "Chợ Mới", "")),
        ("xa Tan Hoi, huyen Cai Lay, tinh Tien Giang", ("xa Tan Hoi", "huyen Cai Lay", "Tiền Giang")),
    ],
)  # fmt: skip
def test_parse_address_knows_the_63_and_the_34_provinces(text, expected):
    assert parse_address(text) == expected


@pytest.mark.parametrize(
    ("text", "province"),
    [
        ("TP Hồ Chí Minh", "Hồ Chí Minh"),
        ("Thành phố Hồ Chí Minh", "Hồ Chí Minh"),
        ("TP. HCM", "Hồ Chí Minh"),
        ("Hà Nội", "Hà Nội"),
        ("ha noi", "Hà Nội"),
        ("Bà Rịa Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("Tỉnh Thanh Hoá", "Thanh Hóa"),
        ("Thừa Thiên Huế", "Thừa Thiên Huế"),
        ("Huế", "Huế"),
        ("Dak Lak", "Đắk Lắk"),
        ("Đà Lạt", ""),
        ("Cầu Kè", ""),
    ],
)
def test_find_province_recognises_spellings_without_mapping_between_schemes(text, province):
    assert find_province(text) == province


def test_the_province_tables_hold_63_and_34_names():
    assert (len(set(PROVINCES_BEFORE_2025)), len(set(PROVINCES_SINCE_2025))) == (63, 34)
    assert set(PROVINCES_NEW_IN_2025) == {"Huế"}


@pytest.mark.parametrize(
    ("district", "province", "scheme"),
    [
        ("huyện Cầu Kè", "Trà Vinh", AddressScheme.PRE_2025),
        ("", "Tiền Giang", AddressScheme.PRE_2025),  # merged into Đồng Tháp in 2025
        ("", "Đồng Tháp", AddressScheme.POST_2025),
        ("", "Huế", AddressScheme.POST_2025),
        ("", "", AddressScheme.POST_2025),
    ],
)
def test_address_scheme_follows_the_district_and_the_province(district, province, scheme):
    assert address_scheme(district, province) == scheme


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Doanh nghiệp X, xã Thông Hòa", ("Doanh nghiệp X", "xã Thông Hòa")),
        ("HTX Y - ấp 2, xã Z", ("HTX Y", "ấp 2, xã Z")),
        ("Tổ hợp tác Bưởi Phong Phú ", ("Tổ hợp tác Bưởi Phong Phú", "")),
    ],
)
def test_split_producer_on_real_appendix_cells(text, expected):
    assert split_producer(text) == expected


def test_clean_text_drops_nul_and_control_characters():
    assert clean_text("Trà\x00 mãng\x07cầu\x1f") == "Trà mãng cầu"


# --- group inference --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("Trà hoa vàng Ba Chẽ", OcopGroup.BEVERAGES),
        ("Chè Shan tuyết", OcopGroup.BEVERAGES),
        ("Cà phê Robusta Cầu Đất", OcopGroup.BEVERAGES),
        ("ca phe bot", OcopGroup.BEVERAGES),
        ("Rượu sâm Ngọc Linh", OcopGroup.BEVERAGES),  # the kind comes first: a wine
        ("Nước ép chanh dây", OcopGroup.BEVERAGES),
        ("Nước mắm cá cơm Phú Quốc", OcopGroup.FOOD),  # not a beverage, not a fish
        ("nuoc mam nhi", OcopGroup.FOOD),
        ("Mật ong bạc hà", OcopGroup.FOOD),
        ("Gạo ST25", OcopGroup.FOOD),
        ("Kẹo dừa Bến Tre", OcopGroup.FOOD),
        ("Khô cá lóc", OcopGroup.FOOD),
        ("Cá khô một nắng", OcopGroup.FOOD),
        ("Bưởi da xanh", OcopGroup.FOOD),
        ("Vải thiều Thanh Hà", OcopGroup.FOOD),
        ("Cam sành", OcopGroup.FOOD),
        ("Sâm Ngọc Linh", OcopGroup.HERBS),
        ("Cao gắm", OcopGroup.HERBS),
        ("Tinh dầu sả chanh", OcopGroup.HERBS),
        ("Nấm linh chi", OcopGroup.HERBS),  # longer than "nấm" (food)
        ("Giỏ tre đan", OcopGroup.HANDICRAFTS),
        ("Mây tre đan Phú Vinh", OcopGroup.HANDICRAFTS),
        ("Gốm Bát Tràng", OcopGroup.HANDICRAFTS),
        ("Thổ cẩm Mường", OcopGroup.HANDICRAFTS),
        ("Tượng gỗ điêu khắc", OcopGroup.HANDICRAFTS),
        ("Lan hồ điệp", OcopGroup.ORNAMENTALS),
        ("Cá cảnh Koi", OcopGroup.ORNAMENTALS),  # not food
        ("Cây cảnh bonsai", OcopGroup.ORNAMENTALS),
        ("Homestay Tà Xùa", OcopGroup.TOURISM),
        ("Điểm du lịch sinh thái Cồn Sơn", OcopGroup.TOURISM),
        ("Tour trải nghiệm làng nghề", OcopGroup.TOURISM),
    ],
)
def test_infer_group_reads_the_product_name(name, group):
    assert infer_group(name) == group


@pytest.mark.parametrize("name", ["Bộ quà tặng Cầu Kè", "Gối tựa lưng", "Xà cừ", ""])
def test_infer_group_says_none_when_no_keyword_matches(name):
    assert infer_group(name) is None


def test_infer_group_matches_whole_words_and_respects_diacritics():
    assert infer_group("Cám gạo") == OcopGroup.FOOD  # "gạo", not "cam" (orange)
    assert infer_group("Cám heo Tân Long") == OcopGroup.FOOD  # "heo"
    assert infer_group("Trang sức bạc") == OcopGroup.HANDICRAFTS  # "bạc" at the end
    assert infer_group("Tramhuong") is None  # no whole word


def test_every_group_keyword_is_found_on_its_own():
    for group, keywords in GROUP_KEYWORDS.items():
        for keyword in keywords:
            assert infer_group(keyword) == group, keyword
