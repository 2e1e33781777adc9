import logging

from django.apps import AppConfig


class _NoStripeBodies(logging.Filter):
    """stripe-python logs whole request and response bodies (client secrets) at DEBUG: drop them,
    whatever level the logging configuration gives the ``stripe`` logger."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Payments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        stripe_logger = logging.getLogger("stripe")
        if not any(isinstance(f, _NoStripeBodies) for f in stripe_logger.filters):
            stripe_logger.addFilter(_NoStripeBodies())

        from payments.manifest import manifest_webhooks
        from saleor_app.manifest import register_webhooks

        register_webhooks(manifest_webhooks)
