from django.db import migrations, models


class Migration(migrations.Migration):
    """The product shape each product was last written to Saleor in (saleor_api.blueprint.SHAPE).

    Products already in Saleor were written in shape 1 (ten attributes); the next sync or expiry
    sweep rewrites them in the current shape. Products recorded from now on get the current one.
    """

    dependencies = [
        ("catalog_sync", "0005_merge_0004_audit_who_before_after_0004_product_photo"),
    ]

    operations = [
        migrations.AddField(
            model_name="ocopproduct",
            name="saleor_shape",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name="ocopproduct",
            name="saleor_shape",
            field=models.PositiveSmallIntegerField(default=2),
        ),
    ]
