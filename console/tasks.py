"""Celery tasks of the province console."""

from __future__ import annotations

from celery import shared_task

from console.services import apply_upload


@shared_task(name="console.tasks.apply_list_upload", acks_late=True)
def apply_list_upload(upload_id: int) -> str:
    """Apply a list an officer planned and confirmed; the page follows its progress."""
    upload = apply_upload(upload_id)
    return upload.status if upload else "not queued"
