from __future__ import annotations

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

    def __str__(self) -> str:
        return f"Saleor at {self.saleor_domain}"

    def __repr__(self) -> str:  # never print the token
        return f"<AppInstallation {self.saleor_domain}>"
