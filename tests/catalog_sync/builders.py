"""Small builders for catalogue-sync tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from catalog_sync.domain import FeedRow, OcopGroup, ProducerKind, Translation


def feed_row(key: str = "kien giang|htx a|nuoc mam", **changes: Any) -> FeedRow:
    row = FeedRow(
        row_number=2,
        product_key=key,
        product_name="Nước mắm Phú Quốc",
        producer_name="HTX Nước mắm A",
        producer_kind=ProducerKind.COOPERATIVE,
        province="Kiên Giang",
        stars=4,
        decision_number="2751/QĐ-UBND",
        decided_on=date(2024, 11, 24),
        group=OcopGroup.FOOD,
        commune="Dương Đông",
        issuing_authority="UBND tỉnh Kiên Giang",
        price=Decimal("150000"),
        translations={"en": Translation("Phu Quoc fish sauce", "")},
    )
    return replace(row, **changes)
