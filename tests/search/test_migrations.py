"""An installation upgraded to the listing orders keeps its index: the rows it had get the day
each product entered the shop, in Vietnam, and listings read them in that order at once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from catalog_sync.models import OcopProduct
from search.models import SearchEntry
from search.query import browse_products
from tests.search.registry import TODAY, registry_product

BEFORE = [("search", "0002_document_valid_index")]


@pytest.mark.django_db(transaction=True)
def test_existing_rows_get_the_day_each_product_entered_the_shop():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        late = registry_product("Xoài cát")  # 01:00 on the 22nd in Vietnam
        early = registry_product("Bánh pía")  # 23:00 on the 21st in Vietnam
        OcopProduct.objects.filter(pk=late.pk).update(
            created_at=datetime(2026, 11, 21, 18, tzinfo=UTC)
        )
        OcopProduct.objects.filter(pk=early.pk).update(
            created_at=datetime(2026, 11, 21, 16, tzinfo=UTC)
        )
        with connection.cursor() as cursor:
            for product in (late, early):  # a row as the index of 0002 wrote it
                cursor.execute(
                    "INSERT INTO search_searchentry (product_id, saleor_product_id, name, stars,"
                    " valid_until, province_slug, group_slug, producer_slug, name_keys,"
                    " language_terms, document, indexed_at) VALUES (%s, %s, %s, 4, %s,"
                    " 'kien-giang', 'thuc-pham', 'htx', '{}', '{}', ''::tsvector, now())",
                    [product.pk, product.saleor_product_id, product.name, TODAY],
                )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())  # 0003_listing_orders and on

    assert dict(SearchEntry.objects.values_list("name", "listed_on")) == {
        "Xoài cát": datetime(2026, 11, 22).date(),
        "Bánh pía": datetime(2026, 11, 21).date(),
    }
    assert SearchEntry.objects.get(name="Bánh pía").listed_at == datetime(
        2026, 11, 21, 16, tzinfo=UTC
    )
    page = browse_products(today=TODAY)
    assert page.saleor_product_ids == (late.saleor_product_id, early.saleor_product_id)
