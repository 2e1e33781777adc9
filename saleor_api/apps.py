from django.apps import AppConfig


class SaleorApiConfig(AppConfig):
    name = "saleor_api"
    verbose_name = "Saleor gateway"
    default_auto_field = "django.db.models.BigAutoField"
