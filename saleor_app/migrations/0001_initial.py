# The models moved here from saleor_api (its migrations 0001 and 0002 made their tables): only
# Django's state changes; the tables, and their rows, stay where they are.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('saleor_api', '0002_webhookdelivery'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AppInstallation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('saleor_domain', models.CharField(max_length=255, unique=True)),
                        ('api_url', models.URLField(max_length=500)),
                        ('auth_token', models.CharField(max_length=255)),
                        ('installed_at', models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        'db_table': 'saleor_api_appinstallation',
                    },
                ),
                migrations.CreateModel(
                    name='WebhookDelivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=64, unique=True)),
                        ('event', models.CharField(max_length=100)),
                        ('saleor_domain', models.CharField(max_length=255)),
                        ('received_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                    ],
                    options={
                        'db_table': 'saleor_api_webhookdelivery',
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
