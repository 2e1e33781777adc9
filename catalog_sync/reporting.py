"""Plans and runs as operators read them: tables on a terminal, JSON for machines."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.table import Table

from catalog_sync.planner import ActionKind, Plan
from catalog_sync.services import SyncResult


def plan_as_json(result: SyncResult) -> str:
    plan = result.plan
    data: dict[str, Any] = {
        "as_of": plan.as_of.isoformat(),
        "authoritative_province": plan.authoritative_province or None,
        "counts": plan.counts(),
        "new_certificates": len(plan.new_certificates),
        "run": result.run.pk if result.run else None,
        "feed": result.feed.counts if result.feed else None,
        "sheets": result.feed.sheets if result.feed else {},
        "sheets_skipped": result.feed.skipped_sheets if result.feed else [],
        "actions": [
            {
                "action": a.kind.value,
                "product_key": a.product_key,
                "name": a.content.name if a.content else None,
                "stars": a.content.stars if a.content else None,
                "reason": a.reason,
            }
            for a in plan.actions
            if a.kind is not ActionKind.UNCHANGED
        ],
        "rejected": [
            {
                "row": e.row_number,
                "sheet": e.sheet or None,
                "column": e.column,
                "kind": e.kind,
                "reason": e.reason,
            }
            for e in plan.rejected
        ],
        "warnings": result.feed.warnings if result.feed else [],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def print_plan(console: Console, plan: Plan, *, limit: int = 200) -> None:
    table = Table(title=f"Plan as of {plan.as_of.isoformat()}", show_lines=False)
    for column in ("action", "product", "stars", "reason"):
        table.add_column(column)
    shown = [a for a in plan.actions if a.kind is not ActionKind.UNCHANGED]
    for action in shown[:limit]:
        table.add_row(
            action.kind.value,
            action.content.name if action.content else action.product_key,
            str(action.content.stars) if action.content else "",
            action.reason,
        )
    if len(shown) > limit:
        table.caption = f"… and {len(shown) - limit} more (use --json for all)"
    if plan.authoritative_province:
        console.print(
            f"[bold]Authoritative run for {plan.authoritative_province}[/]: products of this "
            "province absent from the list are treated as revoked."
        )
    console.print(table)


def print_rejected(console: Console, result: SyncResult, *, limit: int = 100) -> None:
    if not result.plan.rejected:
        return
    table = Table(title="Rows not imported")
    sheets = any(error.sheet for error in result.plan.rejected)
    for column in (
        ("sheet", "row", "column", "kind", "reason")
        if sheets
        else ("row", "column", "kind", "reason")
    ):
        table.add_column(column)
    for error in result.plan.rejected[:limit]:
        cells = (str(error.row_number), error.column, error.kind, error.reason)
        table.add_row(*((error.sheet, *cells) if sheets else cells))
    if len(result.plan.rejected) > limit:
        stored = f"stored on sync run #{result.run.pk}" if result.run else "use --json for all"
        table.caption = f"… and {len(result.plan.rejected) - limit} more ({stored})"
    console.print(table)


def print_summary(console: Console, result: SyncResult) -> None:
    title = (
        f"Sync run #{result.run.pk}: {result.run.status}"
        if result.run
        else "Dry run (nothing written, no run recorded)"
    )
    table = Table(title=title)
    table.add_column("what")
    table.add_column("count", justify="right")
    for kind, count in result.plan.counts().items():
        table.add_row(kind, str(count))
    table.add_row("new certificates", str(len(result.plan.new_certificates)))
    if result.feed and result.feed.rows_read:
        feed = result.feed.counts
        table.add_row("rows read", str(feed["read"]))
        for label, key in (
            ("not certified (under 3 stars)", "not_certified"),
            ("duplicates", "duplicate"),
            ("invalid", "invalid"),
            ("group given by the list", "group_given"),
            ("group inferred from the name", "group_inferred"),
            ("group unclassified (to do in the admin)", "group_unclassified"),
        ):
            table.add_row(label, str(feed[key]))
        for sheet, rows in result.feed.sheets.items():
            table.add_row(f"sheet '{sheet}': rows", str(rows))
    if result.applied:
        table.add_row("failed Saleor writes", str(len(result.applied.failures)))
    if result.photos:
        table.add_row("photos uploaded", str(result.photos.uploaded))
        table.add_row("photos not added", str(len(result.photos.failures)))
    console.print(table)
    if result.feed:
        for warning in result.feed.warnings:
            console.print(f"[yellow]warning:[/] {warning}")
    if result.applied:
        for failure in result.applied.failures[:50]:
            console.print(f"[red]failed:[/] {failure}")
    for failure in result.photo_failures[:50]:
        console.print(f"[yellow]photo not added:[/] {failure}")
