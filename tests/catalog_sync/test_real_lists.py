"""Lists shaped as provinces publish them, end to end: the in-memory Saleor and the real registry.

Each fixture is written as a real file here (CSV, or XLSX with openpyxl): a title row above the
header, five columns only, merged cells, several sheets, an address inside the producer cell,
a product re-rated in a later list, a duplicated row, 0- and 2-star rows.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import httpx
import openpyxl
import pytest
import respx
from django.core.management import call_command
from django.test import TestCase

from catalog_sync import services
from catalog_sync.domain import FeedDefaults
from catalog_sync.feeds import FeedError, open_source, read_feed
from catalog_sync.models import Certificate, OcopProduct, Producer, RowIssue, SyncRun
from catalog_sync.services import SyncFailed, run_expiry_sweep, run_sync
from saleor_api import catalogue, connection
from tests.fakes.saleor import FakeSaleor

pytestmark = pytest.mark.django_db

TITLE = "DANH SÁCH SẢN PHẨM OCOP HUYỆN CẦU KÈ NĂM 2022"
FIVE_COLUMNS: list[object] = ["STT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Hạng sao"]
APPENDIX = FeedDefaults(
    province="Trà Vinh", decision_number="2751/QĐ-UBND", decided_on=date(2022, 11, 24)
)
TODAY = date(2023, 3, 1)
# 24/11/2022 + 36 months: valid through 23/11/2025, expired from 24/11/2025.
DAY_AFTER_VALIDITY = date(2025, 11, 24)
# A district appendix: five columns, trailing spaces, an address in the producer cell.
APPENDIX_ROWS: list[list[object]] = [
    [1, "Trà mãng cầu ", "HTX Nông nghiệp Hòa Tân ", "Xã Hòa Tân, huyện Cầu Kè", "4 sao"],
    [2, "Nước mắm cá cơm", "Công ty TNHH Thủy sản Cầu Kè", "ấp 3, xã Ninh Thới, huyện Cầu Kè", 3],
    [3, "Bưởi da xanh", "Tổ hợp tác Bưởi Phong Phú", "xã Phong Phú, huyện Cầu Kè, tỉnh Trà Vinh", 3],
    [4, "Bộ quà tặng Cầu Kè", "Hộ kinh doanh Nguyễn Văn Tư", "xã Hòa Ân, huyện Cầu Kè", 3],
    [5, "Chiếu cói", "Hộ kinh doanh Trần Thị Năm", "xã Tam Ngãi, huyện Cầu Kè", 2],
    [6, "Dừa sáp", "HTX Dừa sáp Cầu Kè", "xã Châu Điền, huyện Cầu Kè", 0],
    [7, "Bưởi da xanh", "Tổ hợp tác Bưởi Phong Phú", "xã Phong Phú, huyện Cầu Kè, tỉnh Trà Vinh", 3],
    [8, "Cá khô", "Doanh nghiệp tư nhân Ba Lộc, xã Thông Hòa, huyện Cầu Kè", "", 3],
]  # fmt: skip


def write_csv(path: Path, rows: list[list[object]], header: list[object] = FIVE_COLUMNS) -> str:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow([TITLE])
        writer.writerow([])
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def categories(saleor: FakeSaleor) -> dict[str, str]:
    return {p["name"]: p["category"] for p in saleor.products.values()}


def shown_everywhere(saleor: FakeSaleor, product: dict) -> bool:
    listings = product["channelListings"].values()
    return len(listings) == 3 and all(x["isPublished"] and x["visibleInListings"] for x in listings)


# --- the five-column appendix ------------------------------------------------------------------


def test_a_five_column_appendix_imports_every_certified_row_with_its_group(saleor, tmp_path):
    source = write_csv(tmp_path / "phu-luc.csv", APPENDIX_ROWS)

    result = run_sync(source, defaults=APPENDIX, as_of=TODAY)

    assert result.exit_status == 1  # some rows not imported: reported, the rest imported
    assert [(e.row_number, e.kind) for e in result.plan.rejected] == [
        (8, "not_certified"),
        (9, "not_certified"),
        (10, "duplicate"),
    ]
    assert str(result.plan.rejected[2]) == (
        "row 10: duplicate of row 6 (same product, same decision 2751/QĐ-UBND)"
    )
    assert result.feed is not None
    assert result.feed.counts == {
        "read": 8,
        "accepted": 5,
        "invalid": 0,
        "not_certified": 2,
        "duplicate": 1,
        "group_given": 0,
        "group_inferred": 4,
        "group_unclassified": 1,
    }
    assert categories(saleor) == {
        "Trà mãng cầu": "beverages",
        "Nước mắm cá cơm": "food",
        "Bưởi da xanh": "food",
        "Bộ quà tặng Cầu Kè": "unclassified",
        "Cá khô": "food",
    }
    assert all(shown_everywhere(saleor, p) for p in saleor.products.values())
    run = SyncRun.objects.get()
    assert (run.counts["feed_group_inferred"], run.counts["feed_group_unclassified"]) == (4, 1)
    assert run.status == SyncRun.Status.PARTIAL


def test_the_appendix_keeps_address_parts_and_a_clean_producer_name(saleor, tmp_path):
    run_sync(write_csv(tmp_path / "a.csv", APPENDIX_ROWS), defaults=APPENDIX, as_of=TODAY)

    producers = {p.name: (p.commune, p.district, p.province, p.address_scheme) for p in Producer.objects.all()}  # fmt: skip
    assert producers["Doanh nghiệp tư nhân Ba Lộc"] == (
        "xã Thông Hòa",
        "huyện Cầu Kè",
        "Trà Vinh",
        "pre_2025",
    )
    assert producers["HTX Nông nghiệp Hòa Tân"] == (
        "Xã Hòa Tân",
        "huyện Cầu Kè",
        "Trà Vinh",
        "pre_2025",
    )
    assert OcopProduct.objects.get(name="Cá khô").producer.kind == "company"


def test_products_without_a_price_are_shown_but_not_for_sale(saleor, tmp_path, monkeypatch, client):
    # given: a five-column appendix (no prices) imported; the storefront on the same Saleor
    # (as in production, the search index is refreshed once the sync's work is committed)
    with TestCase.captureOnCommitCallbacks(execute=True):
        run_sync(write_csv(tmp_path / "a.csv", APPENDIX_ROWS), defaults=APPENDIX, as_of=TODAY)
    monkeypatch.setattr(connection, "_visitor_app_client", saleor.client_in_use)
    monkeypatch.setattr("storefront.views.ocop_today", lambda: TODAY)
    slug = OcopProduct.objects.get(name="Cá khô").slug

    # then: Saleor prices it nowhere, and hides it from an anonymous visitor's query
    variants = [p["variants"] for p in saleor.products.values()]
    assert all(len(v) == 1 and v[0]["channelListings"] == [] for v in variants)
    visitor = saleor.client(token="")
    request = catalogue.product_request("vn", "vi", slug)
    assert visitor.execute(request.operation, request.variables)["products"]["edges"] == []

    # and the shop still lists it and shows its page, with badge, producer and no price
    listing = client.get("/vi/vn/products/").content.decode()
    assert listing.count('<span class="not-for-sale">Chưa mở bán</span>') == 5, listing
    page = client.get(f"/vi/vn/products/{slug}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<h1 id="product-name">Cá khô</h1>' in html
    assert "Doanh nghiệp tư nhân Ba Lộc" in html
    assert 'name="variant"' not in html  # no add-to-cart


def test_the_appendix_rerun_writes_nothing_and_expiry_hides_every_product(saleor, tmp_path):
    source = write_csv(tmp_path / "a.csv", APPENDIX_ROWS)
    run_sync(source, defaults=APPENDIX, as_of=TODAY)
    client = saleor.client_in_use
    assert client is not None
    before = client.mutations_sent

    rerun = run_sync(source, defaults=APPENDIX, as_of=TODAY)
    assert client.mutations_sent == before
    assert rerun.plan.writes == []

    still = run_expiry_sweep(as_of=date(2025, 11, 23))
    swept = run_expiry_sweep(as_of=DAY_AFTER_VALIDITY)

    assert still.plan.writes == []
    assert len(swept.plan.writes) == 5
    assert not any(
        x["isPublished"] for p in saleor.products.values() for x in p["channelListings"].values()
    )
    assert OcopProduct.objects.filter(shown=True).count() == 0


def test_a_row_without_any_province_is_imported_with_a_warning(saleor, tmp_path):
    source = write_csv(
        tmp_path / "a.csv", [[1, "Mật ong rừng", "HTX Ong Hòa Tân", "Xã Hòa Tân", 4]]
    )
    defaults = FeedDefaults(decision_number="12/QĐ-UBND", decided_on=date(2022, 11, 24))

    result = run_sync(source, defaults=defaults, as_of=TODAY)

    assert result.exit_status == 0
    assert OcopProduct.objects.get().province == ""
    assert result.feed is not None
    assert result.feed.warnings[-1] == (
        "no province on rows 4 (not in the row, its address or --province): imported without one"
    )
    (product,) = saleor.products.values()
    assert "ocop-province" not in product["attributes"]


def test_the_command_summary_counts_groups_and_names_rejected_rows(saleor, tmp_path, capsys):
    source = write_csv(tmp_path / "a.csv", APPENDIX_ROWS)

    with pytest.raises(SystemExit) as done:
        call_command(
            "ocop_sync",
            source,
            "--decision",
            "2751/QĐ-UBND",
            "--decided-on",
            "24/11/2022",
            "--province",
            "Trà Vinh",
            "--as-of",
            "2023-03-01",
            "--json",
        )

    assert done.value.code == 1
    output = json.loads(capsys.readouterr().out)
    assert output["feed"]["group_inferred"] == 4
    assert output["feed"]["group_unclassified"] == 1
    assert output["counts"]["create"] == 5
    assert [r["kind"] for r in output["rejected"]] == [
        "not_certified",
        "not_certified",
        "duplicate",
    ]


# --- later lists -------------------------------------------------------------------------------


def test_a_product_re_rated_in_a_later_list_stays_one_product_with_the_newest_stars(
    saleor, tmp_path
):
    row = [1, "Bưởi da xanh", "Tổ hợp tác Bưởi Phong Phú", "xã Phong Phú, huyện Cầu Kè", 3]
    first = write_csv(tmp_path / "2022.csv", [row])
    later = write_csv(tmp_path / "2024.csv", [[*row[:4], "4 sao"]])
    run_sync(first, defaults=APPENDIX, as_of=TODAY)

    result = run_sync(
        later,
        defaults=FeedDefaults(
            province="Trà Vinh", decision_number="88/QĐ-UBND", decided_on=date(2024, 6, 3)
        ),
        as_of=date(2024, 7, 1),
    )

    assert [a.reason for a in result.plan.writes] == ["re-rated from 3 to 4 stars"]
    (product,) = saleor.products.values()
    assert product["attributes"]["ocop-stars"] == "4"
    assert list(Certificate.objects.order_by("decided_on").values_list("stars", "status")) == [
        (3, "superseded"),
        (4, "active"),
    ]


def test_a_price_from_a_later_list_puts_the_product_on_sale_once(saleor, tmp_path):
    header = [*FIVE_COLUMNS, "Giá bán"]
    row: list[object] = [1, "Cá khô", "DNTN Ba Lộc", "xã Thông Hòa, huyện Cầu Kè", 3]
    run_sync(write_csv(tmp_path / "a.csv", [[*row, ""]], header), defaults=APPENDIX, as_of=TODAY)
    priced = write_csv(tmp_path / "b.csv", [[*row, "120.000 đ"]], header)

    arrival = run_sync(priced, defaults=APPENDIX, as_of=TODAY)
    rerun = run_sync(priced, defaults=APPENDIX, as_of=TODAY)
    unpriced_again = run_sync(
        write_csv(tmp_path / "c.csv", [[*row, ""]], header), defaults=APPENDIX, as_of=TODAY
    )

    assert [a.reason for a in arrival.plan.writes] == ["a price arrived: put on sale"]
    (product,) = saleor.products.values()
    vn = saleor.channels["vn"]["id"]
    assert product["variants"][0]["channelListings"] == [{"channelId": vn, "price": "120000"}]
    assert rerun.plan.writes == []
    assert unpriced_again.plan.writes == []


def test_a_price_arriving_never_overwrites_the_cooperatives_price(saleor, tmp_path):
    header = [*FIVE_COLUMNS, "Giá bán"]
    row: list[object] = [1, "Cá khô", "DNTN Ba Lộc", "xã Thông Hòa, huyện Cầu Kè", 3]
    run_sync(write_csv(tmp_path / "a.csv", [[*row, ""]], header), defaults=APPENDIX, as_of=TODAY)
    (product,) = saleor.products.values()
    vn = saleor.channels["vn"]["id"]
    product["variants"][0]["channelListings"] = [{"channelId": vn, "price": "99000"}]

    run_sync(
        write_csv(tmp_path / "b.csv", [[*row, "120000"]], header), defaults=APPENDIX, as_of=TODAY
    )

    assert product["variants"][0]["channelListings"] == [{"channelId": vn, "price": "99000"}]


# --- workbooks ---------------------------------------------------------------------------------


def write_workbook(path: Path, sheets: dict[str, list[list[object]]], merges: dict[str, list[str]] | None = None) -> str:  # fmt: skip
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in (merges or {}).get(name, []):
            sheet.merge_cells(cells)
    workbook.save(path)
    return str(path)


def test_every_sheet_with_a_header_is_read_and_errors_name_their_sheet(saleor, tmp_path):
    source = write_workbook(
        tmp_path / "ds.xlsx",
        {
            "Cầu Kè": [[TITLE], FIVE_COLUMNS, *APPENDIX_ROWS[:3]],
            "Tiểu Cần": [
                ["DANH SÁCH SẢN PHẨM OCOP HUYỆN TIỂU CẦN NĂM 2022"],
                FIVE_COLUMNS,
                [1, "Rượu Xuân Thạnh", "Công ty TNHH Rượu Xuân Thạnh", "xã Hiếu Tử, huyện Tiểu Cần", 4],
                [2, "Khô cá lóc", "Hộ kinh doanh Lê Văn Sáu", "xã Tân Hòa, huyện Tiểu Cần", 2],
            ],
            "Ghi chú": [["Danh sách kèm theo Quyết định số 2751/QĐ-UBND"]],
        },
    )  # fmt: skip

    result = run_sync(source, defaults=APPENDIX, as_of=TODAY)

    assert result.feed is not None
    assert result.feed.sheets == {"Cầu Kè": 3, "Tiểu Cần": 2}
    assert result.feed.skipped_sheets == ["Ghi chú"]
    assert [str(e) for e in result.plan.rejected] == [
        "sheet 'Tiểu Cần', row 4, column stars: rated 2 stars: not certified (3 stars or more)"
    ]
    assert set(categories(saleor)) == {
        "Trà mãng cầu",
        "Nước mắm cá cơm",
        "Bưởi da xanh",
        "Rượu Xuân Thạnh",
    }
    assert list(RowIssue.objects.values_list("sheet", "row_number")) == [("Tiểu Cần", 4)]
    run = SyncRun.objects.get()
    assert run.counts["sheets"] == {"Cầu Kè": 3, "Tiểu Cần": 2}


def test_sheet_option_reads_one_sheet_and_an_unknown_one_lists_the_sheets(saleor, tmp_path):
    source = write_workbook(
        tmp_path / "ds.xlsx",
        {
            "Tổng hợp": [["Tổng hợp: 2 sản phẩm"]],
            "Phụ lục": [[TITLE], FIVE_COLUMNS, *APPENDIX_ROWS[:2]],
        },
    )

    only = run_sync(source, defaults=APPENDIX, as_of=TODAY, dry_run=True, sheet="phu luc")
    with pytest.raises(SyncFailed) as unknown:
        run_sync(source, defaults=APPENDIX, as_of=TODAY, sheet="Sheet1")

    assert only.feed is not None
    assert only.feed.sheets == {"Phụ lục": 2}
    assert only.feed.skipped_sheets == []
    assert (
        str(unknown.value) == f"{source}: no sheet named 'Sheet1' (sheets: 'Tổng hợp', 'Phụ lục')"
    )


def test_a_workbook_without_any_header_offers_the_sheet_option(tmp_path):
    source = write_workbook(tmp_path / "ds.xlsx", {"A": [["x", "y"]], "B": [["Ghi chú"]]})

    with pytest.raises(FeedError) as error:
        read_feed(source)

    assert str(error.value) == (
        f"{source}: no sheet has a header row in its first 15 rows (sheets: 'A', 'B'); "
        "expected columns such as 'Tên sản phẩm', 'Chủ thể', 'Hạng sao'; name the sheet to "
        "read with --sheet NAME"
    )


def test_vertically_merged_cells_carry_their_value_down(saleor, tmp_path):
    source = write_workbook(
        tmp_path / "ds.xlsx",
        {
            "Sheet1": [
                [TITLE],
                [*FIVE_COLUMNS, "Nhóm"],
                [1, "Mật ong hoa nhãn", "HTX Ong mật Hòa Tân, xã Hòa Tân, huyện Cầu Kè", None, 4, "Thực phẩm"],
                [2, "Mật ong hoa dừa", None, None, 3, None],
                [3, "Sáp ong", None, None, 3, None],
            ]
        },
        merges={"Sheet1": ["C3:C5", "F3:F5"]},
    )  # fmt: skip

    result = run_sync(source, defaults=APPENDIX, as_of=TODAY)

    assert result.plan.rejected == []
    assert {p.name: p.producer.name for p in OcopProduct.objects.select_related("producer")} == {
        "Mật ong hoa nhãn": "HTX Ong mật Hòa Tân",
        "Mật ong hoa dừa": "HTX Ong mật Hòa Tân",
        "Sáp ong": "HTX Ong mật Hòa Tân",
    }
    assert result.feed is not None
    assert result.feed.counts["group_given"] == 3


# --- authoritative lists -----------------------------------------------------------------------


def test_an_authoritative_run_never_revokes_a_product_whose_row_was_rejected(saleor, tmp_path):
    rows = APPENDIX_ROWS[:2]
    run_sync(write_csv(tmp_path / "a.csv", rows), defaults=APPENDIX, as_of=TODAY)
    # The same list later, with the tea row's stars mistyped: rejected, but its product was seen.
    mistyped = [[*rows[0][:4], "4 saoo"], rows[1]]

    result = run_sync(
        write_csv(tmp_path / "b.csv", mistyped),
        defaults=APPENDIX,
        as_of=TODAY,
        authoritative=True,
    )

    assert [e.column for e in result.plan.rejected] == ["stars"]
    assert result.plan.writes == []
    assert Certificate.objects.filter(status="revoked").count() == 0


def test_an_authoritative_run_with_a_skipped_sheet_treats_nothing_as_absent(saleor, tmp_path):
    run_sync(write_csv(tmp_path / "a.csv", APPENDIX_ROWS[:2]), defaults=APPENDIX, as_of=TODAY)
    source = write_workbook(
        tmp_path / "ds.xlsx",
        {"Phụ lục": [FIVE_COLUMNS, APPENDIX_ROWS[1]], "Trang 2": [["(ảnh chụp, không có bảng)"]]},
    )

    result = run_sync(source, defaults=APPENDIX, as_of=TODAY, authoritative=True)

    assert result.plan.writes == []
    assert result.feed is not None
    assert result.feed.warnings[-1] == (
        "--authoritative ignored: the products of this list were not all seen (sheets not "
        "read: 'Trang 2'), so none is treated as absent"
    )


def test_an_authoritative_run_still_revokes_what_a_complete_list_leaves_out(saleor, tmp_path):
    run_sync(write_csv(tmp_path / "a.csv", APPENDIX_ROWS[:2]), defaults=APPENDIX, as_of=TODAY)

    result = run_sync(
        write_csv(tmp_path / "b.csv", APPENDIX_ROWS[1:2]),
        defaults=APPENDIX,
        as_of=TODAY,
        authoritative=True,
    )

    assert [(a.kind.value, a.content.name if a.content else "") for a in result.plan.writes] == [
        ("hide", "Trà mãng cầu")
    ]


# --- runs: Saleor down, crashes, dry runs --------------------------------------------------------


def test_saleor_down_keeps_the_registry_and_fails_the_run(saleor, tmp_path):
    source = write_csv(tmp_path / "a.csv", APPENDIX_ROWS[:2])
    saleor.fail_next = [503] * 50

    with pytest.raises(SyncFailed):
        run_sync(source, defaults=APPENDIX, as_of=TODAY)

    run = SyncRun.objects.get()
    assert run.status == SyncRun.Status.FAILED
    assert "503" in run.error or "unavailable" in run.error.lower()
    assert OcopProduct.objects.count() == 2  # the official record is kept
    assert Certificate.objects.count() == 2
    saleor.fail_next = []
    again = run_sync(source, defaults=APPENDIX, as_of=TODAY)
    assert again.plan.counts()["create"] == 2
    assert len(saleor.products) == 2


def test_saleor_down_exits_2_from_the_command(saleor, tmp_path, capsys):
    saleor.fail_next = [503] * 50

    with pytest.raises(SystemExit) as done:
        call_command(
            "ocop_sync",
            write_csv(tmp_path / "a.csv", APPENDIX_ROWS[:1]),
            "--decision",
            "1/QĐ-UBND",
            "--decided-on",
            "24/11/2022",
            "--as-of",
            "2023-03-01",
        )

    assert done.value.code == 2
    assert capsys.readouterr().err.startswith("ocop_sync failed: ")


@pytest.mark.parametrize("crash", [KeyboardInterrupt(), RuntimeError("boom")])
def test_every_crash_ends_the_run_as_failed(saleor, tmp_path, monkeypatch, crash):
    def crashing(*args, **kwargs):
        raise crash

    monkeypatch.setattr(services, "record_plan", crashing)

    with pytest.raises(type(crash)):
        run_sync(write_csv(tmp_path / "a.csv", APPENDIX_ROWS[:1]), defaults=APPENDIX, as_of=TODAY)

    run = SyncRun.objects.get()
    assert run.status == SyncRun.Status.FAILED
    assert run.error == (
        "crashed: interrupted"
        if isinstance(crash, KeyboardInterrupt)
        else "crashed: RuntimeError('boom')"
    )
    assert run.finished_at is not None


def test_a_dry_run_takes_no_run_number_and_writes_nothing(saleor, tmp_path, capsys):
    source = write_csv(tmp_path / "a.csv", APPENDIX_ROWS)

    with pytest.raises(SystemExit):
        call_command(
            "ocop_sync",
            source,
            "--dry-run",
            "--decision",
            "1/QĐ-UBND",
            "--decided-on",
            "24/11/2022",
            "--as-of",
            "2023-03-01",
        )
    sweep = run_expiry_sweep(as_of=TODAY, dry_run=True)

    assert "Dry run (nothing written, no run recorded)" in capsys.readouterr().out
    assert sweep.run is None
    assert (SyncRun.objects.count(), RowIssue.objects.count(), OcopProduct.objects.count()) == (
        0,
        0,
        0,
    )
    assert saleor.products == {}


# --- bad input ---------------------------------------------------------------------------------


def test_a_nul_byte_in_a_cell_is_dropped_and_the_row_imports(saleor, tmp_path):
    source = write_csv(tmp_path / "a.csv", [[1, "Trà\x00 mãng cầu", "HTX\x00 Hòa Tân", "", 4]])

    result = run_sync(source, defaults=APPENDIX, as_of=TODAY)

    assert result.exit_status == 0
    assert OcopProduct.objects.get().name == "Trà mãng cầu"


def test_deeply_nested_json_is_a_clear_feed_error(saleor, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)

    with pytest.raises(SyncFailed) as error:
        run_sync(str(path), defaults=APPENDIX, as_of=TODAY)

    assert str(error.value) == f"{path}: the JSON is nested too deeply to be a list of products"
    assert SyncRun.objects.get().status == SyncRun.Status.FAILED


def test_a_workbook_unpacking_beyond_the_limit_is_refused_before_reading(tmp_path, settings):
    settings.FEED_MAX_UNPACKED_BYTES = 100_000
    source = write_workbook(
        tmp_path / "bomb.xlsx",
        {"Sheet1": [FIVE_COLUMNS, *([[1, "Trà " + "x" * 200, "HTX A", "", 4]] * 1000)]},
    )

    with pytest.raises(FeedError, match=r"unpacks to \d+ bytes, more than the 100000 allowed"):
        read_feed(source)


@respx.mock
def test_a_download_trickling_past_the_deadline_is_stopped():
    def trickle():
        yield b"STT,T\xc3\xaan s\xe1\xba\xa3n ph\xe1\xba\xa9m,Ch\xe1\xbb\xa7 th\xe1\xbb\x83,H\xe1\xba\xa1ng sao\n"
        for _ in range(1000):
            import time

            time.sleep(0.01)
            yield b"1"

    respx.get("https://x.vn/slow.csv").mock(return_value=httpx.Response(200, content=trickle()))

    with pytest.raises(
        FeedError, match=r"^https://x.vn/slow.csv: the download took longer than 0.05 seconds"
    ):
        open_source("https://x.vn/slow.csv", deadline=0.05)


@respx.mock
def test_an_https_source_redirecting_to_http_is_refused():
    respx.get("https://x.vn/ds.csv").mock(
        return_value=httpx.Response(302, headers={"location": "http://x.vn/ds.csv"})
    )
    plain = respx.get("http://x.vn/ds.csv").mock(return_value=httpx.Response(200, content=b"x"))

    with pytest.raises(FeedError) as error:
        open_source("https://x.vn/ds.csv")

    assert str(error.value) == (
        "https://x.vn/ds.csv: redirected to http://x.vn/ds.csv, which is not https; refused"
    )
    assert not plain.called
