"""Scans of the QR codes on OCOP labels, counted per product and Vietnamese day.

Nothing about the visitor is kept: no address, no user agent, no cookie; only how many times a
product's verification page was opened on a day.
"""

from __future__ import annotations

from django.db import models

from catalog_sync.models import OcopProduct


class ScanCount(models.Model):
    product = models.ForeignKey(OcopProduct, on_delete=models.CASCADE, related_name="scan_counts")
    day = models.DateField(help_text="the day in Vietnam (Asia/Ho_Chi_Minh)")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "day"], name="one_scan_count_per_day")
        ]
        indexes = [models.Index(fields=["day"])]
        ordering = ["-day", "product_id"]

    def __str__(self) -> str:
        return f"{self.product_id} {self.day}: {self.count}"
