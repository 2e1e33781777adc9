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
            {"row": e.row_number, "column": e.column, "kind": e.kind, "reason": e.reason}
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
    for column in ("row", "column", "kind", "reason"):
        table.add_column(column)
    for error in result.plan.rejected[:limit]:
        table.add_row(str(error.row_number), error.column, error.kind, error.reason)
    if len(result.plan.rejected) > limit:
        table.caption = (
            f"… and {len(result.plan.rejected) - limit} more (stored on sync run #{result.run.pk})"
        )
    console.print(table)


def print_summary(console: Console, result: SyncResult) -> None:
    table = Table(title=f"Sync run #{result.run.pk}: {result.run.status}")
    table.add_column("what")
    table.add_column("count", justify="right")
    for kind, count in result.plan.counts().items():
        table.add_row(kind, str(count))
    table.add_row("new certificates", str(len(result.plan.new_certificates)))
    if result.applied:
        table.add_row("failed Saleor writes", str(len(result.applied.failures)))
    console.print(table)
    if result.feed:
        for warning in result.feed.warnings:
            console.print(f"[yellow]warning:[/] {warning}")
    if result.applied:
        for failure in result.applied.failures[:50]:
            console.print(f"[red]failed:[/] {failure}")
