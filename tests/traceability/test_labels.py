"""Labels: who gets one, what it says, and that its QR code reads back as the right address."""

from __future__ import annotations

import itertools
import random
from datetime import date

import pytest

from tests.traceability.helpers import (
    TODAY,
    a_producer,
    a_product,
    decode_pdf_pages,
    decode_png,
    needs_zbar,
    pdf_page_sizes_mm,
    pdf_text,
    rasterise_svg_qr,
)
from traceability.fonts import LabelFontMissing, label_fonts
from traceability.labels import labels_for_codes, labels_for_producer, labels_for_province
from traceability.render import (
    LABEL_H,
    LABEL_W,
    QUIET_ZONE,
    QrCode,
    Text,
    draw_label,
    label_pdf,
    label_svg,
    sheet_pdf,
)

pytestmark = pytest.mark.django_db
SHOP = "https://ocop.example.vn"


@pytest.fixture(autouse=True)
def _shop_url(settings):
    settings.SHOP_PUBLIC_URL = SHOP + "/"


def test_only_products_valid_today_get_a_label_and_the_others_say_why():
    producer = a_producer()
    a_product("KG-1", producer=producer, name="Nước mắm A")
    a_product("KG-2", producer=producer, name="Nước mắm B", valid_until=date(2026, 11, 22))
    a_product("KG-3", producer=producer, name="Nước mắm C", status="revoked")
    a_product("KG-4", producer=a_producer("HTX Khác"), name="Nước mắm D")

    batch = labels_for_producer(producer, today=TODAY)

    assert [label.code for label in batch.labels] == ["KG-1"]
    assert [(s.code, s.reason) for s in batch.skipped] == [
        ("KG-2", "expired: valid until 2026-11-22"),
        ("KG-3", "revoked (vi phạm an toàn thực phẩm)"),
    ]


def test_the_last_valid_day_still_gets_a_label():
    a_product("KG-5", valid_until=TODAY)

    batch = labels_for_codes(["KG-5", "NOPE-9"], today=TODAY)

    assert [label.code for label in batch.labels] == ["KG-5"]
    assert [(s.code, s.reason) for s in batch.skipped] == [
        ("NOPE-9", "no OCOP product has this code")
    ]


def test_a_label_holds_the_absolute_verify_url_and_the_facts_in_vietnamese():
    a_product("KG-6", name="Mật ong rừng U Minh", stars=5, valid_until=date(2027, 11, 23))

    (label,) = labels_for_province("kien giang", today=TODAY).labels

    assert label.url == "https://ocop.example.vn/verify/KG-6"
    assert (label.product_name, label.producer_name, label.stars) == (
        "Mật ong rừng U Minh",
        "HTX Nước mắm Khải Hoàn",
        5,
    )
    assert label.valid_until_text == "Có hiệu lực đến 23/11/2027"
    assert label.scan_text == "Quét mã để kiểm tra"


def test_the_label_speaks_the_language_asked_for():
    a_product("KG-7")

    (english,) = labels_for_codes(["KG-7"], today=TODAY, language="en").labels
    (french,) = labels_for_codes(["KG-7"], today=TODAY, language="fr").labels

    assert english.valid_until_text == "Valid until Nov. 23, 2027"
    assert french.valid_until_text == "Valide jusqu’au 23 novembre 2027"


def test_the_qr_code_is_at_least_25_mm_with_a_quiet_zone_of_4_modules():
    a_product("KG-LONG-CODE-83-832-28882-2-2022")
    (label,) = labels_for_codes(["KG-LONG-CODE-83-832-28882-2-2022"], today=TODAY).labels

    (code,) = [s for s in draw_label(label, label_fonts()) if isinstance(s, QrCode)]

    symbol_mm = code.module * (code.modules - 2 * QUIET_ZONE)
    assert symbol_mm >= 25
    assert code.module >= 0.4  # a phone at arm's length reads modules this big
    assert code.y >= 0
    assert code.y + code.size <= LABEL_H
    assert min(c for _r, c, _n in code.rows) == QUIET_ZONE  # nothing dark in the quiet zone
    assert min(r for r, _c, _n in code.rows) == QUIET_ZONE


@needs_zbar
def test_a_sample_of_sheet_labels_decode_back_to_their_verify_urls(tmp_path):
    # given 25 products of a province with valid certificates (a sheet holds 21)
    producer = a_producer()
    codes = [f"KG-{n:03d}" for n in range(25)]
    for code in codes:
        a_product(code, producer=producer)
    labels = labels_for_producer(producer, today=TODAY).labels

    # when the sheet is printed and every page rendered at 150 dpi
    pdf = sheet_pdf(labels)
    pages = decode_pdf_pages(pdf)

    # then two A4 pages carry 21 and 4 labels, each decoding to its own product's page
    assert pdf_page_sizes_mm(pdf) == [(210.0, 297.0), (210.0, 297.0)]
    assert [len(page) for page in pages] == [21, 4]
    assert sorted(url for page in pages for url in page) == sorted(
        f"{SHOP}/verify/{code}" for code in codes
    )


@needs_zbar
def test_a_one_label_pdf_is_the_label_s_size_and_scans(tmp_path):
    a_product("KG-ONE", name="Nước mắm nhĩ Phú Quốc 40 độ đạm")
    (label,) = labels_for_codes(["KG-ONE"], today=TODAY).labels

    pdf = label_pdf(label)

    assert pdf_page_sizes_mm(pdf) == [(LABEL_W, LABEL_H)]
    assert decode_pdf_pages(pdf, dpi=300) == [[f"{SHOP}/verify/KG-ONE"]]
    text = pdf_text(pdf)
    assert "Nước mắm nhĩ Phú\r\nQuốc 40 độ đạm" in text  # a font with Vietnamese letters, wrapped
    assert "Có hiệu lực đến 23/11/2027" in text
    assert "OCOP" in text


@needs_zbar
def test_svg_labels_of_a_random_sample_decode_to_their_urls(tmp_path):
    producer = a_producer()
    for n in range(12):
        a_product(f"AG-{n}", producer=producer, name=f"Gạo ST25 số {n}")
    labels = labels_for_producer(producer, today=TODAY).labels

    for label in random.Random(16).sample(labels, 4):
        svg = label_svg(label)
        rasterise_svg_qr(svg, tmp_path / f"{label.code}.png")

        assert decode_png(tmp_path / f"{label.code}.png") == [f"{SHOP}/verify/{label.code}"]
        assert f">{label.product_name}</text>" in svg
        assert ">Có hiệu lực đến 23/11/2027</text>" in svg
        assert f'width="{LABEL_W}mm" height="{LABEL_H}mm"' in svg


def test_without_a_vietnamese_font_the_error_says_what_to_install(settings):
    settings.LABEL_FONT_PATHS = ["/nowhere/NoSuchFont-Regular.ttf"]
    a_product("KG-8")
    (label,) = labels_for_codes(["KG-8"], today=TODAY).labels

    with pytest.raises(LabelFontMissing) as error:
        label_pdf(label)

    assert "/nowhere/NoSuchFont-Regular.ttf" in str(error.value)
    assert "apt-get install fonts-noto-core" in str(error.value)


@pytest.mark.parametrize("language", ["vi", "fr", "ja"])
def test_long_names_are_cut_with_an_ellipsis_and_no_text_overlaps_or_overflows(language):
    a_product(
        "KG-LONG",
        producer=a_producer(
            "Hợp tác xã Nông nghiệp Dịch vụ Tổng hợp Nước mắm truyền thống Phú Quốc Khải Hoàn"
        ),
        name="Nước mắm nhĩ cá cơm than truyền thống Phú Quốc 43 độ đạm thượng hạng đặc biệt loại một",
    )
    (label,) = labels_for_codes(["KG-LONG"], today=TODAY, language=language).labels
    fonts = label_fonts()

    texts = sorted(
        (s for s in draw_label(label, fonts) if isinstance(s, Text) and s.text != "OCOP"),
        key=lambda t: t.y,
    )

    assert texts[2].text.endswith("…")  # the third line of the product's name
    for above, below in itertools.pairwise(texts):
        if (above.size, above.bold) == (below.size, below.bold):  # lines of one paragraph
            assert below.y - above.y >= above.size * 1.15
        else:  # one block's descenders clear the next block's accents
            assert above.y + above.size * 0.25 <= below.y - below.size * 0.95
    for text in texts:
        assert text.x + fonts.width_mm(text.text, text.size, bold=text.bold) <= LABEL_W - 1.9
        assert text.y + text.size * 0.25 <= LABEL_H - 1.5
