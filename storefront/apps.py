from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "storefront"
    verbose_name = "Storefront"

    def ready(self) -> None:
        from catalog_sync.signals import catalogue_changed
        from saleor_app.signals import WEBHOOK_SIGNALS
        from storefront.cache import invalidate_catalogue

        # Saleor tells us when the catalogue changes, and so does our own sync: cached pages
        # become stale at once.
        for signal in WEBHOOK_SIGNALS.values():
            signal.connect(
                lambda **_: invalidate_catalogue(), weak=False, dispatch_uid="storefront-cache"
            )
        catalogue_changed.connect(
            lambda **_: invalidate_catalogue(), weak=False, dispatch_uid="storefront-cache"
        )
