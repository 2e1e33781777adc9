"""The listings' orders in the index: when each product entered the shop, and btree indexes that
give a listing's page in its order (search.query.BROWSE_ORDERS) without sorting every product.

Existing rows get the registry's dates here; the indexer writes them from now on.
"""

from django.conf import settings
from django.db import migrations, models


def copy_dates(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "UPDATE search_searchentry e SET listed_at = p.created_at,"
            " listed_on = (p.created_at AT TIME ZONE %s)::date"
            " FROM catalog_sync_ocopproduct p WHERE p.id = e.product_id",
            [settings.OCOP_TIMEZONE],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_document_valid_index"),
        ("catalog_sync", "0008_removed_from_saleor"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry", name="listed_at", field=models.DateTimeField(null=True)
        ),
        migrations.AddField(
            model_name="searchentry", name="listed_on", field=models.DateField(null=True)
        ),
        migrations.RunPython(copy_dates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="searchentry", name="listed_at", field=models.DateTimeField()
        ),
        migrations.AlterField(model_name="searchentry", name="listed_on", field=models.DateField()),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                fields=["-listed_on", "name", "product"], name="search_entry_newest"
            ),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["name", "product"], name="search_entry_by_name"),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["-listed_at", "-product"], name="search_entry_recent"),
        ),
    ]
