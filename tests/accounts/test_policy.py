"""accounts.policy: what each role may reach."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import policy
from catalog_sync.models import OcopProduct, Producer
from tests.portal.conftest import PRODUCER_A, PRODUCT_A, PRODUCT_B, make_user

pytestmark = pytest.mark.django_db


def names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


def test_a_member_edits_only_its_producers_products(member_a):
    editable = names(policy.editable_products(member_a))

    assert editable == {PRODUCT_A, "Nước mắm Phú Quốc 35 độ đạm"}
    assert PRODUCT_B not in editable


def test_staff_edits_everything_an_officer_nothing(staff, officer):
    assert policy.editable_products(staff).count() == OcopProduct.objects.count()
    assert policy.editable_products(officer).count() == 0


def test_an_officer_invites_in_its_province_only(officer):
    province = Producer.objects.get(name=PRODUCER_A).province_key

    invitable = policy.invitable_producers(officer)

    assert invitable.count() == Producer.objects.filter(province_key=province).count()
    assert not invitable.exclude(province_key=province).exists()
    assert Producer.objects.exclude(province_key=province).exists()


def test_nobody_else_reaches_anything(shop):
    plain = make_user("someone@example.com")
    inactive = make_user("gone@example.com", is_staff=True, is_active=False)

    for user in (AnonymousUser(), plain, inactive):
        assert policy.editable_products(user).count() == 0
        assert policy.visible_producers(user).count() == 0
        assert policy.invitable_producers(user).count() == 0
        assert policy.can_invite(user) is False
