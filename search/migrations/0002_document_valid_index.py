"""Search reads only rows it can show: the date in the full-text index, shown products indexed.

Measured on the 50,000-certificate registry (bench/bench_search.py): a broad query (茶, 4,313
products) read every matching row, lapsed or not, then scanned the whole product table for
``shown``; with these two indexes its median fell from 345 to 84 ms.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("catalog_sync", "0002_product_slug"),
    ]

    operations = [
        BtreeGinExtension(),
        migrations.RemoveIndex(model_name="searchentry", name="search_entry_document"),
        migrations.AddIndex(
            model_name="searchentry",
            index=GinIndex(fields=["document", "valid_until"], name="search_entry_document_valid"),
        ),
        # The search's join asks catalog_sync's products whether they are shown: the ids of the
        # shown ones, small enough to read from this index alone.
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS search_shown_product_ids"
            " ON catalog_sync_ocopproduct (id) WHERE shown",
            "DROP INDEX IF EXISTS search_shown_product_ids",
        ),
    ]
