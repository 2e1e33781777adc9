# AppInstallation and WebhookDelivery now belong to saleor_app, which took over their tables
# (saleor_app 0001): forget them here without touching the database.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('saleor_api', '0002_webhookdelivery'),
        ('saleor_app', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='AppInstallation'),
                migrations.DeleteModel(name='WebhookDelivery'),
            ],
            database_operations=[],
        ),
    ]
