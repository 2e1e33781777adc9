"""Create or update, idempotently, everything the shop needs in Saleor."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from saleor_api.bootstrap import bootstrap_store
from saleor_api.connection import get_client
from saleor_api.errors import SaleorError


class Command(BaseCommand):
    help = "Make Saleor hold the shop's channels, warehouse, shipping, product type and categories."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--webhook-url",
            default=None,
            help="subscribe the app (token-created) to catalogue events at this URL "
            "(default: APP_PUBLIC_URL/saleor/webhooks/); 'none' to skip",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        webhook_url = options["webhook_url"]
        if webhook_url is None:
            webhook_url = settings.APP_PUBLIC_URL.rstrip("/") + "/saleor/webhooks/"
        elif webhook_url.lower() == "none":
            webhook_url = None
        client = get_client()
        try:
            _layout, report = bootstrap_store(client, webhook_url=webhook_url)
        except (SaleorError, ValueError) as exc:
            raise CommandError(f"bootstrap failed: {exc}") from exc
        for change in report.changes:
            self.stdout.write(f"  {change}")
        self.stdout.write(
            f"Saleor is ready: {len(report.changes)} change(s), {client.mutations_sent} mutation(s)."
        )
