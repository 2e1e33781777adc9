"""The report as CSV and as an XLSX workbook, with the figures the page shows.

Both have the same rows: the totals, each day, each product and each producer, with the window's
orders, units and revenue per currency, the previous period's, and the changes. Headings are in the
language of the request; numbers are plain numbers (a dot for decimals in CSV, number cells with a
format in XLSX) and days ISO dates, so a spreadsheet computes with them. Text that a spreadsheet
would run as a formula is written as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reports.sales import Change, Compared, SalesReport, ocop_zone
from saleor_api.money import decimals

Cell = str | int | Decimal | date | None
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Text a spreadsheet shows as it is, never evaluates."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _percent(change: Change) -> Decimal | None:
    return change.percent


@dataclass(frozen=True)
class Table:
    key: str  # totals, days, products, producers
    title: str
    headers: tuple[str, ...]  # the leading columns', then the figures'
    rows: tuple[tuple[Cell, ...], ...]
    leading: int  # how many leading (text) columns


def figure_headers(currencies: Sequence[str]) -> list[str]:
    headers = [_("Orders"), _("Units")]
    headers += [_("Revenue (%(currency)s)") % {"currency": c} for c in currencies]
    headers += [_("Orders, previous period"), _("Units, previous period")]
    headers += [_("Revenue (%(currency)s), previous period") % {"currency": c} for c in currencies]
    headers += [_("Change in orders (%)"), _("Change in units"), _("Change in units (%)")]
    headers += [_("Change in revenue (%(currency)s) (%%)") % {"currency": c} for c in currencies]
    return headers


def figure_cells(figures: Compared) -> list[Cell]:
    revenue = figures.revenue
    cells: list[Cell] = [figures.current.orders, figures.current.units]
    cells += [r.current for r in revenue]
    cells += [figures.previous.orders, figures.previous.units]
    cells += [r.previous for r in revenue]
    cells += [
        _percent(figures.orders_change),
        int(figures.units_change.delta),
        _percent(figures.units_change),
    ]
    cells += [_percent(r.change) for r in revenue]
    return cells


def tables(report: SalesReport) -> list[Table]:
    currencies = report.currencies
    figures = figure_headers(currencies)
    not_registered = _("Not in the registry")
    return [
        Table(
            "totals",
            _("Totals"),
            (_("Period"), _("Previous period"), *figures),
            (
                (
                    f"{report.window.first_day.isoformat()} – {report.window.last_day.isoformat()}",
                    f"{report.previous.first_day.isoformat()} – "
                    f"{report.previous.last_day.isoformat()}",
                    *figure_cells(report.totals),
                ),
            ),
            2,
        ),
        Table(
            "days",
            _("Days"),
            (_("Day"), _("Compared with"), *figures),
            tuple((row.day, row.previous_day, *figure_cells(row.figures)) for row in report.days),
            2,
        ),
        Table(
            "products",
            _("Products"),
            (_("Product"), _("Code"), _("Producer"), *figures),
            tuple(
                (
                    safe_text(row.name),
                    safe_text(row.code),
                    safe_text(row.producer or not_registered),
                    *figure_cells(row.figures),
                )
                for row in report.products
            ),
            3,
        ),
        Table(
            "producers",
            _("Producers"),
            (_("Producer"), _("Products in the report"), *figures),
            tuple(
                (
                    safe_text(row.name if row.producer_id is not None else not_registered),
                    row.products,
                    *figure_cells(row.figures),
                )
                for row in report.producers
            ),
            2,
        ),
    ]


def _plain(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, Decimal):
        return format(cell, "f")
    return str(cell)


def report_csv(report: SalesReport) -> bytes:
    """One table: a section column (totals, day, product, producer), then the section's own
    columns padded to the widest, then the figures. UTF-8 with a byte order mark, which spreadsheet
    programs need to read Vietnamese."""
    out = io.StringIO()
    writer = csv.writer(out)
    parts = tables(report)
    widest = max(t.leading for t in parts)
    figures = figure_headers(report.currencies)
    writer.writerow(
        [_("Section"), *(_("Column %(n)s") % {"n": n + 1} for n in range(widest)), *figures]
    )
    for table in parts:
        writer.writerow(
            [f"# {table.title}", *table.headers[: table.leading], *[""] * (widest - table.leading)]
        )
        for row in table.rows:
            lead = [_plain(c) for c in row[: table.leading]]
            writer.writerow(
                [
                    table.key,
                    *lead,
                    *[""] * (widest - table.leading),
                    *(_plain(c) for c in row[table.leading :]),
                ]
            )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _money_format(currency: str) -> str:
    places = decimals(currency)
    return "#,##0" + ("." + "0" * places if places else "")


def report_xlsx(report: SalesReport, summary: Sequence[tuple[str, str]]) -> bytes:
    """A workbook: a summary sheet (``summary``: label, value pairs the page states), then a
    sheet per table, headers frozen, numbers formatted by kind."""
    book = Workbook()
    sheet: Any = book.active
    sheet.title = _("Summary")[:31]
    for label, value in summary:
        sheet.append([safe_text(label), safe_text(value)])
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 60
    currencies = report.currencies
    kinds = (
        ["count", "count"]
        + [f"money:{c}" for c in currencies]
        + ["count", "count"]
        + [f"money:{c}" for c in currencies]
        + ["percent", "count", "percent"]
        + ["percent" for _c in currencies]
    )
    for table in tables(report):
        ws: Any = book.create_sheet(table.title[:31])
        ws.append(list(table.headers))
        for row in table.rows:
            ws.append(list(row))
        ws.freeze_panes = ws.cell(row=2, column=table.leading + 1)
        for index, header in enumerate(table.headers, start=1):
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = max(12, min(40, len(header) + 2))
            if index <= table.leading:
                if table.rows and isinstance(table.rows[0][index - 1], date):
                    for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                        cell.number_format = "yyyy-mm-dd"
                continue
            kind = kinds[index - table.leading - 1]
            number_format = (
                _money_format(kind.split(":")[1])
                if kind.startswith("money:")
                else "0.0"
                if kind == "percent"
                else "#,##0"
            )
            for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
        for cell in ws[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def local_time(moment: datetime) -> str:
    return timezone.localtime(moment, ocop_zone()).strftime("%Y-%m-%d %H:%M")
