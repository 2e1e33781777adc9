"""Two provinces of the sample feed: Kiên Giang (officer A) and Bến Tre (officer B), each with
products in the in-memory Saleor; uploaded lists are kept under the test's own folder, and the
console's Celery task runs eagerly once the request's transaction commits."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import ProvinceOfficer
from accounts.policy import Province
from catalog_sync.models import Producer
from config.celery import app as celery_app
from tests.fakes.shop import sample_shop
from tests.portal.conftest import make_user

A = Province("Kiên Giang", "kien giang")
B = Province("Bến Tre", "ben tre")
PRODUCT_OF_A = "Nước mắm Phú Quốc 40 độ đạm"
PRODUCT_OF_B = "Bưởi da xanh Bến Tre"
WRITE_OPERATIONS = re.compile(
    r"^(Product(BulkCreate|Update|ChannelListingUpdate|Translate|BulkTranslate|Delete|MediaCreate)"
    r"|ProductVariant\w+)"
)

# A province's appendix of five columns, as provinces publish them, for Kiên Giang: three
# certified products, one rated 2 stars, one repeated, one of another province.
FIVE_COLUMNS: list[list[object]] = [
    ["DANH SÁCH SẢN PHẨM OCOP TỈNH KIÊN GIANG NĂM 2026"],
    ["STT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Hạng sao"],
    [1, "Mắm cá sặc Console", "HTX Mắm Console", "ấp 3, xã Dương Đông, tỉnh Kiên Giang", 3],
    [2, "Rượu sim Console", "Hộ kinh doanh Sim Console", "xã Hàm Ninh, tỉnh Kiên Giang", 4],
    [3, "Khô cá thu Console", "Cơ sở Khô Console", "xã An Thới", 4],
    [4, "Bánh phồng Console", "Tổ hợp tác Bánh Console", "xã Hòn Thơm, tỉnh Kiên Giang", 2],
    [5, "Mắm cá sặc Console", "HTX Mắm Console", "ấp 3, xã Dương Đông, tỉnh Kiên Giang", 3],
    [6, "Kẹo chuối Console", "HTX Chuối Console", "xã Phú Túc, huyện Châu Thành, tỉnh Bến Tre", 3],
]
NEW_OF_A = ["Mắm cá sặc Console", "Rượu sim Console", "Khô cá thu Console"]


@pytest.fixture
def shop(db, monkeypatch, settings, tmp_path):
    settings.CONSOLE_UPLOAD_ROOT = tmp_path / "uploads"
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield sample_shop(monkeypatch, settings)
    celery_app.conf.task_always_eager = eager
    cache.clear()


def officer_of(province: Province, email: str):
    user = make_user(email)
    ProvinceOfficer.objects.create(user=user, province=province.name, province_key=province.key)
    return user


@pytest.fixture
def officer_a(shop):
    assert Producer.objects.filter(province_key=A.key).exists()
    return officer_of(A, "officer@kiengiang.gov.vn")


@pytest.fixture
def officer_b(shop):
    assert Producer.objects.filter(province_key=B.key).exists()
    return officer_of(B, "officer@bentre.gov.vn")


def csv_bytes(rows: list[list[object]]) -> bytes:
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def five_column_list(name: str = "phu-luc-kien-giang.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_bytes(FIVE_COLUMNS), content_type="text/csv")


def upload_form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "file": five_column_list(),
        "decision_number": "1520/QĐ-UBND",
        "decided_on": "20/10/2026",
        "issuing_authority": "UBND tỉnh Kiên Giang",
    }
    data.update(changes)
    return data


def writes(shop) -> list[str]:
    return [c for c in shop.calls if WRITE_OPERATIONS.match(c)]


def stored_files(settings) -> list[Path]:
    root = Path(settings.CONSOLE_UPLOAD_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
