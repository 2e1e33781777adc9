"""An official list uploaded in the province console: the file as planned, its dry-run plan, and
the progress of its apply (a Celery task), which ends in the catalogue sync's own SyncRun."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from catalog_sync.models import SyncRun


class ListUploadQuerySet(models.QuerySet["ListUpload"]):
    def of_province(self, province_key: str) -> ListUploadQuerySet:
        return self.filter(province_key=province_key)


class ListUpload(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned"  # the dry run is shown; nothing written yet
        QUEUED = "queued"  # the officer pressed apply; the task has not started
        APPLYING = "applying"
        DONE = "done"  # the run ended (succeeded or partial: see run.status)
        FAILED = "failed"

    province = models.CharField(max_length=200)
    province_key = models.CharField(max_length=200, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=500, help_text="the file in the upload storage")
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, help_text="of the file the plan was made from")
    decision_number = models.CharField(max_length=100, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    issuing_authority = models.CharField(max_length=300, blank=True)
    as_of = models.DateField(help_text="the day the plan judged validity on")
    plan = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    processed = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    run = models.ForeignKey(
        SyncRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="uploads"
    )
    error = models.TextField(blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ListUploadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.province}, {self.status})"
