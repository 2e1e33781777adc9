"""Invitations: a producer member joins only through a link sent by staff or a province officer."""

from __future__ import annotations

import smtplib
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts import policy
from accounts.models import INVITATION_SALT, Invitation, ProducerMember
from catalog_sync.models import Producer


class InvitationRefused(Exception):
    """The user may not invite to that producer."""


class InvitationNotSent(Exception):
    """The mail server did not take the mail; no invitation was recorded."""


def invite(
    sender: Any, producer: Producer, email: str, *, language: str, base_url: str
) -> Invitation:
    """Record an invitation and mail its link (``base_url``: the shop's scheme and host)."""
    if not policy.invitable_producers(sender).filter(pk=producer.pk).exists():
        raise InvitationRefused(producer.pk)
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                email=email.strip().lower(),
                producer=producer,
                language=language,
                invited_by=sender,
                expires_at=timezone.now() + Invitation.lifetime(),
            )
            with translation.override(language):
                link = base_url.rstrip("/") + reverse(
                    "accounts:invitation", args=[invitation.token]
                )
                context = {
                    "invitation": invitation,
                    "link": link,
                    "days": settings.PORTAL_INVITATION_DAYS,
                }
                subject = render_to_string("accounts/invitation_subject.txt", context).strip()
                body = render_to_string("accounts/invitation_email.txt", context)
            send_mail(subject, body, None, [invitation.email])
    except (OSError, smtplib.SMTPException) as exc:
        raise InvitationNotSent(str(exc)) from exc
    return invitation


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a link names, if the link is genuine, not expired and not used yet."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=Invitation.lifetime())
    except signing.BadSignature:
        return None
    invitation = (
        Invitation.objects.select_related("producer").filter(pk=data.get("invitation")).first()
    )
    if invitation is None or not invitation.is_usable:
        return None
    return invitation


def join(invitation_id: int, user: Any) -> ProducerMember | None:
    """Make ``user`` a member of the invitation's producer; at most once per invitation."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(pk=invitation_id).first()
        if invitation is None or not invitation.is_usable:
            return None
        if invitation.email.lower() != (user.email or "").lower():
            return None
        invitation.used_at = timezone.now()
        invitation.used_by = user
        invitation.save(update_fields=["used_at", "used_by"])
        member, _ = ProducerMember.objects.update_or_create(
            user=user,
            defaults={
                "producer": invitation.producer,
                "language": invitation.language,
                "invitation": invitation,
            },
        )
        return member
