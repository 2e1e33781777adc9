from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import TestCase

from accounts.models import ProducerMember, ProvinceOfficer
from catalog_sync.domain import FeedDefaults
from catalog_sync.models import OcopProduct, Producer
from catalog_sync.services import run_sync
from tests.fakes.shop import TODAY, sample_shop

# Two producers of the sample feed (Kiên Giang), each with products in the in-memory Saleor.
PRODUCER_A = "HTX Nước mắm Phú Quốc Khải Hoàn"
PRODUCER_B = "Công ty TNHH Tiêu Phú Quốc"
PRODUCT_A = "Nước mắm Phú Quốc 40 độ đạm"
PRODUCT_B = "Tiêu đen Phú Quốc"
# A producer with one valid and one expired product (certificate of 2021).
EXPIRED = "Kẹo dừa lá dứa"


@pytest.fixture
def shop(db, monkeypatch, settings):
    yield sample_shop(monkeypatch, settings)
    cache.clear()


def make_user(email: str, **extra):
    return get_user_model().objects.create_user(
        username=email, email=email, password="a long passphrase 42", **extra
    )


def member_of(producer_name: str, email: str):
    user = make_user(email)
    ProducerMember.objects.create(user=user, producer=Producer.objects.get(name=producer_name))
    return user


@pytest.fixture
def member_a(shop):
    return member_of(PRODUCER_A, "a@htx-a.vn")


@pytest.fixture
def member_b(shop):
    return member_of(PRODUCER_B, "b@cty-b.vn")


@pytest.fixture
def staff(db):
    return make_user("staff@shop.vn", is_staff=True)


@pytest.fixture
def officer(shop):
    user = make_user("officer@kiengiang.gov.vn")
    key = Producer.objects.get(name=PRODUCER_A).province_key
    ProvinceOfficer.objects.create(user=user, province="Kiên Giang", province_key=key)
    return user


def product(name: str) -> OcopProduct:
    return OcopProduct.objects.get(name=name)


def import_unpriced(shop, tmp_path: Path, name: str, producer: str) -> OcopProduct:
    """A five-column list: the product arrives with no price (not for sale)."""
    path = tmp_path / "phu-luc.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["STT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Hạng sao"])
        writer.writerow([1, name, producer, "xã Hòa Ân, huyện Cầu Kè", 4])
    defaults = FeedDefaults(
        province="Trà Vinh", decision_number="2751/QĐ-UBND", decided_on=date(2024, 11, 24)
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        result = run_sync(str(path), defaults=defaults, as_of=TODAY, client=shop.client())
    assert result.applied is not None
    assert result.applied.failures == []
    return OcopProduct.objects.get(name=name)


def photo_bytes(
    size: tuple[int, int] = (800, 600), kind: str = "JPEG", *, gps: bool = False, **extra
) -> bytes:
    """A photo as a phone takes it; with ``gps``, EXIF with where it was taken."""
    import io

    from PIL import Image

    image = Image.new("RGB", size, (200, 120, 40))
    for x in range(0, size[0], 40):  # something to see, so the encoder keeps detail
        image.paste((30, 90, 160), (x, 0, x + 20, size[1]))
    options: dict = dict(extra)
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x0110] = "Phone 15"  # Model
        exif[0x8825] = {  # the GPS IFD: Phú Quốc
            1: "N",
            2: (10.0, 13.0, 37.5),
            3: "E",
            4: (103.0, 57.0, 42.0),
        }
        options["exif"] = exif.tobytes()
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()
