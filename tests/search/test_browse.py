"""Listings without words: the registry (through the search index) chooses the page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from catalog_sync.models import Certificate, OcopProduct
from saleor_api.catalogue import Filters
from search import indexer
from search.query import browse_products, count_products
from tests.search.registry import TODAY, registry_product

pytestmark = pytest.mark.django_db


def browsed(filters: Filters | None = None, **options: object) -> list[str]:
    page = browse_products(today=TODAY, filters=filters, **options)  # type: ignore[arg-type]
    by_id = dict(OcopProduct.objects.values_list("saleor_product_id", "name"))
    return [by_id[i] for i in page.saleor_product_ids]


def test_only_products_shown_and_certified_today_are_listed_with_their_count():
    registry_product("Mật ong bạc hà", valid_until=date(2026, 11, 22))  # ended yesterday
    registry_product("Mật ong hoa cà phê", status=Certificate.Status.REVOKED)
    registry_product("Mật ong hoa nhãn", shown=False)
    registry_product("Mật ong rừng", valid_until=TODAY)  # its last valid day
    registry_product("Cà phê Cầu Đất")
    indexer.rebuild()

    assert browsed() == ["Cà phê Cầu Đất", "Mật ong rừng"]
    assert count_products(today=TODAY) == 2


def test_newest_day_first_then_by_name_by_name_alone_and_most_recent_first():
    older = registry_product("Bánh pía")
    registry_product("Chè Shan tuyết")
    registry_product("Xoài cát")
    OcopProduct.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=2))
    indexer.rebuild()

    assert browsed() == ["Chè Shan tuyết", "Xoài cát", "Bánh pía"]
    assert browsed(sort="name") == ["Bánh pía", "Chè Shan tuyết", "Xoài cát"]
    assert browsed(sort="recent") == ["Xoài cát", "Chè Shan tuyết", "Bánh pía"]


def test_newest_goes_by_the_day_in_vietnam():
    # 18:00 UTC is 01:00 the next day in Vietnam; 16:00 UTC is 23:00 the same day
    late = registry_product("Xoài cát")
    early = registry_product("Bánh pía")
    OcopProduct.objects.filter(pk=late.pk).update(created_at=datetime(2026, 11, 22, 18, tzinfo=UTC))
    OcopProduct.objects.filter(pk=early.pk).update(
        created_at=datetime(2026, 11, 22, 16, tzinfo=UTC)
    )
    indexer.rebuild()

    assert browsed() == ["Xoài cát", "Bánh pía"]


def test_the_registry_filters_and_pages():
    registry_product("Nước mắm 40 độ đạm", stars=5)
    registry_product("Tiêu đen", stars=4)
    registry_product("Mắm tôm Gò Công", stars=3, province="Tiền Giang")
    registry_product("Cà phê Cầu Đất", province="Lâm Đồng", group="beverages")
    indexer.rebuild()

    assert browsed(Filters(min_stars=5)) == ["Nước mắm 40 độ đạm"]
    assert browsed(Filters(province="tien-giang")) == ["Mắm tôm Gò Công"]
    assert browsed(Filters(group="do-uong")) == ["Cà phê Cầu Đất"]
    first = browse_products(today=TODAY, sort="name", limit=3)
    assert first.next_offset == 3
    second = browse_products(today=TODAY, sort="name", offset=2, limit=2)
    assert second.next_offset is None
    assert len(second.saleor_product_ids) == 2
    assert count_products(today=TODAY) == 4
    assert count_products(today=TODAY, filters=Filters(min_stars=5)) == 1
