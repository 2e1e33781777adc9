"""python manage.py ocop_sync SOURCE [--dry-run] [--province NAME] [--decision NUMBER --decided-on DATE]
[--authoritative] [--as-of DATE] [--sheet NAME] [--json]

Exit status: 0 all good, 1 some rows rejected (or some Saleor writes failed), 2 the run failed.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import Progress

from catalog_sync.domain import FeedDefaults
from catalog_sync.normalise import parse_date
from catalog_sync.planner import Plan
from catalog_sync.reporting import plan_as_json, print_plan, print_rejected, print_summary
from catalog_sync.services import EXIT_FAILED, SyncFailed, run_sync


def date_option(value: str) -> date:
    try:
        return parse_date(value)
    except ValueError as exc:
        raise CommandError(f"not a date: {value!r} (use dd/mm/yyyy or yyyy-mm-dd)") from exc


class Command(BaseCommand):
    help = "Import certified OCOP products from an official list into the registry and Saleor."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="a path, an https:// URL or s3://bucket/key")
        parser.add_argument("--dry-run", action="store_true", help="print the plan, write nothing")
        parser.add_argument(
            "--province", default="", help="province of a list whose rows name none"
        )
        parser.add_argument("--decision", default="", help="decision number for the whole list")
        parser.add_argument("--decided-on", default=None, help="decision date for the whole list")
        parser.add_argument("--issuing-authority", default="", help="who issued the decision")
        parser.add_argument(
            "--authoritative",
            action="store_true",
            help="the list is complete for --province: products absent from it are revoked",
        )
        parser.add_argument("--as-of", default=None, help="judge validity on this day")
        parser.add_argument("--format", choices=["csv", "xlsx", "json"], default=None)
        parser.add_argument(
            "--sheet",
            default=None,
            help="read only this sheet of a workbook (default: every sheet with a header)",
        )
        parser.add_argument("--json", action="store_true", help="print the plan as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout), soft_wrap=True, width=160)
        if bool(options["decision"]) != bool(options["decided_on"]):
            raise CommandError("--decision and --decided-on go together")
        defaults = FeedDefaults(
            province=options["province"].strip(),
            decision_number=options["decision"].strip(),
            decided_on=date_option(options["decided_on"]) if options["decided_on"] else None,
            issuing_authority=options["issuing_authority"].strip(),
        )
        as_of = date_option(options["as_of"]) if options["as_of"] else None
        progress = Progress(console=console, transient=True, disable=options["json"])

        def on_plan(plan: Plan):
            total = len(plan.writes)
            if total < 100:
                return None
            progress.start()
            task = progress.add_task("Writing to Saleor", total=total)
            return lambda done: progress.advance(task, done)

        try:
            result = run_sync(
                options["source"],
                defaults=defaults,
                as_of=as_of,
                dry_run=options["dry_run"],
                authoritative=options["authoritative"],
                fmt=options["format"],
                sheet=options["sheet"],
                on_plan=on_plan,
            )
        except SyncFailed as exc:
            progress.stop()
            self.stderr.write(f"ocop_sync failed: {exc}")
            sys.exit(EXIT_FAILED)
        except Exception as exc:  # the run is recorded as failed; the traceback is logged
            progress.stop()
            self.stderr.write(f"ocop_sync failed: unexpected {type(exc).__name__}: {exc}")
            sys.exit(EXIT_FAILED)
        progress.stop()
        if options["json"]:
            self.stdout.write(plan_as_json(result))
        else:
            if options["dry_run"]:
                print_plan(console, result.plan)
            print_rejected(console, result)
            print_summary(console, result)
        sys.exit(result.exit_status)
