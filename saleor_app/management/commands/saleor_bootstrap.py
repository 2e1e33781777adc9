"""Create or update, idempotently, everything the shop needs in Saleor, and (for an app created
with a token) the webhooks of the app's manifest."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saleor_api.bootstrap import bootstrap_store
from saleor_api.connection import get_client
from saleor_api.errors import SaleorError
from saleor_app.manifest import manifest_data


class Command(BaseCommand):
    help = "Make Saleor hold the shop's channels, warehouse, shipping, product type and categories."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-webhooks",
            action="store_true",
            help="do not give a token-created app the manifest's webhooks (at APP_PUBLIC_URL)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        webhooks = [] if options["no_webhooks"] else manifest_data()["webhooks"]
        client = get_client()
        try:
            _layout, report = bootstrap_store(client, webhooks=webhooks)
        except (SaleorError, ValueError) as exc:
            raise CommandError(f"bootstrap failed: {exc}") from exc
        for change in report.changes:
            self.stdout.write(f"  {change}")
        self.stdout.write(
            f"Saleor is ready: {len(report.changes)} change(s), {client.mutations_sent} mutation(s)."
        )
