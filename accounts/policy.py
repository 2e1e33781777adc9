"""The one place that decides which listings, producers and members a user may reach.

Views and services ask here and never filter by role themselves; an object outside the answer
is a 404 for that user (it does not exist as far as they are concerned).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.models import Invitation, ProducerMember, ProvinceOfficer
from catalog_sync.models import OcopProduct, OcopProductQuerySet, Producer


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def member_of(user: Any) -> ProducerMember | None:
    if not _active(user):
        return None
    return ProducerMember.objects.select_related("producer").filter(user=user).first()


def officer_of(user: Any) -> ProvinceOfficer | None:
    if not _active(user):
        return None
    return ProvinceOfficer.objects.filter(user=user).first()


def editable_products(user: Any) -> OcopProductQuerySet:
    """Listings the user may read and change in the portal: staff all, a member its producer's.
    A province officer oversees producers and invites them, but edits no listing."""
    products = OcopProduct.objects.all()
    if not _active(user):
        return products.none()
    if user.is_staff:
        return products
    member = member_of(user)
    if member is None:
        return products.none()
    return products.filter(producer_id=member.producer_id)


def visible_producers(user: Any) -> QuerySet[Producer]:
    """Producers whose members the user may see: staff all, an officer its province's, a member
    its own producer."""
    producers = Producer.objects.all()
    if not _active(user):
        return producers.none()
    if user.is_staff:
        return producers
    officer = officer_of(user)
    if officer is not None:
        return producers.filter(province_key=officer.province_key)
    member = member_of(user)
    if member is not None:
        return producers.filter(pk=member.producer_id)
    return producers.none()


def invitable_producers(user: Any) -> QuerySet[Producer]:
    """Producers the user may invite a member to: staff any, an officer its province's."""
    if _active(user) and user.is_staff:
        return Producer.objects.all()
    officer = officer_of(user)
    if officer is None:
        return Producer.objects.none()
    return Producer.objects.filter(province_key=officer.province_key)


def can_invite(user: Any) -> bool:
    return _active(user) and (user.is_staff or officer_of(user) is not None)


def visible_invitations(user: Any) -> QuerySet[Invitation]:
    return Invitation.objects.filter(producer__in=invitable_producers(user))
