"""The province console against a real Saleor: an officer uploads a five-column appendix as
provinces publish it (an .xlsx with a title row), reads the plan, applies it in the Celery task
(eager), and Saleor holds the province's products; rows of another province never reach it. A
revocation from the console then hides the product in Saleor at once."""

from __future__ import annotations

import io
import uuid

import openpyxl
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import ProvinceOfficer
from catalog_sync.models import AuditEvent, Certificate, OcopProduct, SyncRun
from config.celery import app as celery_app
from console.models import ListUpload
from saleor_api import connection
from tests.portal.conftest import make_user
from tests.support.saleor import delete_product, get_products

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live(saleor, layout, monkeypatch, settings, tmp_path):
    monkeypatch.setattr(connection, "_client", saleor)
    monkeypatch.setattr(connection, "_visitor_app_client", None)
    settings.CONSOLE_UPLOAD_ROOT = tmp_path / "uploads"
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    cache.clear()
    yield saleor
    celery_app.conf.task_always_eager = eager
    for product in OcopProduct.objects.exclude(saleor_product_id=""):
        delete_product(saleor, product.saleor_product_id)


def appendix(unique: str) -> bytes:
    """Phụ lục of a decision: a title row, five columns, merged STT-less title, a 2-star row and
    a row of another province."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Phụ lục"
    sheet.append([f"DANH SÁCH SẢN PHẨM OCOP TỈNH QUẢNG NINH NĂM 2026 ({unique})"])
    sheet.merge_cells("A1:E1")
    sheet.append(["STT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Hạng sao"])
    rows = [
        [1, f"Chả mực Hạ Long {unique}", f"HTX Chả mực {unique}", "phường Hồng Gai, tỉnh Quảng Ninh", 4],
        [2, f"Rượu ba kích {unique} ", f"Công ty TNHH Ba kích {unique}", "xã Đồng Tâm, Quảng Ninh", "3 sao"],
        [3, f"Trà hoa vàng {unique}", f"Hộ kinh doanh Trà {unique} - thôn 2, xã Đông Ngũ", "", 5],
        [4, f"Sá sùng khô {unique}", f"Tổ hợp tác Sá sùng {unique}", "đặc khu Vân Đồn, tỉnh Quảng Ninh", 2],
        [5, f"Na dai {unique}", f"HTX Na {unique}", "xã Chi Lăng, tỉnh Lạng Sơn", 3],
    ]  # fmt: skip
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_officer_uploads_a_five_column_list_applies_it_and_revokes_one(live, settings):
    unique = uuid.uuid4().hex[:8]
    officer = make_user(f"officer-{unique}@quangninh.gov.vn")
    ProvinceOfficer.objects.create(user=officer, province="Quảng Ninh", province_key="quang ninh")
    client = Client()
    client.force_login(officer)
    upload_file = SimpleUploadedFile(f"phu-luc-{unique}.xlsx", appendix(unique))

    # Upload: the plan, nothing written yet.
    response = client.post(
        "/vi/province/quang-ninh/upload/",
        {
            "file": upload_file,
            "decision_number": "1520/QĐ-UBND",
            "decided_on": "20/10/2026",
            "issuing_authority": "UBND tỉnh Quảng Ninh",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    upload = ListUpload.objects.get(original_name=f"phu-luc-{unique}.xlsx")
    assert upload.plan["counts"]["create"] == 3
    assert upload.plan["counts"]["reject"] == 2
    page = client.get(response["Location"]).content.decode()
    assert "Dòng này thuộc Lạng Sơn, không phải Quảng Ninh: bị loại ra." in page
    assert not OcopProduct.objects.filter(name__contains=unique).exists()

    # Apply: the task writes the three products to Saleor; the status says it finished.
    client.post(f"/vi/province/quang-ninh/uploads/{upload.pk}/apply/")
    status = client.get(f"/vi/province/quang-ninh/uploads/{upload.pk}/status/").json()
    assert status["finished"] is True, status
    assert status["processed"] == status["total"] == 3
    assert status["run_status"] == SyncRun.Status.PARTIAL
    products = OcopProduct.objects.filter(name__contains=unique)
    assert sorted(p.name.split(" ")[0] for p in products) == ["Chả", "Rượu", "Trà"]
    assert {p.province_key for p in products} == {"quang ninh"}
    states = {s.id: s for s in get_products(live, [p.saleor_product_id for p in products])}
    assert len(states) == 3
    assert all(s.external_reference == f"ocop:{p.product_key}" for p in products
               for s in [states[p.saleor_product_id]])  # fmt: skip
    run = SyncRun.objects.get(pk=status["run"])
    assert set(AuditEvent.objects.filter(run=run).values_list("actor", flat=True)) == {
        officer.email
    }
    assert "Na dai" not in client.get(f"/vi/province/quang-ninh/runs/{run.pk}/").content.decode()

    # Revoke one: hidden in Saleor at once.
    tea = products.get(name__startswith="Trà hoa vàng")
    assert Certificate.objects.get(product=tea).stars == 5
    data = {"decision_number": "3763/QĐ-UBND", "reason": "Ngừng sản xuất", "confirmed": "yes"}
    client.post(f"/vi/province/quang-ninh/products/{tea.pk}/revoke/", data)
    [state] = get_products(live, [tea.saleor_product_id])
    assert not any(channel.is_published for channel in state.channels)
    assert Certificate.objects.get(product=tea).status == Certificate.Status.REVOKED
