"""The one place that decides which listings, producers, members and provinces a user may reach.

Views and services ask here and never filter by role themselves; an object outside the answer
is a 404 for that user (it does not exist as far as they are concerned).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import Invitation, InvitationQuerySet, ProducerMember, ProvinceOfficer
from catalog_sync.models import AuditEvent, OcopProduct, OcopProductQuerySet, Producer, SyncRun
from catalog_sync.normalise import matching_key
from catalog_sync.provinces import PROVINCES_BEFORE_2025, PROVINCES_SINCE_2025


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


# --- The province console: an officer oversees one province, staff every province ---------------


@dataclass(frozen=True)
class Province:
    """A province as the registry keys it (``Producer.province_key``), with the name shown."""

    name: str
    key: str

    @property
    def slug(self) -> str:
        """Its part of a console URL: the key's words joined by hyphens (keys have none)."""
        return self.key.replace(" ", "-")


def known_provinces() -> list[Province]:
    """Every province a list may name (both schemes), and any other the registry or an officer
    holds, by name."""
    found: dict[str, Province] = {}
    for name in (*PROVINCES_SINCE_2025, *PROVINCES_BEFORE_2025):
        found.setdefault(matching_key(name), Province(name, matching_key(name)))
    for name, key in (
        Producer.objects.exclude(province_key="").values_list("province", "province_key").distinct()
    ):
        found.setdefault(key, Province(name, key))
    for name, key in ProvinceOfficer.objects.values_list("province", "province_key"):
        found.setdefault(key, Province(name, key))
    return sorted(found.values(), key=lambda p: p.key)


def may_enter_console(user: Any) -> bool:
    return _active(user) and (user.is_staff or officer_of(user) is not None)


def overseen_provinces(user: Any) -> list[Province]:
    """The provinces whose console the user may open: staff all, an officer its own, else none."""
    if not _active(user):
        return []
    if user.is_staff:
        return known_provinces()
    officer = officer_of(user)
    return [Province(officer.province, officer.province_key)] if officer else []


def overseen_province(user: Any, slug: str) -> Province | None:
    """The province a console URL names, if the user oversees it (None: a 404 for them)."""
    return next((p for p in overseen_provinces(user) if p.slug == slug), None)


def _oversees(user: Any, province: Province) -> bool:
    if not _active(user):
        return False
    if user.is_staff:
        return True
    officer = officer_of(user)
    return officer is not None and officer.province_key == province.key


def province_products(user: Any, province: Province) -> OcopProductQuerySet:
    """The registry's products of the province (to revoke, to watch expiring)."""
    if not _oversees(user, province):
        return OcopProduct.objects.none()
    return OcopProduct.objects.in_province(province.key)


def province_producers(user: Any, province: Province) -> QuerySet[Producer]:
    if not _oversees(user, province):
        return Producer.objects.none()
    return Producer.objects.filter(province_key=province.key)


def province_invitations(user: Any, province: Province) -> InvitationQuerySet:
    return Invitation.objects.filter(producer__in=province_producers(user, province))


def province_runs(user: Any, province: Province) -> QuerySet[SyncRun]:
    """Sync runs of the province: the lists uploaded for it in the console, and any other run
    (the command line's, the expiry sweep) that changed one of its products."""
    if not _oversees(user, province):
        return SyncRun.objects.none()
    touched = AuditEvent.objects.filter(product__province_key=province.key, run__isnull=False)
    return SyncRun.objects.filter(
        Q(uploads__province_key=province.key) | Q(pk__in=touched.values("run_id"))
    ).distinct()


def province_audit(user: Any, province: Province, run: SyncRun) -> QuerySet[AuditEvent]:
    """What a run changed in the province: a run that spans provinces shows only this one's."""
    return AuditEvent.objects.filter(run=run, product__in=province_products(user, province))


def run_is_the_provinces_own(run: SyncRun, province: Province) -> bool:
    """A list uploaded for this province: all its rejected rows are the province's business (a
    run that spans provinces keeps its rejected rows to staff, in the admin)."""
    return SyncRun.objects.filter(pk=run.pk, uploads__province_key=province.key).exists()
