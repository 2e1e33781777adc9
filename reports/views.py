"""The report as a page (chart, tables), a CSV file and an XLSX workbook.

``report_response`` is called by the views that decide who may see which report (the province's
event report): it checks nothing about the user itself.
"""

from __future__ import annotations

import logging

from babel.dates import format_skeleton
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import translate_url
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reports.chart import Bar, bar_chart
from reports.exports import local_time, report_csv, report_xlsx
from reports.sales import ReportSpec, SalesReport, build_report
from reports.templatetags.report_format import count, full_day, moment
from saleor_api.errors import SaleorError
from saleor_api.money import babel_locale

logger = logging.getLogger(__name__)

FORMATS = ("html", "csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _span(first: object, last: object) -> str:
    return f"{full_day(first)} – {full_day(last)}" if first != last else full_day(first)  # type: ignore[arg-type]


def statuses_note() -> str:
    return _(
        "Counted: orders Saleor confirmed (waiting to be sent, partly or wholly sent, partly or "
        "wholly returned). Not counted: drafts, orders waiting for confirmation, cancelled and "
        "expired orders."
    )


def revenue_note() -> str:
    return _(
        "Revenue: what buyers paid for these products, discounts applied, taxes included, "
        "delivery excluded, in each channel's currency. Currencies are never added together."
    )


def summary(report: SalesReport) -> list[tuple[str, str]]:
    """What the page states about the report, as label and value (the workbook's first sheet)."""
    channels = report.spec.channels
    rows = [
        (_("Report"), report.spec.title),
        (_("Period"), _span(report.window.first_day, report.window.last_day)),
        (_("From"), local_time(report.window.starts_at)),
        (_("Until (excluded)"), local_time(report.window.ends_at)),
        (_("Previous period"), _span(report.previous.first_day, report.previous.last_day)),
        (_("Channels"), ", ".join(channels) if channels else _("all")),
        (_("Products"), count(len(report.products))),
        (_("Orders counted"), statuses_note()),
        (_("Revenue"), revenue_note()),
        (_("Times"), _("Days are Vietnamese days (Asia/Ho_Chi_Minh).")),
        (_("Made at"), local_time(report.generated_at)),
    ]
    if report.approximate is not None:
        rows.append(
            (
                _("Approximate total in %(currency)s") % {"currency": report.approximate.currency},
                _("%(amount)s (approximate, at the exchange rates published %(when)s)")
                % {
                    "amount": f"{report.approximate.current:.0f}",
                    "when": local_time(report.approximate.rates_published_at),
                },
            )
        )
    return rows


def units_chart(report: SalesReport) -> str:
    locale = babel_locale(get_language() or "vi")
    window = _span(report.window.first_day, report.window.last_day)
    previous = _span(report.previous.first_day, report.previous.last_day)
    bars = [
        Bar(
            label=format_skeleton("Md", row.day, locale=locale),
            current=row.figures.current.units,
            previous=row.figures.previous.units,
            tooltip=_("%(day)s: %(units)s units (%(before)s on %(previous_day)s)")
            % {
                "day": full_day(row.day),
                "units": count(row.figures.current.units),
                "before": count(row.figures.previous.units),
                "previous_day": full_day(row.previous_day),
            },
        )
        for row in report.days
    ]
    busiest = max(report.days, key=lambda row: row.figures.current.units)
    description = _(
        "Bar chart of the units sold each day from %(window)s: %(units)s in all, against "
        "%(before)s in the previous period (%(previous)s), drawn beside each day."
    ) % {
        "window": window,
        "units": count(report.totals.current.units),
        "before": count(report.totals.previous.units),
        "previous": previous,
    }
    if busiest.figures.current.units:
        description += " " + _("The busiest day was %(day)s, with %(units)s units.") % {
            "day": full_day(busiest.day),
            "units": count(busiest.figures.current.units),
        }
    return bar_chart(
        bars,
        chart_id="units-per-day",
        title=_("Units sold per day, %(window)s, beside %(previous)s")
        % {"window": window, "previous": previous},
        description=description,
        format_value=lambda value: count(int(value)) if value == int(value) else f"{value:g}",
    )


def _filename(report: SalesReport, extension: str) -> str:
    stem = slugify(report.spec.title)[:60] or "report"
    return f"{stem}-{report.window.first_day.isoformat()}.{extension}"


def _attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def report_response(request: HttpRequest, spec: ReportSpec, fmt: str) -> HttpResponse:
    """The report of ``spec`` as ``fmt`` (html, csv or xlsx); 503 when Saleor does not answer."""
    if fmt not in FORMATS:
        raise Http404(f"no report format {fmt!r}")
    try:
        report = build_report(spec)
    except SaleorError:
        logger.exception("report %r: Saleor did not answer", spec.title)
        if fmt != "html":
            message = _("The shop's orders cannot be read just now. Try again in a minute.")
            return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        return render(
            request, "reports/report.html", {"spec": spec, "unreachable": True}, status=503
        )
    if fmt == "csv":
        return _attachment(report_csv(report), "text/csv; charset=utf-8", _filename(report, "csv"))
    if fmt == "xlsx":
        body = report_xlsx(report, summary(report))
        return _attachment(body, XLSX_TYPE, _filename(report, "xlsx"))
    path = request.path
    response = render(
        request,
        "reports/report.html",
        {
            "spec": spec,
            "report": report,
            "chart": units_chart(report),
            "statuses_note": statuses_note(),
            "revenue_note": revenue_note(),
            "window_span": _span(report.window.first_day, report.window.last_day),
            "previous_span": _span(report.previous.first_day, report.previous.last_day),
            "csv_url": f"{path}?format=csv",
            "xlsx_url": f"{path}?format=xlsx",
            "report_languages": [
                (code, name, translate_url(path, code)) for code, name in _languages()
            ],
            "generated": moment(report.generated_at),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _languages() -> list[tuple[str, str]]:
    from django.conf import settings

    return [(code, str(name)) for code, name in settings.LANGUAGES]
