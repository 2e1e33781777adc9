"""The catalogue sync against a real Saleor: import, expire, renew, and a second run that writes nothing."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from catalog_sync.models import OcopProduct, RetiredShape
from catalog_sync.services import run_expiry_sweep, run_sync
from saleor_api import blueprint as bp
from saleor_api import connection
from tests.support import saleor as support

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = [
    "STT",
    "Tên sản phẩm",
    "Chủ thể",
    "Xã",
    "Tỉnh",
    "Nhóm",
    "Hạng sao",
    "Số quyết định",
    "Ngày quyết định",
    "Giá",
    "name_en",
]
OUR_CHANNELS = {"vn", "intl", "eu"}


def write_feed(path: Path, rows: list[list[object]]) -> str:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return str(path)


@pytest.fixture
def live(saleor, layout, monkeypatch):
    monkeypatch.setattr(connection, "_client", saleor)
    yield saleor
    for product in OcopProduct.objects.exclude(saleor_product_id=""):
        support.delete_product(saleor, product.saleor_product_id)


def visibility(saleor, product: OcopProduct) -> tuple[set[bool], str]:
    state = support.get_products(saleor, [product.saleor_product_id])[0]
    ours = [c for c in state.channels if c.channel_slug in OUR_CHANNELS]
    assert {c.channel_slug for c in ours} == OUR_CHANNELS
    return {c.shown for c in ours} | {not c.hidden for c in ours}, state.attributes[bp.STARS][0]


def test_import_expire_renew_and_rerun(live, tmp_path, unique):
    feed = write_feed(
        tmp_path / "list.csv",
        [
            [
                1,
                f"Chè Shan tuyết {unique}",
                f"HTX Chè {unique}",
                "Lũng Cú",
                "Hà Giang",
                "Đồ uống",
                4,
                "10/QĐ-UBND",
                "15/01/2024",
                450000,
                "Shan Tuyet tea",
            ],
            [
                2,
                f"Mật ong bạc hà {unique}",
                f"HTX Ong {unique}",
                "Mèo Vạc",
                "Hà Giang",
                "Thực phẩm",
                5,
                "10/QĐ-UBND",
                "15/01/2024",
                400000,
                "Mint honey",
            ],
            [
                3,
                f"Rượu ngô {unique}",
                f"HTX Rượu {unique}",
                "Xín Mần",
                "Hà Giang",
                "Đồ uống",
                2,
                "10/QĐ-UBND",
                "15/01/2024",
                150000,
                "Corn liquor",
            ],
        ],
    )

    imported = run_sync(feed, as_of=date(2026, 11, 23))

    assert imported.exit_status == 1  # the 2-star row is reported, the rest imports
    assert [e.row_number for e in imported.plan.rejected] == [4]
    tea = OcopProduct.objects.get(name=f"Chè Shan tuyết {unique}")
    honey = OcopProduct.objects.get(name=f"Mật ong bạc hà {unique}")
    assert visibility(live, tea) == ({True}, "4")
    assert visibility(live, honey) == ({True}, "5")

    before = live.mutations_sent
    again = run_sync(feed, as_of=date(2026, 11, 23))
    assert again.plan.writes == []
    assert live.mutations_sent == before

    swept = run_expiry_sweep(as_of=date(2027, 1, 15))  # valid through 2027-01-14
    assert swept.plan.counts()["hide"] >= 2
    assert visibility(live, tea) == ({False}, "4")
    assert visibility(live, honey) == ({False}, "5")

    renewal = write_feed(
        tmp_path / "renewal.csv",
        [
            [
                1,
                f"Chè Shan tuyết {unique}",
                f"HTX Chè {unique}",
                "Lũng Cú",
                "Hà Giang",
                "Đồ uống",
                5,
                "77/QĐ-UBND",
                "10/01/2027",
                450000,
                "Shan Tuyet tea",
            ]
        ],
    )
    renewed = run_sync(renewal, as_of=date(2027, 1, 15))

    assert renewed.plan.counts()["republish"] == 1
    assert visibility(live, tea) == ({True}, "5")
    assert visibility(live, honey) == ({False}, "5")


def tea_and_honey(tmp_path: Path, unique: str) -> str:
    """A list of two products of Hà Giang, named after the run (``unique``)."""
    return write_feed(
        tmp_path / "list.csv",
        [
            [1, f"Chè {unique}", f"HTX Chè {unique}", "Lũng Cú", "Hà Giang", "Đồ uống", 4,
             "10/QĐ-UBND", "15/01/2024", 450000, "Tea"],
            [2, f"Mật ong {unique}", f"HTX Ong {unique}", "Mèo Vạc", "Hà Giang", "Thực phẩm", 5,
             "11/QĐ-UBND", "16/01/2024", 400000, "Honey"],
        ],
    )  # fmt: skip


def as_shape_one(saleor, layout, products: list[OcopProduct]) -> None:
    """Put these products in Saleor as the shop wrote them before the shape changed: the
    display facts as attributes (the retired ones, created and assigned here), no metadata."""
    from saleor_api.bootstrap import _nodes

    kinds = {bp.DECISION_DATE: "DATE", bp.VALID_UNTIL: "DATE", bp.PRODUCER: "DROPDOWN"}
    found = {
        a["slug"]: a["id"]
        for a in _nodes(
            saleor.execute("AttributesBySlug", {"slugs": list(bp.RETIRED_ATTRIBUTES)}),
            "attributes",
        )
    }
    ids = {}
    for slug, key in bp.RETIRED_ATTRIBUTES.items():
        ids[key] = (
            found.get(slug)
            or saleor.mutate(
                "AttributeCreate",
                {
                    "input": {
                        "name": slug,
                        "slug": slug,
                        "type": "PRODUCT_TYPE",
                        "inputType": kinds.get(key, "PLAIN_TEXT"),
                        "valueRequired": False,
                    }
                },
                result="attributeCreate",
            )["attribute"]["id"]
        )
    missing = [i for i in ids.values() if i not in found.values()]
    if missing:
        saleor.mutate(
            "ProductAttributeAssign",
            {
                "productTypeId": layout.product_type_id,
                "operations": [{"id": i, "type": "PRODUCT"} for i in missing],
            },
            result="productAttributeAssign",
        )
    for product in products:
        state = support.get_products(saleor, [product.saleor_product_id])[0]
        values = []
        for key, value in state.metadata.items():
            if key not in ids or not value:
                continue
            if kinds.get(key) == "DATE":
                values.append({"id": ids[key], "date": value})
            elif kinds.get(key) == "DROPDOWN":
                values.append({"id": ids[key], "dropdown": {"value": value}})
            else:
                values.append({"id": ids[key], "plainText": value})
        saleor.mutate(
            "ProductUpdate",
            {"id": product.saleor_product_id, "input": {"attributes": values}},
            result="productUpdate",
        )
        saleor.mutate(
            "MetadataDelete",
            {"id": product.saleor_product_id, "keys": list(bp.METADATA_KEYS)},
            result="deleteMetadata",
        )
    OcopProduct.objects.filter(pk__in=[p.pk for p in products]).update(saleor_shape=1)
    RetiredShape.objects.all().delete()  # as the registry of an older installation


def test_an_installation_of_the_older_shape_is_migrated_by_the_sweep(
    live, layout, tmp_path, unique
):
    feed = tea_and_honey(tmp_path, unique)
    run_sync(feed, as_of=date(2026, 11, 23))
    products = list(OcopProduct.objects.order_by("name"))
    as_shape_one(live, layout, products)
    old = support.get_products(live, [products[0].saleor_product_id])[0]
    assert old.metadata == {}
    assert old.attributes["ocop-producer"] == [f"HTX Chè {unique}"]
    assert old.attributes["ocop-valid-until"] == ["2027-01-14"]

    swept = run_expiry_sweep(as_of=date(2026, 11, 23))

    assert swept.plan.counts()["update"] == 2
    assert swept.applied is not None
    assert swept.applied.failures == []
    for product in products:
        state = support.get_products(live, [product.saleor_product_id])[0]
        assert set(state.attributes) == {bp.STARS, bp.PROVINCE, bp.GROUP}
        assert state.metadata[bp.PRODUCER] == product.producer.name
        valid_until = product.certificates.get().valid_until.isoformat()
        assert state.metadata[bp.VALID_UNTIL] == valid_until
    retired = live.execute("AttributesBySlug", {"slugs": list(bp.RETIRED_ATTRIBUTES)})
    assert retired["attributes"]["edges"] == []
    before = live.mutations_sent
    assert run_expiry_sweep(as_of=date(2026, 11, 23)).plan.writes == []
    assert live.mutations_sent == before


def test_a_product_staff_deleted_in_saleor_is_left_out_and_the_migration_finishes(
    live, layout, tmp_path, unique
):
    feed = tea_and_honey(tmp_path, unique)
    run_sync(feed, as_of=date(2026, 11, 23))
    tea, honey = OcopProduct.objects.order_by("name")
    as_shape_one(live, layout, [tea, honey])
    support.delete_product(live, tea.saleor_product_id)  # staff, in the Dashboard

    swept = run_expiry_sweep(as_of=date(2026, 11, 23))  # before (or without) its webhook

    assert swept.applied is not None
    assert swept.applied.failures == []
    assert swept.applied.done == {"update": 1, "removed": 1}
    tea.refresh_from_db()
    assert (tea.saleor_product_id, tea.shown) == ("", False)
    assert tea.removed_from_saleor_at is not None
    retired = live.execute("AttributesBySlug", {"slugs": list(bp.RETIRED_ATTRIBUTES)})
    assert retired["attributes"]["edges"] == []  # the last old-shape product no longer holds it up
    before = live.mutations_sent
    again = run_sync(feed, as_of=date(2026, 11, 23))
    assert again.plan.writes == []  # not created again behind staff's back
    assert live.mutations_sent == before
