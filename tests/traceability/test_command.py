"""manage.py ocop_labels: a producer's or a province's sheet, SVGs, and honest refusals."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.traceability.helpers import a_producer, a_product, decode_pdf_pages, needs_zbar

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("ocop_labels", *args, "--as-of", "2026-11-23", stdout=out)
    return out.getvalue()


@needs_zbar
def test_a_producer_prints_a_sheet_of_its_valid_labels(tmp_path, settings):
    settings.SHOP_PUBLIC_URL = "https://ocop.example.vn"
    producer = a_producer()
    a_product("KG-60", producer=producer, name="Nước mắm A")
    a_product("KG-61", producer=producer, name="Nước mắm B")
    a_product("KG-62", producer=producer, name="Nước mắm C", valid_until=date(2025, 1, 1))

    output = run("--producer", str(producer.pk), "--out", str(tmp_path / "sheet.pdf"))

    assert output.splitlines() == [
        "skipped KG-62 Nước mắm C: expired: valid until 2025-01-01",
        f"wrote 2 labels on 1 A4 page(s) to {tmp_path / 'sheet.pdf'}",
    ]
    (page,) = decode_pdf_pages((tmp_path / "sheet.pdf").read_bytes())
    assert sorted(page) == [
        "https://ocop.example.vn/verify/KG-60",
        "https://ocop.example.vn/verify/KG-61",
    ]


def test_a_province_gets_one_svg_per_label(tmp_path):
    a_product("KG-63", producer=a_producer("HTX Một"))
    a_product("KG-64", producer=a_producer("HTX Hai"))
    a_product("AG-65", producer=a_producer("HTX Ba", province="An Giang"))

    output = run("--province", "Kiên Giang", "--format", "svg", "--out", str(tmp_path))

    assert output.strip() == f"wrote 2 SVG labels to {tmp_path}/"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["KG-63.svg", "KG-64.svg"]


def test_one_pdf_per_label_in_english(tmp_path):
    a_product("KG-66")

    output = run(
        "--product", "KG-66", "--layout", "single", "--language", "en", "--out", str(tmp_path)
    )

    assert output.strip() == f"wrote 1 PDF labels to {tmp_path}/"
    assert (tmp_path / "KG-66.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--producer", "999999"), "no producer has the id 999999"),
        (("--province", "Atlantis"), "no OCOP product in the province 'Atlantis'"),
        (("--product", "KG-67"), "no label to print: no product with a valid certificate"),
        (
            ("--product", "KG-68", "--language", "xx"),
            "unknown language 'xx': one of vi, en, fr, zh-hans, ko, ja",
        ),
    ],
)
def test_bad_requests_are_refused_with_the_reason(tmp_path, args, message):
    a_product("KG-67", status="revoked")

    with pytest.raises(CommandError) as error:
        run(*args, "--out", str(tmp_path / "x.pdf"))

    assert str(error.value) == message
    assert not (tmp_path / "x.pdf").exists()
