from typing import Any

from django.apps import AppConfig


def installed_credentials() -> tuple[str, str] | None:
    """(api_url, token) of the latest installation from a Saleor Dashboard, if any."""
    from saleor_app.models import AppInstallation

    installation = AppInstallation.objects.current()
    return (installation.api_url, installation.auth_token) if installation else None


class SaleorAppConfig(AppConfig):
    name = "saleor_app"
    verbose_name = "Saleor App"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from saleor_api.connection import use_installed_credentials
        from saleor_app.signals import product_deleted

        use_installed_credentials(installed_credentials)
        product_deleted.connect(forget_deleted_product, dispatch_uid="registry-product-deleted")


def forget_deleted_product(payload: dict[str, Any], **_: Any) -> None:
    """Staff deleted a product in Saleor: the registry drops its link and the sync leaves it out
    (it would otherwise fail to update it on every run, or create it again)."""
    from catalog_sync.registry import forget_removed_saleor_products
    from saleor_api.answers import CatalogueEvent

    product_id = CatalogueEvent.model_validate(payload).product_id
    forget_removed_saleor_products(
        [product_id],
        reason="deleted in Saleor by staff: left out until listed again",
        actor="Saleor webhook",
    )
