"""Counting scans privately, and reading the counts back (for the portal and province reports)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import QuerySet, Sum

from catalog_sync.models import OcopProduct, Producer
from traceability.models import ScanCount

BOT_MARKERS = ("bot", "crawler", "spider", "preview")


def looks_like_a_bot(user_agent: str) -> bool:
    """Cheap: link previewers and crawlers announce themselves; people's phones do not."""
    agent = user_agent.lower()
    return any(marker in agent for marker in BOT_MARKERS)


def record_scan(product: OcopProduct, day: date) -> None:
    """Add one scan of ``product`` on ``day``: one atomic upsert, safe under concurrent scans."""
    table = ScanCount._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (product_id, day, count) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (product_id, day) DO UPDATE SET count = {table}.count + 1",
            [product.pk, day],
        )


@dataclass(frozen=True)
class ScanDay:
    product_code: str
    product_name: str
    day: date
    count: int


def scan_counts(
    products: QuerySet[OcopProduct], start: date | None = None, end: date | None = None
) -> list[ScanDay]:
    """Scans of these products per product and day (days from ``start`` to ``end`` included),
    newest day first; days without a scan are absent."""
    rows = ScanCount.objects.filter(product__in=products)
    if start is not None:
        rows = rows.filter(day__gte=start)
    if end is not None:
        rows = rows.filter(day__lte=end)
    return [
        ScanDay(code, name, day, count)
        for code, name, day, count in rows.order_by("-day", "product__code").values_list(
            "product__code", "product__name", "day", "count"
        )
    ]


def scans_for_producer(
    producer: Producer, start: date | None = None, end: date | None = None
) -> list[ScanDay]:
    return scan_counts(OcopProduct.objects.filter(producer=producer), start, end)


def scans_for_province(
    province: str, start: date | None = None, end: date | None = None
) -> list[ScanDay]:
    from catalog_sync.normalise import matching_key

    return scan_counts(OcopProduct.objects.in_province(matching_key(province)), start, end)


def total_scans(products: QuerySet[OcopProduct]) -> int:
    total = ScanCount.objects.filter(product__in=products).aggregate(total=Sum("count"))["total"]
    return int(total or 0)
