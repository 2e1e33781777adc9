"""The sync end to end, against the in-memory Saleor and the real PostgreSQL registry."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import httpx
import pytest
from django.core.management import call_command

from catalog_sync.models import Certificate, OcopProduct, Producer, SyncRun
from catalog_sync.services import SyncFailed, revoke, run_expiry_sweep, run_sync
from saleor_api import blueprint as bp
from tests.fakes.saleor import FakeSaleor

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "catalog_sync" / "sample" / "ocop-sample.csv"
TODAY = date(2026, 11, 23)
HEADER = [
    "STT",
    "Tên sản phẩm",
    "Chủ thể",
    "Tỉnh",
    "Nhóm",
    "Hạng sao",
    "Số quyết định",
    "Ngày quyết định",
]


def write_feed(path: Path, rows: list[list[object]]) -> str:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return str(path)


def shown_in_every_channel(saleor: FakeSaleor, product_id: str) -> bool:
    listings = saleor.products[product_id]["channelListings"].values()
    return len(listings) == 3 and all(
        x["isPublished"] and x["visibleInListings"] and x["isAvailableForPurchase"]
        for x in listings
    )


def hidden_in_every_channel(saleor: FakeSaleor, product_id: str) -> bool:
    listings = saleor.products[product_id]["channelListings"].values()
    return len(listings) == 3 and not any(
        x["isPublished"] or x["visibleInListings"] or x["isAvailableForPurchase"] for x in listings
    )


def test_importing_the_sample_feed_fills_registry_and_saleor(saleor):
    result = run_sync(str(SAMPLE), as_of=TODAY)

    assert result.exit_status == 0
    assert OcopProduct.objects.count() == 30
    assert Certificate.objects.count() == 30
    assert Producer.objects.filter(kind="cooperative").exists()
    assert len(saleor.products) == 30
    fish_sauce = OcopProduct.objects.get(name="Nước mắm Phú Quốc 40 độ đạm")
    product = saleor.products[fish_sauce.saleor_product_id]
    assert product["attributes"][bp.STARS] == "5"
    assert product["attributes"][bp.PROVINCE] == "Kiên Giang"
    assert product["externalReference"] == f"ocop:{fish_sauce.product_key}"
    variant = product["variants"][0]
    assert sorted(variant["channelListings"], key=lambda x: x["price"]) == sorted(
        [
            {"channelId": saleor.channels["vn"]["id"], "price": "185000"},
            {"channelId": saleor.channels["intl"]["id"], "price": "7.50"},
            {"channelId": saleor.channels["eu"]["id"], "price": "6.50"},
        ],
        key=lambda x: x["price"],
    )
    assert variant["stocks"] == [{"warehouse": saleor.warehouses["ocop-vn"]["id"], "quantity": 50}]
    assert shown_in_every_channel(saleor, fish_sauce.saleor_product_id)
    assert (
        saleor.translations[(fish_sauce.saleor_product_id, "EN")]["name"]
        == "Phu Quoc fish sauce 40°N"
    )
    expired = OcopProduct.objects.get(name="Mực một nắng Phú Quốc")  # decided 2021: expired
    assert expired.shown is False
    assert hidden_in_every_channel(saleor, expired.saleor_product_id)


def test_a_second_run_with_nothing_new_writes_nothing(saleor):
    run_sync(str(SAMPLE), as_of=TODAY)
    client = saleor.client_in_use
    before = client.mutations_sent

    result = run_sync(str(SAMPLE), as_of=TODAY)

    assert client.mutations_sent == before
    assert result.plan.counts()["unchanged"] == 30
    assert result.run is not None
    assert result.run.status == SyncRun.Status.SUCCEEDED


def test_expiry_hides_in_every_channel_and_renewal_shows_again(saleor, tmp_path):
    feed = write_feed(
        tmp_path / "a.csv",
        [[1, "Chè Shan tuyết", "HTX Chè A", "Hà Giang", "Đồ uống", 4, "10/QĐ-UBND", "15/01/2024"]],
    )
    run_sync(feed, as_of=TODAY)
    product = OcopProduct.objects.get()
    assert shown_in_every_channel(saleor, product.saleor_product_id)

    swept = run_expiry_sweep(as_of=date(2027, 1, 15))  # valid through 2027-01-14

    product.refresh_from_db()
    assert swept.plan.counts()["hide"] == 1
    assert product.shown is False
    assert hidden_in_every_channel(saleor, product.saleor_product_id)
    assert product.certificates.get().status == Certificate.Status.EXPIRED
    latest = product.audit.first()
    assert latest is not None
    assert latest.reason == "certificate expired: valid until 2027-01-14"
    assert run_expiry_sweep(as_of=date(2027, 1, 15)).plan.writes == []  # idempotent

    renewal = write_feed(
        tmp_path / "b.csv",
        [[1, "Chè Shan tuyết", "HTX Chè A", "Hà Giang", "Đồ uống", 5, "99/QĐ-UBND", "10/01/2027"]],
    )
    result = run_sync(renewal, as_of=date(2027, 1, 15))

    product.refresh_from_db()
    assert result.plan.counts()["republish"] == 1
    assert product.shown is True
    assert shown_in_every_channel(saleor, product.saleor_product_id)
    assert saleor.products[product.saleor_product_id]["attributes"][bp.STARS] == "5"
    statuses = dict(product.certificates.values_list("decision_number", "status"))
    assert statuses == {"10/QĐ-UBND": "superseded", "99/QĐ-UBND": "active"}


def test_rejected_rows_are_reported_with_row_numbers_and_the_rest_imports(saleor, tmp_path):
    feed = write_feed(
        tmp_path / "messy.csv",
        [
            [1, "Mật ong", "HTX Ong", "Hà Giang", "Thực phẩm", 4, "1/QĐ", "01/02/2025"],
            [2, "Rượu ngô", "HTX Rượu", "Hà Giang", "Đồ uống", 2, "1/QĐ", "01/02/2025"],
            [3, "", "HTX Rỗng", "Hà Giang", "Thực phẩm", 3, "1/QĐ", "01/02/2025"],
        ],
    )

    result = run_sync(feed, as_of=TODAY)

    assert result.exit_status == 1
    assert [(e.row_number, e.kind) for e in result.plan.rejected] == [
        (3, "not_certified"),
        (4, "invalid"),
    ]
    assert result.run is not None
    assert list(result.run.row_issues.values_list("row_number", flat=True)) == [3, 4]
    assert OcopProduct.objects.get().name == "Mật ong"


def test_a_saleor_outage_mid_run_is_finished_by_the_next_run_without_duplicates(saleor, tmp_path):
    rows = [
        [i, f"Sản phẩm {i}", f"HTX {i}", "Bến Tre", "Thực phẩm", 3, "5/QĐ", "01/03/2025"]
        for i in range(1, 61)
    ]
    feed = write_feed(tmp_path / "big.csv", rows)
    calls = {"n": 0}

    def lost_answer(request: httpx.Request) -> httpx.Response:
        # The layout read, the first bulk create; the second bulk create is applied by Saleor
        # but its answer never arrives (the connection drops), as in a crash mid-run.
        calls["n"] += 1
        response = saleor.handle(request)
        if calls["n"] == 3:
            raise httpx.ReadTimeout("connection lost", request=request)
        return response

    client = saleor.client_in_use
    client._http._transport = httpx.MockTransport(lost_answer)
    first = run_sync(feed, as_of=TODAY)
    assert first.exit_status == 1
    assert first.applied is not None
    assert len(first.applied.failures) == 10
    assert len(saleor.products) == 60
    assert OcopProduct.objects.exclude(saleor_product_id="").count() == 50

    client._http._transport = httpx.MockTransport(saleor.handle)
    second = run_sync(feed, as_of=TODAY)

    assert second.exit_status == 0
    assert len(saleor.products) == 60
    assert len({p["externalReference"] for p in saleor.products.values()}) == 60
    assert OcopProduct.objects.filter(shown=True).count() == 60


def test_revoking_hides_the_product_at_once(saleor, tmp_path):
    feed = write_feed(
        tmp_path / "a.csv",
        [[1, "Bưởi da xanh", "HTX Bưởi", "Bến Tre", "Thực phẩm", 5, "7/QĐ", "01/06/2025"]],
    )
    run_sync(feed, as_of=TODAY)
    product = OcopProduct.objects.get()

    revoke(product, "vi phạm an toàn thực phẩm", actor="admin")

    product.refresh_from_db()
    assert product.shown is False
    assert hidden_in_every_channel(saleor, product.saleor_product_id)
    assert product.certificates.get().status == Certificate.Status.REVOKED
    assert list(product.audit.values_list("action", flat=True)[:2]) == ["hidden", "revoked"]
    assert run_sync(feed, as_of=TODAY).plan.writes == []  # the list cannot undo a revocation


def test_a_dry_run_writes_nothing_anywhere(saleor):
    result = run_sync(str(SAMPLE), as_of=TODAY, dry_run=True)

    assert result.plan.counts()["create"] == 30
    assert OcopProduct.objects.count() == 0
    assert saleor.products == {}


def test_an_unreadable_feed_fails_the_run(saleor, tmp_path):
    with pytest.raises(SyncFailed):
        run_sync(str(tmp_path / "missing.csv"), as_of=TODAY)

    assert SyncRun.objects.get().status == SyncRun.Status.FAILED


def test_commands_exit_with_0_1_and_2(saleor, tmp_path, capsys):
    good = write_feed(
        tmp_path / "g.csv",
        [[1, "Mật ong", "HTX Ong", "Hà Giang", "Thực phẩm", 4, "1/QĐ", "01/02/2025"]],
    )
    bad = write_feed(
        tmp_path / "b.csv",
        [[1, "Mật ong", "HTX Ong", "Hà Giang", "Thực phẩm", 1, "1/QĐ", "01/02/2025"]],
    )

    with pytest.raises(SystemExit) as ok:
        call_command("ocop_sync", good, "--as-of", "2026-11-23")
    with pytest.raises(SystemExit) as rejected:
        call_command("ocop_sync", bad, "--as-of", "2026-11-23", "--dry-run")
    with pytest.raises(SystemExit) as failed:
        call_command("ocop_sync", str(tmp_path / "nope.csv"))
    with pytest.raises(SystemExit) as expire:
        call_command("ocop_expire", "--as-of", "2030-01-01", "--dry-run")

    assert (ok.value.code, rejected.value.code, failed.value.code, expire.value.code) == (
        0,
        1,
        2,
        0,
    )
    out = capsys.readouterr()
    assert "rated 1 stars" in out.out or "1 stars" in out.out
    assert "ocop_sync failed" in out.err


def test_the_dry_run_plan_prints_as_json(saleor, capsys):
    with pytest.raises(SystemExit):
        call_command("ocop_sync", str(SAMPLE), "--dry-run", "--json", "--as-of", "2026-11-23")

    import json

    plan = json.loads(capsys.readouterr().out)
    assert plan["counts"]["create"] == 30
    assert {a["action"] for a in plan["actions"]} == {"create"}
