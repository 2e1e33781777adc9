from __future__ import annotations

from django.db import models

from catalog_sync.models import Certificate


class CertificateNotice(models.Model):
    """A mail about a certificate's end sent to its producer's members: once per kind."""

    class Kind(models.TextChoices):
        DAYS_60 = "60d"
        DAYS_30 = "30d"
        HIDDEN = "hidden"

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["certificate", "kind"], name="one_notice_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.certificate}"
