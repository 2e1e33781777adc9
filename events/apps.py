from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Province events"

    def ready(self) -> None:
        from catalog_sync.signals import catalogue_changed
        from events.lifecycle import drop_lapsed_after_catalogue_change

        # A sweep or a revocation may end a featured product's certificate: it leaves its events.
        catalogue_changed.connect(
            drop_lapsed_after_catalogue_change, weak=False, dispatch_uid="events-lapsed"
        )
