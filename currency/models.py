"""The rate table behind approximate prices: never used to charge anything."""

from __future__ import annotations

from django.db import models


class ExchangeRate(models.Model):
    """How many units of ``currency`` one unit of ``base`` buys, as ``source`` published it.

    One row per currency, all on one base (a load replaces the table whole), so any two
    currencies convert through their base: amount × rate(to) / rate(from).
    """

    currency = models.CharField(max_length=3, unique=True)
    base = models.CharField(max_length=3)
    rate = models.DecimalField(max_digits=24, decimal_places=10)
    source = models.CharField(max_length=500)
    published_at = models.DateTimeField(help_text="when the source says the rate was set")
    fetched_at = models.DateTimeField()

    class Meta:
        ordering = ["currency"]

    def __str__(self) -> str:
        return f"1 {self.base} = {self.rate.normalize()} {self.currency}"
