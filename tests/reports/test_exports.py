"""The CSV and XLSX exports carry the figures of the report, and text never runs as a formula."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils import translation
from openpyxl import load_workbook

from reports.exports import report_csv, report_xlsx, safe_text
from reports.sales import ReportSpec, aggregate
from tests.reports.conftest import ENDS, OWNERS, P1, P2, P4, STARTS


def report(orders, title="Tuần lễ nông sản"):
    spec = ReportSpec(title, [P1, P2, P4], STARTS, ENDS)
    return aggregate(spec, orders, OWNERS)


def csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_csv_has_the_totals_each_day_product_and_producer(orders):
    with translation.override("en"):
        rows = csv_rows(report_csv(report(orders)))

    header = rows[0]
    assert header[:4] == ["Section", "Column 1", "Column 2", "Column 3"]
    assert header[4:9] == ["Orders", "Units", "Revenue (VND)", "Revenue (USD)", "Revenue (EUR)"]
    data = [r for r in rows[1:] if not r[0].startswith("#")]
    figures = {(r[0], r[1]): r[4:] for r in data}
    assert figures[("totals", "2026-12-01 – 2026-12-07")][:10] == [
        "4", "8", "610000", "22.50", "6.50", "1", "1", "185000", "0", "0",
    ]  # fmt: skip
    assert figures[("products", "Nước mắm Phú Quốc")][:5] == ["3", "6", "370000", "22.50", "6.50"]
    assert figures[("products", "Mật ong rừng")][:2] == ["0", "0"]
    assert figures[("producers", "Công ty TNHH Tiêu")][:3] == ["2", "2", "240000"]
    assert [r[1] for r in data if r[0] == "days"] == [f"2026-12-0{n}" for n in range(1, 8)]
    first_day = next(r for r in data if r[:2] == ["days", "2026-12-01"])
    assert first_day[2] == "2026-11-24"
    assert first_day[4:7] == ["1", "3", "490000"]
    # the units' change and its percentage
    units_change = header.index("Change in units")
    assert figures[("totals", "2026-12-01 – 2026-12-07")][units_change - 4 : units_change - 2] == [
        "7",
        "700.0",
    ]


def test_the_csv_headings_follow_the_language(orders):
    with translation.override("vi"):
        header = csv_rows(report_csv(report(orders)))[0]

    assert header[4:6] == ["Đơn hàng", "Số lượng"]


def test_the_workbook_has_the_same_figures_as_the_csv(orders):
    made = report(orders)
    with translation.override("en"):
        book = load_workbook(io.BytesIO(report_xlsx(made, [("Report", made.spec.title)])))

    assert book.sheetnames == ["Summary", "Totals", "Days", "Products", "Producers"]
    assert book["Summary"]["B1"].value == "Tuần lễ nông sản"
    products = list(book["Products"].iter_rows(values_only=True))
    assert products[0][:8] == ("Product", "Code", "Producer", "Orders", "Units",
                               "Revenue (VND)", "Revenue (USD)", "Revenue (EUR)")  # fmt: skip
    assert products[1][:8] == ("Nước mắm Phú Quốc", "KG-001", "HTX Nước mắm Khải Hoàn", 3, 6,
                               370000, 22.5, 6.5)  # fmt: skip
    days = list(book["Days"].iter_rows(values_only=True))
    assert [row[3] for row in days[1:]] == [3, 0, 3, 0, 1, 0, 1]
    assert book["Days"]["A2"].number_format == "yyyy-mm-dd"
    assert book["Products"]["F2"].number_format == "#,##0"
    assert book["Products"]["G2"].number_format == "#,##0.00"
    totals = list(book["Totals"].iter_rows(values_only=True))
    assert totals[1][2:5] == (4, 8, 610000)


def test_text_that_looks_like_a_formula_stays_text(orders):
    owners = dict(OWNERS)
    owners[P1] = owners[P1].__class__(P1, '=HYPERLINK("x")', "+1", 9, "@evil", "Kiên Giang")
    spec = ReportSpec("-title", [P1], STARTS, ENDS)
    made = aggregate(spec, orders, owners)

    with translation.override("en"):
        rows = csv_rows(report_csv(made))
        book = load_workbook(io.BytesIO(report_xlsx(made, [("Report", spec.title)])))

    product = next(r for r in rows if r[0] == "products")
    assert product[1:4] == ['\'=HYPERLINK("x")', "'+1", "'@evil"]
    assert book["Products"]["A2"].value == '\'=HYPERLINK("x")'
    assert book["Products"]["A2"].data_type == "s"
    assert book["Summary"]["B1"].value == "'-title"
    assert safe_text("Mật ong") == "Mật ong"


def test_amounts_are_exact_decimals(orders):
    with translation.override("en"):
        rows = csv_rows(report_csv(report(orders)))

    totals = next(r for r in rows if r[0] == "totals")
    assert totals[7] == "22.50"
    assert Decimal(totals[7]) == Decimal("22.5")
