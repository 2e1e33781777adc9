"""A province officer on a phone (390 px, Vietnamese): signs in, uploads the province's five-column
appendix, reads the plan with its left-out rows, applies it, and watches the progress until the
run is done. Then every console page at 390 px and at desktop width, in Vietnamese and English,
is opened, checked with axe and saved (test-output/e2e/console-*.png)."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from playwright.sync_api import Page, ViewportSize, expect

from accounts.models import ProvinceOfficer
from catalog_sync.models import Certificate, OcopProduct
from config.celery import app as celery_app
from console.models import ListUpload
from tests.console.conftest import FIVE_COLUMNS, NEW_OF_A, csv_bytes
from tests.fakes.shop import TODAY
from tests.portal.conftest import make_user

if TYPE_CHECKING:
    from tests.e2e.conftest import AxeCheck, SaveScreenshot

PHONE: ViewportSize = {"width": 390, "height": 844}
PASSWORD = "a long passphrase 42"


@pytest.fixture
def locale() -> str:
    return "vi"


@pytest.fixture
def worker(monkeypatch) -> threading.Event:
    """A Celery worker stand-in: the task runs in its own thread once ``go`` is set, so the page
    really waits and polls (the in-memory Saleor lives in this process, not in a worker's)."""
    from console.tasks import apply_list_upload

    go = threading.Event()

    def deliver(upload_id: int) -> None:
        def work() -> None:
            go.wait(30)
            try:
                apply_list_upload.apply(args=[upload_id])
            finally:
                connection.close()

        threading.Thread(target=work, daemon=True).start()

    monkeypatch.setattr(apply_list_upload, "delay", deliver)
    return go


def sign_in(page: Page, email: str, language: str = "vi") -> None:
    page.goto(f"/{language}/province/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()


def officer() -> Any:
    user = make_user("officer@kiengiang.gov.vn")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    ProvinceOfficer.objects.create(user=user, province="Kiên Giang", province_key="kien giang")
    return user


def test_an_officer_uploads_a_list_and_follows_its_apply_on_a_phone(
    page: Page,
    shop,
    tmp_path: Path,
    settings,
    worker: threading.Event,
    axe_check: AxeCheck,
    save_screenshot: SaveScreenshot,
) -> None:
    settings.CONSOLE_UPLOAD_ROOT = tmp_path / "uploads"
    officer()
    appendix = tmp_path / "phu-luc-kien-giang.csv"
    appendix.write_bytes(csv_bytes(FIVE_COLUMNS))
    page.set_viewport_size(PHONE)

    sign_in(page, "officer@kiengiang.gov.vn")
    expect(page.get_by_role("heading", level=1)).to_have_text("OCOP tại Kiên Giang")
    page.get_by_role("link", name="Tải lên danh sách chính thức").click()

    page.get_by_label("Danh sách chính thức (.xlsx hoặc .csv)").set_input_files(str(appendix))
    page.get_by_label("Số quyết định", exact=True).fill("1520/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill("20/10/2026")
    page.get_by_label("Cơ quan ban hành").fill("UBND tỉnh Kiên Giang")
    assert axe_check(page) == []
    save_screenshot(page, "console-e2e-1-upload")
    page.get_by_role("button", name="Kiểm tra danh sách").click()

    # The plan: three new products, three rows left out, each with its row and reason.
    expect(page.locator(".figures")).to_contain_text("Mới trong cửa hàng")
    expect(page.locator(".problems")).to_contain_text("hàng 8")
    expect(page.locator(".problems")).to_contain_text("Dòng này thuộc Bến Tre")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert axe_check(page) == []
    save_screenshot(page, "console-e2e-2-plan")
    assert not OcopProduct.objects.filter(name__in=NEW_OF_A).exists()

    page.get_by_role("button", name="Áp dụng danh sách này").click()
    expect(page.locator("#progress-message")).to_have_text("Đang chờ bắt đầu…")
    save_screenshot(page, "console-e2e-3-waiting")
    worker.set()  # the worker takes the task; the page, polling, follows it to the end
    expect(page.locator("#progress-message")).to_have_text(
        "Xong, nhưng có vấn đề: xem lần nhập.", timeout=30_000
    )
    expect(page.locator("#progress-count")).to_have_text("Đã ghi 3 trên 3 sản phẩm")
    assert page.locator("#progress-bar").evaluate("b => b.value === b.max")
    assert axe_check(page) == []
    save_screenshot(page, "console-e2e-4-done")
    assert OcopProduct.objects.filter(name__in=NEW_OF_A).count() == 3

    page.get_by_role("link", name="Xem lần nhập và những gì đã thay đổi").click()
    expect(page.locator("main")).to_contain_text("officer@kiengiang.gov.vn")
    expect(page.locator("main")).to_contain_text("Mắm cá sặc Console")
    save_screenshot(page, "console-e2e-5-run")


PAGES = ["province", "upload", "plan", "applied", "runs", "run", "products", "revoke",
         "revoke-confirm", "expiring", "producers", "staff-choose"]  # fmt: skip


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("locale", ["vi", "en"])
def test_every_console_page_reads_well(
    page: Page,
    shop,
    tmp_path: Path,
    settings,
    locale: str,
    width: int,
    axe_check: AxeCheck,
    save_screenshot: SaveScreenshot,
) -> None:
    from console import services
    from tests.console.conftest import A

    settings.CONSOLE_UPLOAD_ROOT = tmp_path / "uploads"
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    user = officer()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import TestCase

    def planned(name: str) -> ListUpload:
        return services.plan_upload(
            user,
            A,
            SimpleUploadedFile(name, csv_bytes(FIVE_COLUMNS)),
            decision_number="1520/QĐ-UBND",
            decided_on=TODAY - timedelta(days=30),
            issuing_authority="UBND tỉnh Kiên Giang",
        )

    applied = planned("phu-luc-da-ap-dung.csv")
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.request_apply(user, applied)
    celery_app.conf.task_always_eager = eager
    applied.refresh_from_db()
    fresh = planned("phu-luc-moi.csv")
    ending = OcopProduct.objects.get(name="Tiêu đen Phú Quốc").current_certificate()
    assert ending is not None
    Certificate.objects.filter(pk=ending.pk).update(valid_until=TODAY + timedelta(days=21))
    product = OcopProduct.objects.get(name="Nước mắm Phú Quốc 40 độ đạm")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "officer@kiengiang.gov.vn", locale)
    base = f"/{locale}/province/kien-giang/"
    urls = {
        "province": base,
        "upload": base + "upload/",
        "plan": f"{base}uploads/{fresh.pk}/",
        "applied": f"{base}uploads/{applied.pk}/",
        "runs": base + "runs/",
        "run": f"{base}runs/{applied.run_id}/",
        "products": base + "products/",
        "revoke": f"{base}products/{product.pk}/revoke/",
        "expiring": base + "expiring/",
        "producers": base + "producers/",
    }
    for name in PAGES:
        if name == "revoke-confirm":
            page.goto(urls["revoke"])
            page.locator("#id_decision_number").fill("3763/QĐ-UBND")
            page.locator("#id_reason").fill("Vi phạm an toàn thực phẩm")
            page.locator("form.pform button[type=submit]").click()
            expect(page.locator("button.danger")).to_be_visible()
        elif name == "staff-choose":
            page.context.clear_cookies()
            staff = make_user("staff@shop.vn", is_staff=True)
            EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
            sign_in(page, "staff@shop.vn", locale)
            expect(page.locator(".columns")).to_contain_text("Kiên Giang")
        else:
            response = page.goto(urls[name])
            assert response is not None
            assert response.status == 200, name
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), name
        assert axe_check(page) == [], name
        save_screenshot(page, f"console-{name}-{locale}-{width}")
