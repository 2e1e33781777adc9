"""Celery tasks of the catalogue sync."""

from __future__ import annotations

from celery import shared_task

from catalog_sync.services import run_expiry_sweep


@shared_task(name="catalog_sync.tasks.expiry_sweep", acks_late=True)
def expiry_sweep() -> dict[str, int]:
    """Daily, just after midnight in Vietnam (see CELERY_BEAT_SCHEDULE): hide what expired."""
    result = run_expiry_sweep()
    return dict(result.run.counts) if result.run else {}
