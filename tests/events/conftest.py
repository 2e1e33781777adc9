from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import ProvinceOfficer
from catalog_sync.models import OcopProduct, Producer
from events.models import Event, EventProduct
from tests.portal.conftest import make_user, shop  # noqa: F401 - the sample shop fixture

KIEN_GIANG = ["Nước mắm Phú Quốc 40 độ đạm", "Tiêu đen Phú Quốc"]
BEN_TRE = "Bưởi da xanh Bến Tre"  # a Bến Tre product of the sample list


def officer_for(province: str, email: str):
    user = make_user(email)
    key = Producer.objects.filter(province=province).values_list("province_key", flat=True)[0]
    ProvinceOfficer.objects.create(user=user, province=province, province_key=key)
    return user


@pytest.fixture
def officer(shop):  # noqa: F811
    return officer_for("Kiên Giang", "officer@kiengiang.gov.vn")


@pytest.fixture
def other_officer(shop):  # noqa: F811
    return officer_for("Bến Tre", "officer@bentre.gov.vn")


@pytest.fixture
def staff(db):
    return make_user("staff@shop.vn", is_staff=True)


def product(name: str) -> OcopProduct:
    return OcopProduct.objects.get(name=name)


def province_products(province: str, count: int = 2) -> list[OcopProduct]:
    from catalog_sync import validity
    from catalog_sync.public import certified_on

    key = Producer.objects.filter(province=province).values_list("province_key", flat=True)[0]
    return list(certified_on(validity.ocop_today(), key).order_by("name")[:count])


def make_event(
    province: str,
    products: list[OcopProduct],
    *,
    slug: str = "tuan-le",
    starts: timedelta = timedelta(hours=-1),
    ends: timedelta = timedelta(days=6),
    percent: str | None = "10",
    amounts: dict[str, str] | None = None,
    theme: str = "default",
) -> Event:
    """An event around now (started an hour ago, by default), not yet written to Saleor."""
    now = timezone.now().replace(microsecond=0)
    key = Producer.objects.filter(province=province).values_list("province_key", flat=True)[0]
    event = Event.objects.create(
        slug=slug,
        name_vi=f"Tuần lễ nông sản {province}",
        name_en=f"{province} farm week",
        province=province,
        province_key=key,
        starts_at=now + starts,
        ends_at=now + ends,
        theme=theme,
        discount_kind="fixed" if amounts else ("percentage" if percent else "none"),
        discount_percent=Decimal(percent) if percent and not amounts else None,
        discount_amounts=amounts or {},
    )
    for position, item in enumerate(products):
        EventProduct.objects.create(event=event, product=item, position=position)
    return event
