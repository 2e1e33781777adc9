"""Mails to producers before and when a certificate ends: 60 and 30 days before its last valid
day, and on the day the product is hidden. Each is sent once (a CertificateNotice per
certificate and kind), in each member's language; running twice sends nothing more."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import ProducerMember
from catalog_sync.models import Certificate
from portal.models import CertificateNotice

logger = logging.getLogger(__name__)

WARNINGS = ((60, CertificateNotice.Kind.DAYS_60), (30, CertificateNotice.Kind.DAYS_30))
# A certificate that ended longer ago than this gets no "hidden" mail (first run on old data).
HIDDEN_RECENT_DAYS = 7


@dataclass(frozen=True)
class Due:
    certificate: Certificate
    kind: str


def _without(kind: str, certificates: QuerySet[Certificate]) -> QuerySet[Certificate]:
    return certificates.exclude(notices__kind=kind).select_related("product__producer")


def due(today: date) -> list[Due]:
    """The notices not sent yet. A warning is due anywhere inside its window (a day the task did
    not run is caught up), the 60-day one only while the 30-day one is not due yet."""
    found: list[Due] = []
    active = Certificate.objects.active().filter(product__producer__members__isnull=False)
    windows = sorted(WARNINGS)  # 30 then 60
    previous = -1
    for days, kind in windows:
        window = active.filter(
            valid_until__gt=today + timedelta(days=previous),
            valid_until__lte=today + timedelta(days=days),
            valid_until__gte=today,
        ).distinct()
        found += [Due(c, kind) for c in _without(kind, window)]
        previous = days
    ended = (
        Certificate.objects.current()
        .filter(product__producer__members__isnull=False)
        .filter(
            Q(status=Certificate.Status.REVOKED)
            | Q(status=Certificate.Status.EXPIRED)
            | Q(status=Certificate.Status.ACTIVE, valid_until__lt=today)
        )
        .filter(
            Q(valid_until__gte=today - timedelta(days=HIDDEN_RECENT_DAYS))
            | Q(status_changed_at__gte=timezone.now() - timedelta(days=HIDDEN_RECENT_DAYS))
        )
        .distinct()
    )
    found += [Due(c, CertificateNotice.Kind.HIDDEN) for c in _without("hidden", ended)]
    return found


def send_due(today: date) -> int:
    """Send every due notice; the number of notices sent."""
    sent = 0
    for item in due(today):
        members = list(
            ProducerMember.objects.filter(
                producer_id=item.certificate.product.producer_id, user__is_active=True
            ).select_related("user")
        )
        recipients = [m for m in members if m.user.email]
        if not recipients:
            continue
        try:
            with transaction.atomic():
                CertificateNotice.objects.create(
                    certificate=item.certificate,
                    kind=item.kind,
                    recipients=[m.user.email for m in recipients],
                )
                for member in recipients:
                    _mail(member, item, today)
        except IntegrityError:
            continue  # another run recorded it first
        sent += 1
    return sent


def _mail(member: ProducerMember, item: Due, today: date) -> None:
    certificate = item.certificate
    context = {
        "certificate": certificate,
        "product": certificate.product,
        "kind": item.kind,
        "days": (certificate.valid_until - today).days,
        "authority": certificate.issuing_authority,
    }
    with translation.override(member.language or "vi"):
        subject = render_to_string("portal/notice_subject.txt", context).strip()
        body = render_to_string("portal/notice_email.txt", context)
    send_mail(subject, body, None, [member.user.email])
