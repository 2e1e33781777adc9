from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "storefront"
    verbose_name = "Storefront"

    def ready(self) -> None:
        from saleor_api import blueprint
        from saleor_api.webhooks import register_handler
        from storefront.cache import invalidate_catalogue

        # Saleor tells us when the catalogue changes: cached pages become stale at once.
        for event in blueprint.WEBHOOK_EVENTS:
            register_handler(event.lower(), invalidate_catalogue)
