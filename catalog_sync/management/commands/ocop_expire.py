"""python manage.py ocop_expire [--dry-run] [--as-of DATE]: hide products whose certificate lapsed."""

from __future__ import annotations

import sys
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console
from rich.table import Table

from catalog_sync.management.commands.ocop_sync import date_option
from catalog_sync.reporting import print_plan, print_summary
from catalog_sync.services import EXIT_FAILED, SyncFailed, run_expiry_sweep


class Command(BaseCommand):
    help = "Hide every product whose OCOP certificate expired; list those expiring soon."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--as-of", default=None, help="judge validity on this day")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout), soft_wrap=True, width=160)
        as_of = date_option(options["as_of"]) if options["as_of"] else None
        try:
            result = run_expiry_sweep(as_of=as_of, dry_run=options["dry_run"])
        except SyncFailed as exc:
            self.stderr.write(f"ocop_expire failed: {exc}")
            sys.exit(EXIT_FAILED)
        if options["dry_run"]:
            print_plan(console, result.plan)
        for days, certificates in result.expiring.items():
            table = Table(title=f"Expiring within {days} days: {len(certificates)}")
            for column in ("product", "stars", "decision", "valid until"):
                table.add_column(column)
            for cert in certificates[:100]:
                table.add_row(
                    cert.product.name,
                    str(cert.stars),
                    cert.decision_number,
                    cert.valid_until.isoformat(),
                )
            console.print(table)
        print_summary(console, result)
        sys.exit(result.exit_status)
