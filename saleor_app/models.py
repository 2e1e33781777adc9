"""What the Saleor App keeps: the installations (app tokens) and the deliveries it dispatched."""

from __future__ import annotations

from datetime import datetime

from django.db import models


class AppInstallationQuerySet(models.QuerySet["AppInstallation"]):
    def current(self) -> AppInstallation | None:
        return self.order_by("-installed_at").first()


class AppInstallation(models.Model):
    """The token a Saleor gave this app when it was installed from the Dashboard.

    The token is a secret: it is never logged, and the admin never shows it.
    """

    saleor_domain = models.CharField(max_length=255, unique=True)
    api_url = models.URLField(max_length=500)
    auth_token = models.CharField(max_length=255)
    installed_at = models.DateTimeField(auto_now=True)

    objects = AppInstallationQuerySet.as_manager()

    class Meta:
        db_table = "saleor_api_appinstallation"  # the table it had in saleor_api, rows kept

    def __str__(self) -> str:
        return f"Saleor at {self.saleor_domain}"

    def __repr__(self) -> str:  # never print the token
        return f"<AppInstallation {self.saleor_domain}>"


class WebhookDeliveryQuerySet(models.QuerySet["WebhookDelivery"]):
    def received_before(self, moment: datetime) -> WebhookDeliveryQuerySet:
        return self.filter(received_at__lt=moment)


class WebhookDelivery(models.Model):
    """A webhook delivery from Saleor that was dispatched, so a repeat of it is not dispatched again.

    ``key`` is the SHA-256 of the event name and the raw (signed) body. Rows only need to outlive
    the age after which a delivery is refused as stale; older ones are pruned.
    """

    key = models.CharField(max_length=64, unique=True)
    event = models.CharField(max_length=100)
    saleor_domain = models.CharField(max_length=255)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        db_table = "saleor_api_webhookdelivery"  # the table it had in saleor_api, rows kept

    def __str__(self) -> str:
        return f"{self.event} from {self.saleor_domain}"
