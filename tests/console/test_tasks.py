"""The console's Celery task: it applies a queued list once, records progress as it writes, and
leaves a planned (not confirmed) list alone."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog_sync.models import OcopProduct, SyncRun
from console import services
from console.models import ListUpload
from console.tasks import apply_list_upload
from tests.console.conftest import FIVE_COLUMNS, NEW_OF_A, A, csv_bytes

pytestmark = pytest.mark.django_db


def planned(officer) -> ListUpload:
    from datetime import date

    return services.plan_upload(
        officer,
        A,
        SimpleUploadedFile("ds.csv", csv_bytes(FIVE_COLUMNS)),
        decision_number="1520/QĐ-UBND",
        decided_on=date(2026, 10, 20),
    )


def test_the_task_applies_a_queued_list_and_counts_its_progress(shop, officer_a, monkeypatch):
    upload = planned(officer_a)
    monkeypatch.setattr(apply_list_upload, "delay", lambda pk: None)  # a worker takes it later
    assert services.request_apply(officer_a, upload)
    seen: list[tuple[int, int]] = []
    original = services.ListUpload.objects.filter

    def spy(*args, **kwargs):
        found = original(*args, **kwargs)
        current = ListUpload.objects.values_list("processed", "total").get(pk=upload.pk)
        seen.append(current)
        return found

    monkeypatch.setattr(services.ListUpload.objects, "filter", spy)

    result = apply_list_upload.apply(args=[upload.pk]).get()

    assert result == "done"
    upload.refresh_from_db()
    assert (upload.processed, upload.total) == (3, 3)
    assert (0, 3) in seen  # the total was known before the first write
    assert OcopProduct.objects.filter(name__in=NEW_OF_A).count() == 3
    assert upload.run is not None
    assert upload.run.status == SyncRun.Status.PARTIAL


def test_the_task_runs_a_list_once_and_never_one_not_confirmed(shop, officer_a):
    upload = planned(officer_a)

    assert apply_list_upload.apply(args=[upload.pk]).get() == "not queued"
    assert ListUpload.objects.get(pk=upload.pk).status == ListUpload.Status.PLANNED

    ListUpload.objects.filter(pk=upload.pk).update(status=ListUpload.Status.QUEUED)
    apply_list_upload.apply(args=[upload.pk]).get()
    runs = SyncRun.objects.count()
    assert apply_list_upload.apply(args=[upload.pk]).get() == "not queued"  # redelivered
    assert SyncRun.objects.count() == runs


def test_a_broker_that_is_down_fails_the_upload_with_a_reason(shop, officer_a, monkeypatch):
    from django.test import TestCase

    upload = planned(officer_a)

    def down(pk):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(apply_list_upload, "delay", down)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.request_apply(officer_a, upload)

    upload.refresh_from_db()
    assert upload.status == ListUpload.Status.FAILED
    assert "task queue" in upload.error


def test_the_sync_restricted_to_a_province_refuses_the_others_rows(shop, tmp_path):
    from catalog_sync.domain import FeedDefaults
    from catalog_sync.services import run_sync
    from tests.fakes.shop import TODAY

    path = tmp_path / "ds.csv"
    path.write_bytes(csv_bytes(FIVE_COLUMNS))
    defaults = FeedDefaults(province="Kiên Giang", decision_number="1/QĐ", decided_on=TODAY)

    result = run_sync(
        str(path), defaults=defaults, as_of=TODAY, dry_run=True, only_province="Kiên Giang"
    )
    unrestricted = run_sync(str(path), defaults=defaults, as_of=TODAY, dry_run=True)

    [other] = [e for e in result.plan.rejected if e.kind == "other_province"]
    assert other.row_number == 8
    assert "Bến Tre" in other.reason
    assert result.feed is not None
    assert result.feed.counts["other_province"] == 1
    assert unrestricted.plan.counts()["create"] == 4
    assert result.plan.counts()["create"] == 3


def test_a_run_restricted_to_a_province_leaves_the_other_provinces_products_alone(shop, tmp_path):
    """Even a product of B whose certificate lapsed while shown (the sweep's business) is not
    hidden by a list of A."""
    from datetime import timedelta

    from catalog_sync.domain import FeedDefaults
    from catalog_sync.models import AuditEvent, Certificate
    from catalog_sync.services import run_sync
    from tests.console.conftest import PRODUCT_OF_B
    from tests.fakes.shop import TODAY

    lapsed = OcopProduct.objects.get(name=PRODUCT_OF_B)
    assert lapsed.shown
    Certificate.objects.filter(product=lapsed).update(valid_until=TODAY - timedelta(days=3))
    path = tmp_path / "ds.csv"
    path.write_bytes(csv_bytes(FIVE_COLUMNS))
    defaults = FeedDefaults(province="Kiên Giang", decision_number="1/QĐ", decided_on=TODAY)

    result = run_sync(
        str(path), defaults=defaults, as_of=TODAY, only_province="Kiên Giang",
        client=shop.client(),
    )  # fmt: skip

    lapsed.refresh_from_db()
    assert lapsed.shown
    assert not AuditEvent.objects.filter(run=result.run, product=lapsed).exists()
    assert result.plan.counts()["hide"] == 0
    of_a = OcopProduct.objects.filter(province_key="kien giang")
    assert {a.product_key for a in result.plan.actions} <= set(
        of_a.values_list("product_key", flat=True)
    )
