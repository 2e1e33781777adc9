"""`manage.py exchange_rates [SOURCE]`: load the rate table of approximate prices."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from currency.rates import RatesError, load


class Command(BaseCommand):
    help = (
        "Load the exchange rates used for approximate prices (never for charging) from SOURCE, "
        "a JSON file path or http(s) URL, else from EXCHANGE_RATES_URL. The table in use is "
        "kept when the source cannot be read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", nargs="?", default="", help="path or URL of the JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["source"] or settings.EXCHANGE_RATES_URL
        if not source:
            raise CommandError("no source: give a path or URL, or set EXCHANGE_RATES_URL")
        try:
            result = load(source)
        except RatesError as error:
            raise CommandError(
                f"exchange rates not loaded (the table in use is kept): {error}"
            ) from error
        self.stdout.write(
            f"{result.count} exchange rates loaded from {result.source}: base {result.base}, "
            f"published {result.published_at.isoformat()}"
        )
        if result.missing:
            self.stdout.write(f"missing: {', '.join(result.missing)}")
