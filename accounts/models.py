"""Who may touch what: the shop's roles beside Django's users.

- shop staff: ``user.is_staff`` (everything);
- province officer: one province of the registry (its producers, invitations);
- producer member: one producer of the registry (its listings); a producer may have several.
What each role may reach is decided in :mod:`accounts.policy`, nowhere else.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils import timezone

from catalog_sync.models import Producer

INVITATION_SALT = "accounts.invitation"


class ProvinceOfficer(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="province_officer"
    )
    province = models.CharField(max_length=200, help_text="as the registry names it")
    province_key = models.CharField(
        max_length=200, db_index=True, help_text="the registry's key (Producer.province_key)"
    )

    def __str__(self) -> str:
        return f"{self.user} — {self.province}"


class ProducerMember(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="producer_member"
    )
    producer = models.ForeignKey(Producer, on_delete=models.PROTECT, related_name="members")
    language = models.CharField(
        max_length=10, default="vi", help_text="the language the shop writes to this member in"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    invitation = models.OneToOneField(
        "Invitation", null=True, blank=True, on_delete=models.SET_NULL, related_name="member"
    )

    def __str__(self) -> str:
        return f"{self.user} — {self.producer}"


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An email invited to manage a producer's listings. The link carries a signed id; the
    invitation is good once, until ``expires_at``."""

    email = models.EmailField()
    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="invitations")
    language = models.CharField(max_length=10, default="vi")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.producer}"

    @staticmethod
    def lifetime() -> timedelta:
        return timedelta(days=settings.PORTAL_INVITATION_DAYS)

    @property
    def token(self) -> str:
        return signing.dumps({"invitation": self.pk}, salt=INVITATION_SALT, compress=True)

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()
