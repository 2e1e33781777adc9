"""The province console as an officer uses it: upload a list, read its plan, apply it in a Celery
task with its progress, follow the runs, revoke a certificate, watch the ending ones, and reach
the producers' invitations. Saleor is the in-memory double."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog_sync.models import AuditEvent, Certificate, OcopProduct, SyncRun
from console.models import ListUpload
from console.views import events_url
from tests.console.conftest import (
    NEW_OF_A,
    PRODUCT_OF_A,
    PRODUCT_OF_B,
    A,
    csv_bytes,
    stored_files,
    upload_form,
    writes,
)
from tests.fakes.shop import TODAY
from tests.portal.conftest import make_user

pytestmark = pytest.mark.django_db


def current(product: OcopProduct) -> Certificate:
    certificate = product.current_certificate()
    assert certificate is not None
    return certificate


def url(name: str, province=A, **kwargs) -> str:
    return reverse(f"console:{name}", kwargs={"province": province.slug, **kwargs})


def plan(client, **changes) -> ListUpload:
    response = client.post(url("upload"), upload_form(**changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    return ListUpload.objects.get()


# --- Entering the console -------------------------------------------------------------------------


def test_an_officer_is_taken_to_their_province(client, officer_a):
    client.force_login(officer_a)

    response = client.get("/vi/province/")

    assert response.status_code == 302
    assert response["Location"] == "/vi/province/kien-giang/"
    page = client.get(response["Location"]).content.decode()
    assert "OCOP tại Kiên Giang" in page
    assert 'href="/vi/province/kien-giang/upload/"' in page


def test_staff_choose_among_all_provinces(client, shop):
    client.force_login(make_user("staff@shop.vn", is_staff=True))

    page = client.get("/vi/province/").content.decode()
    other = client.get("/vi/province/ben-tre/")

    assert "Kiên Giang" in page
    assert "Bến Tre" in page
    assert "Quảng Ninh" in page
    assert other.status_code == 200


def test_a_producer_member_and_a_plain_user_may_not_enter(client, shop):
    from tests.portal.conftest import PRODUCER_A, member_of

    for user in (member_of(PRODUCER_A, "a@htx-a.vn"), make_user("someone@example.com")):
        client.force_login(user)
        assert client.get("/vi/province/").status_code == 403
        assert client.get("/vi/province/kien-giang/").status_code == 403
        assert client.get("/vi/province/kien-giang/upload/").status_code == 403


def test_the_console_links_to_the_provinces_events(client, officer_a):
    client.force_login(officer_a)

    page = client.get(url("province")).content.decode()

    assert events_url(A) == reverse("events:manage")
    assert f'href="{reverse("events:manage")}"' in page


# --- Upload and plan ------------------------------------------------------------------------------


def test_an_uploaded_list_is_planned_with_row_numbered_problems_and_nothing_written(
    client, shop, officer_a, settings
):
    client.force_login(officer_a)
    products_before, writes_before = OcopProduct.objects.count(), len(writes(shop))
    runs_before = SyncRun.objects.count()

    upload = plan(client)
    page = client.get(url("upload_detail", pk=upload.pk)).content.decode()

    assert upload.status == ListUpload.Status.PLANNED
    assert upload.plan["counts"]["create"] == 3
    assert upload.plan["counts"]["reject"] == 3
    assert upload.plan["feed"]["other_province"] == 1
    assert upload.uploaded_by == officer_a
    # in the officer's language, each left-out row by its number in the spreadsheet
    assert "Được chấm 2 sao: chưa được chứng nhận (từ 3 sao trở lên mới được)." in page
    assert "hàng 6" in page
    assert "hàng 7" in page
    assert "hàng 8" in page
    assert "Dòng này thuộc Bến Tre, không phải Kiên Giang: bị loại ra." in page
    assert "Áp dụng danh sách này" in page
    # a dry run: no run recorded, nothing in the registry or Saleor
    assert SyncRun.objects.count() == runs_before
    assert OcopProduct.objects.count() == products_before
    assert len(writes(shop)) == writes_before
    [kept] = stored_files(settings)
    assert kept.read_bytes().startswith("DANH SÁCH".encode())


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("danh-sach.pdf", b"%PDF-1.4", "Chỉ nhận bảng tính Excel (.xlsx) và tệp CSV (.csv)"),
        ("danh-sach.xlsx", b"STT,Ten\n1,x\n", "không phải bảng tính Excel"),
        ("danh-sach.csv", b"PK\x03\x04zipped", "không phải văn bản"),
        ("danh-sach.csv", b"   ", "Tệp trống"),
    ],
)
def test_a_file_of_the_wrong_kind_is_refused_in_the_officers_language(
    client, shop, officer_a, settings, name, content, error
):
    client.force_login(officer_a)

    response = client.post(url("upload"), upload_form(file=SimpleUploadedFile(name, content)))

    assert response.status_code == 400
    assert error in response.content.decode()
    assert not ListUpload.objects.exists()
    assert stored_files(settings) == []


def test_a_file_too_large_is_refused(client, shop, officer_a, settings):
    settings.CONSOLE_UPLOAD_MAX_BYTES = 100
    client.force_login(officer_a)

    response = client.post(url("upload"), upload_form())

    assert response.status_code == 400
    assert "lớn hơn" in response.content.decode()
    assert not ListUpload.objects.exists()


def test_a_decision_needs_its_date_and_a_date_must_be_a_date(client, shop, officer_a):
    client.force_login(officer_a)

    no_date = client.post(url("upload"), upload_form(decided_on=""))
    bad_date = client.post(url("upload"), upload_form(decided_on="ngày 20 tháng 10"))

    assert no_date.status_code == bad_date.status_code == 400
    assert "Nhập số quyết định cùng với ngày của nó" in no_date.content.decode()
    assert "Nhập ngày theo dạng ngày/tháng/năm" in bad_date.content.decode()
    assert 'value="UBND tỉnh Kiên Giang"' in bad_date.content.decode()  # nothing typed is lost
    assert not ListUpload.objects.exists()


def test_an_unreadable_list_is_explained_and_not_kept(client, shop, officer_a, settings):
    client.force_login(officer_a)
    garbage = SimpleUploadedFile("ds.csv", csv_bytes([["a", "b"], ["1", "2"]]))

    response = client.post(url("upload"), upload_form(file=garbage))

    assert response.status_code == 400
    assert "Không đọc được danh sách" in response.content.decode()
    assert stored_files(settings) == []


# --- Apply, with progress --------------------------------------------------------------------------


def test_applying_runs_the_task_and_the_status_shows_it_finished(
    client, shop, officer_a, django_capture_on_commit_callbacks
):
    client.force_login(officer_a)
    upload = plan(client)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("apply", pk=upload.pk))
    status = client.get(url("upload_status", pk=upload.pk)).json()

    assert response.status_code == 302
    upload.refresh_from_db()
    assert upload.status == ListUpload.Status.DONE
    assert status["finished"] is True
    assert status["processed"] == status["total"] == 3
    assert status["run_status"] == SyncRun.Status.PARTIAL  # three rows were left out
    run = SyncRun.objects.get(pk=status["run"])
    assert run.options["only_province"] == "Kiên Giang"
    assert run.options["actor"] == "officer@kiengiang.gov.vn"
    assert run.options["decision"] == "1520/QĐ-UBND"
    created = OcopProduct.objects.filter(name__in=NEW_OF_A)
    assert sorted(created.values_list("province_key", flat=True)) == [A.key] * 3
    assert not OcopProduct.objects.filter(name="Kẹo chuối Console").exists()
    audit = AuditEvent.objects.filter(run=run)
    assert set(audit.values_list("actor", flat=True)) == {"officer@kiengiang.gov.vn"}
    assert audit.filter(action=AuditEvent.Action.CREATED).count() == 3
    cert = Certificate.objects.get(product__name="Rượu sim Console")
    assert cert.issuing_authority == "UBND tỉnh Kiên Giang"
    assert cert.decision_number == "1520/QĐ-UBND"


def test_a_second_press_applies_nothing_twice(
    client, shop, officer_a, django_capture_on_commit_callbacks
):
    client.force_login(officer_a)
    upload = plan(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("apply", pk=upload.pk))
    runs = SyncRun.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url("apply", pk=upload.pk), follow=True)

    assert SyncRun.objects.count() == runs
    assert "Danh sách này đã được áp dụng rồi." in again.content.decode()


@pytest.fixture(params=["folder", "bucket"])
def change_kept_list(request, settings):
    """Change the list kept for an upload, where the console keeps it: folder or S3 bucket."""
    if request.param == "folder":

        def change(upload: ListUpload) -> None:
            [kept] = stored_files(settings)
            kept.write_bytes(kept.read_bytes().replace(b"Console", b"Changed"))

        return change
    bucket = request.getfixturevalue("list_bucket")
    name = settings.CONSOLE_UPLOAD_BUCKET

    def change_in_bucket(upload: ListUpload) -> None:
        kept = bucket.get_object(Bucket=name, Key=upload.stored_name)["Body"].read()
        bucket.put_object(
            Bucket=name, Key=upload.stored_name, Body=kept.replace(b"Console", b"Changed")
        )

    return change_in_bucket


def test_the_file_applied_is_the_file_planned(
    client, shop, officer_a, change_kept_list, django_capture_on_commit_callbacks
):
    client.force_login(officer_a)
    upload = plan(client)
    change_kept_list(upload)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("apply", pk=upload.pk))

    upload.refresh_from_db()
    assert upload.status == ListUpload.Status.FAILED
    assert "changed since it was planned" in upload.error
    assert not OcopProduct.objects.filter(name__contains="Changed").exists()
    status = client.get(url("upload_status", pk=upload.pk)).json()
    assert status["finished"] is True
    assert status["error"]


def test_while_queued_the_page_follows_the_status(client, shop, officer_a, monkeypatch):
    """Without a worker yet: the page shows the progress box and the status says waiting."""
    monkeypatch.setattr("console.tasks.apply_list_upload.delay", lambda pk: None)
    client.force_login(officer_a)
    upload = plan(client)

    client.post(url("apply", pk=upload.pk))
    page = client.get(url("upload_detail", pk=upload.pk)).content.decode()
    status = client.get(url("upload_status", pk=upload.pk)).json()

    assert 'data-status="queued"' in page
    assert "console/progress.js" in page
    assert status == {
        "status": "queued",
        "processed": 0,
        "total": 3,
        "finished": False,
        "message": "Đang chờ bắt đầu…",
        "error": "",
        "run": None,
        "run_status": None,
        "counts": {},
        "run_url": "",
    }


# --- Runs and their audit --------------------------------------------------------------------------


def test_the_history_shows_who_ran_each_list_and_what_it_changed(
    client, shop, officer_a, django_capture_on_commit_callbacks
):
    client.force_login(officer_a)
    upload = plan(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("apply", pk=upload.pk))
    upload.refresh_from_db()

    runs = client.get(url("runs")).content.decode()
    run = client.get(url("run", pk=upload.run_id)).content.decode()

    assert "phu-luc-kien-giang.csv" in runs
    assert "bởi officer@kiengiang.gov.vn" in runs
    assert "Mắm cá sặc Console" in run
    assert "Khô cá thu Console" in run
    assert "1520/QĐ-UBND" in run
    assert "Dòng này thuộc Bến Tre" in run  # its left-out rows, in Vietnamese
    assert "Sản phẩm mới được chứng nhận." in run  # the sync's audit reasons, too
    assert "Kẹo chuối Console" not in run


def test_a_run_spanning_provinces_shows_only_the_officers_province(client, shop, officer_a):
    """The sample list (three provinces) was imported from the command line."""
    client.force_login(officer_a)
    sample_run = SyncRun.objects.filter(kind="sync").order_by("pk").first()
    assert sample_run is not None

    page = client.get(url("run", pk=sample_run.pk)).content.decode()

    assert PRODUCT_OF_A in page
    assert PRODUCT_OF_B not in page
    assert "dòng lệnh" in page  # run by the command line


# --- Revoke ---------------------------------------------------------------------------------------


def test_revoking_asks_for_confirmation_then_hides_the_product_at_once(client, shop, officer_a):
    client.force_login(officer_a)
    product = OcopProduct.objects.get(name=PRODUCT_OF_A)
    assert product.shown
    data = {"decision_number": "3763/QĐ-UBND", "reason": "Vi phạm an toàn thực phẩm"}

    confirm = client.post(url("revoke", pk=product.pk), data)
    product.refresh_from_db()
    assert confirm.status_code == 200
    assert "Có, thu hồi" in confirm.content.decode()
    assert product.shown
    assert current(product).status == "active"

    done = client.post(url("revoke", pk=product.pk), {**data, "confirmed": "yes"}, follow=True)

    product.refresh_from_db()
    certificate = current(product)
    assert certificate.status == Certificate.Status.REVOKED
    assert "3763/QĐ-UBND" in certificate.status_reason
    assert not product.shown
    listings = shop.products[product.saleor_product_id]["channelListings"].values()
    assert listings
    assert not any(listing.get("isPublished") for listing in listings)
    revoked = AuditEvent.objects.get(product=product, action=AuditEvent.Action.REVOKED)
    assert revoked.user == officer_a
    assert AuditEvent.objects.filter(product=product, action=AuditEvent.Action.HIDDEN).exists()
    assert "không còn hiển thị" in done.content.decode()


def test_a_revocation_needs_a_decision_and_a_reason(client, shop, officer_a):
    client.force_login(officer_a)
    product = OcopProduct.objects.get(name=PRODUCT_OF_A)

    response = client.post(
        url("revoke", pk=product.pk), {"decision_number": "", "reason": " ", "confirmed": "yes"}
    )

    assert response.status_code == 400
    assert current(product).status == "active"
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.REVOKED).exists()


# --- Ending soon, producers -----------------------------------------------------------------------


def test_the_products_ending_in_30_and_60_days_of_the_province(client, shop, officer_a):
    client.force_login(officer_a)
    a_soon = current(OcopProduct.objects.get(name=PRODUCT_OF_A))
    a_later = current(OcopProduct.objects.get(name="Tiêu đen Phú Quốc"))
    b_soon = current(OcopProduct.objects.get(name=PRODUCT_OF_B))
    Certificate.objects.filter(pk__in=[a_soon.pk, b_soon.pk]).update(
        valid_until=TODAY + timedelta(days=12)
    )
    Certificate.objects.filter(pk=a_later.pk).update(valid_until=TODAY + timedelta(days=45))

    page = client.get(url("expiring")).content.decode()

    thirty, sixty = page.split("Trong vòng 30 ngày")[1].split("Trong vòng 60 ngày")
    assert PRODUCT_OF_A in thirty
    assert "còn 12 ngày" in thirty
    assert "Tiêu đen Phú Quốc" in sixty
    assert PRODUCT_OF_A not in sixty
    assert PRODUCT_OF_B not in page
    assert "Kết quả đánh giá có hiệu lực 36 tháng." in page


def test_the_producers_page_leads_to_the_portals_invitations(client, shop, officer_a):
    from tests.portal.conftest import PRODUCER_A

    client.force_login(officer_a)

    page = client.get(url("producers")).content.decode()

    assert PRODUCER_A in page
    assert "HTX Kẹo dừa Mỏ Cày" not in page
    producer = OcopProduct.objects.get(name=PRODUCT_OF_A).producer
    assert reverse("portal:members", args=[producer.pk]) in page


def test_the_upload_storage_is_under_the_setting(settings, tmp_path: Path):
    from console.services import upload_storage

    settings.CONSOLE_UPLOAD_ROOT = tmp_path / "here"

    storage = upload_storage()
    assert isinstance(storage, FileSystemStorage)
    assert Path(storage.location) == tmp_path / "here"


@pytest.fixture
def list_bucket(moto_s3, settings, monkeypatch, tmp_path):
    """Lists kept in an S3 bucket (moto's server) instead of a folder web and worker share."""
    import uuid

    import boto3

    for name, value in (
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_ENDPOINT_URL", moto_s3),
        ("AWS_DEFAULT_REGION", "ap-southeast-1"),
    ):
        monkeypatch.setenv(name, value)  # what the sync's s3:// reader (boto3) reads
        setattr(settings, name, value)
    settings.CONSOLE_UPLOAD_BUCKET = f"ocop-lists-{uuid.uuid4().hex[:12]}"
    settings.CONSOLE_UPLOAD_ROOT = tmp_path / "never-used"
    s3 = boto3.client("s3", endpoint_url=moto_s3, region_name="ap-southeast-1")
    s3.create_bucket(
        Bucket=settings.CONSOLE_UPLOAD_BUCKET,
        CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"},
    )
    return s3


def test_lists_kept_in_a_bucket_are_planned_and_applied_from_it(
    client, shop, officer_a, settings, list_bucket, django_capture_on_commit_callbacks
):
    client.force_login(officer_a)
    upload = plan(client)
    [kept] = list_bucket.list_objects_v2(Bucket=settings.CONSOLE_UPLOAD_BUCKET)["Contents"]
    assert kept["Key"] == upload.stored_name
    assert kept["Key"].startswith(f"{A.slug}/")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("apply", pk=upload.pk))

    upload.refresh_from_db()
    assert upload.status == ListUpload.Status.DONE, upload.error
    assert upload.run is not None
    assert upload.run.source == f"s3://{settings.CONSOLE_UPLOAD_BUCKET}/{upload.stored_name}"
    assert OcopProduct.objects.filter(name__in=NEW_OF_A).count() == 3
    assert stored_files(settings) == []  # nothing on the web host's disk
