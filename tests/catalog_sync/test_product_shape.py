"""The product's shape in Saleor (blueprint.SHAPE): three filterable attributes, the display
facts as metadata, one bulk create per batch, and an installation of the older shape (ten
attributes) migrated by the sync itself, resumably."""

from __future__ import annotations

from datetime import date

import pytest

from catalog_sync.models import OcopProduct, RetiredShape
from catalog_sync.registry import relist
from catalog_sync.services import run_expiry_sweep, run_sync
from saleor_api import blueprint as bp
from saleor_api.catalogue import parse_ocop
from saleor_app.webhooks import dispatch
from search import indexer
from search.models import SearchEntry
from tests.catalog_sync.test_sync_service import SAMPLE, TODAY
from tests.fakes.saleor import FakeSaleor

pytestmark = pytest.mark.django_db

FISH_SAUCE = "Nước mắm Phú Quốc 40 độ đạm"


def test_a_product_has_three_attributes_and_its_display_facts_as_metadata(saleor):
    run_sync(str(SAMPLE), as_of=TODAY)

    fish_sauce = OcopProduct.objects.get(name=FISH_SAUCE)
    product = saleor.products[fish_sauce.saleor_product_id]
    assert product["attributes"] == {
        bp.STARS: "5",
        bp.PROVINCE: "Kiên Giang",
        bp.GROUP: "Thực phẩm",
    }
    assert set(product["metadata"]) == set(bp.METADATA_KEYS)
    assert product["metadata"][bp.PRODUCER] == fish_sauce.producer.name
    assert product["metadata"][bp.CERTIFICATE_CODE] == fish_sauce.code
    assert product["metadata"][bp.VALID_UNTIL] == (
        fish_sauce.certificates.get().valid_until.isoformat()
    )
    assert fish_sauce.saleor_shape == bp.SHAPE
    assert set(saleor.attributes) == {bp.STARS, bp.PROVINCE, bp.GROUP}


def test_shown_and_hidden_products_are_created_in_one_bulk_request(saleor):
    result = run_sync(str(SAMPLE), as_of=TODAY)

    shown = OcopProduct.objects.filter(shown=True).count()
    assert 0 < shown < 30  # the sample lists certificates that ended too
    assert result.plan.counts()["create"] == 30
    assert saleor.calls.count("ProductBulkCreate") == 1
    for record in OcopProduct.objects.all():
        listings = saleor.products[record.saleor_product_id]["channelListings"].values()
        assert {x["visibleInListings"] for x in listings} == {record.shown}


def as_shape_one(saleor: FakeSaleor) -> None:
    """Make the registry and the double look like an installation of shape 1: the retired
    attributes exist and hold each product's facts; no metadata; shape 1 recorded."""
    layout_type = next(iter(saleor.product_types.values()))
    for slug, key in bp.RETIRED_ATTRIBUTES.items():
        saleor.attributes[slug] = {
            "id": saleor.new_id("Attribute"),
            "slug": slug,
            "name": slug,
            "inputType": "DROPDOWN" if key == bp.PRODUCER else "PLAIN_TEXT",
            "choices": {"edges": []},
        }
        layout_type["productAttributes"].append({"id": saleor.attributes[slug]["id"], "slug": slug})
    for product in saleor.products.values():
        for slug, key in bp.RETIRED_ATTRIBUTES.items():
            if product["metadata"].get(key):
                product["attributes"][slug] = product["metadata"][key]
        product["metadata"] = {}
    OcopProduct.objects.update(saleor_shape=1)
    RetiredShape.objects.all().delete()


def test_the_sweep_rewrites_an_older_installation_then_retires_its_attributes(saleor):
    run_sync(str(SAMPLE), as_of=TODAY)
    as_shape_one(saleor)
    fish_sauce = OcopProduct.objects.get(name=FISH_SAUCE)
    before = saleor.products[fish_sauce.saleor_product_id]
    old_facts = parse_ocop(saleor.product_node(before))
    assert old_facts.valid_until is not None  # the storefront reads the old shape meanwhile

    swept = run_expiry_sweep(as_of=TODAY)

    assert swept.plan.counts()["update"] == 30
    assert not OcopProduct.objects.filter(saleor_shape=1).exists()
    after = saleor.products[fish_sauce.saleor_product_id]
    assert set(after["attributes"]) == {bp.STARS, bp.PROVINCE, bp.GROUP}
    assert parse_ocop(saleor.product_node(after)) == old_facts
    assert not set(bp.RETIRED_ATTRIBUTES) & set(saleor.attributes)
    latest = fish_sauce.audit.first()
    assert latest is not None
    assert latest.reason == "rewritten in the shop's new product shape"
    calls = len(saleor.calls)
    again = run_expiry_sweep(as_of=TODAY)
    assert again.plan.writes == []
    assert saleor.calls[calls:] == []  # retired once for all: nothing asked of Saleor


def test_a_migration_cut_short_keeps_the_old_attributes_and_the_next_run_finishes_it(
    saleor, monkeypatch
):
    run_sync(str(SAMPLE), as_of=TODAY)
    as_shape_one(saleor)
    refused = OcopProduct.objects.get(name=FISH_SAUCE).saleor_product_id
    handle_update = saleor.op_ProductUpdate

    def update_failing_once(variables):
        if variables["id"] == refused and not saleor.calls.count("refused"):
            saleor.calls.append("refused")
            return {
                "productUpdate": {
                    "product": None,
                    "errors": [{"field": "id", "code": "GRAPHQL_ERROR", "message": "busy"}],
                }
            }
        return handle_update(variables)

    monkeypatch.setattr(saleor, "op_ProductUpdate", update_failing_once)

    first = run_expiry_sweep(as_of=TODAY)

    assert first.applied is not None
    assert len(first.applied.failures) == 1
    assert list(OcopProduct.objects.filter(saleor_shape=1).values_list("name", flat=True)) == [
        FISH_SAUCE
    ]
    assert set(bp.RETIRED_ATTRIBUTES) <= set(saleor.attributes)  # still read for that one
    assert saleor.products[refused]["attributes"]["ocop-producer"]

    second = run_expiry_sweep(as_of=TODAY)

    assert second.plan.counts()["update"] == 1
    assert not OcopProduct.objects.filter(saleor_shape=1).exists()
    assert not set(bp.RETIRED_ATTRIBUTES) & set(saleor.attributes)
    assert saleor.products[refused]["metadata"][bp.DECISION_NUMBER]


def test_the_storefront_reads_both_shapes_alike():
    metadata = {
        "metadata": [
            {"key": bp.PRODUCER, "value": "HTX Mật ong Bạc Hà"},
            {"key": bp.VALID_UNTIL, "value": "2027-05-31"},
            {"key": bp.DECISION_NUMBER, "value": "12/QĐ-UBND"},
            {"key": bp.COMMUNE, "value": ""},
        ],
        "assignedAttributes": [
            {"attribute": {"slug": bp.STARS}, "choice": {"name": "4", "slug": "4"}},
        ],
    }
    attributes = {
        "assignedAttributes": [
            {"attribute": {"slug": bp.STARS}, "choice": {"name": "4", "slug": "4"}},
            {
                "attribute": {"slug": "ocop-producer"},
                "choice": {"name": "HTX Mật ong Bạc Hà", "slug": "htx-mat-ong-bac-ha"},
            },
            {"attribute": {"slug": "ocop-valid-until"}, "date": "2027-05-31"},
            {"attribute": {"slug": "ocop-decision-number"}, "text": "12/QĐ-UBND"},
        ]
    }

    new, old = parse_ocop(metadata), parse_ocop(attributes)

    assert (new.stars, new.valid_until, new.decision_number) == (4, date(2027, 5, 31), "12/QĐ-UBND")
    assert (old.stars, old.valid_until, old.decision_number) == (4, date(2027, 5, 31), "12/QĐ-UBND")
    assert new.producer is not None
    assert old.producer is not None
    assert new.producer.name == old.producer.name == "HTX Mật ong Bạc Hà"
    assert new.commune == old.commune == ""


def test_a_product_deleted_in_saleor_is_left_out_and_no_longer_holds_up_the_migration(
    saleor, django_capture_on_commit_callbacks
):
    run_sync(str(SAMPLE), as_of=TODAY)
    as_shape_one(saleor)
    fish_sauce = OcopProduct.objects.get(name=FISH_SAUCE)
    indexer.rebuild()
    assert SearchEntry.objects.filter(product=fish_sauce).exists()
    saleor.op_ProductDelete({"id": fish_sauce.saleor_product_id})  # staff, in the Dashboard

    with django_capture_on_commit_callbacks(execute=True):
        swept = run_expiry_sweep(as_of=TODAY)  # its webhook never came

    assert swept.applied is not None
    assert swept.applied.failures == []
    assert swept.applied.done["removed"] == 1
    fish_sauce.refresh_from_db()
    assert fish_sauce.saleor_product_id == ""
    assert fish_sauce.removed_from_saleor_at is not None
    assert fish_sauce.audit.latest("id").action == "removed"
    assert not set(bp.RETIRED_ATTRIBUTES) & set(saleor.attributes)  # the migration finished
    assert not SearchEntry.objects.filter(product=fish_sauce).exists()  # no longer found
    products = len(saleor.products)

    again = run_sync(str(SAMPLE), as_of=TODAY)

    assert again.plan.writes == []  # not created again behind staff's back
    assert len(saleor.products) == products
    assert OcopProduct.objects.get(pk=fish_sauce.pk).certificates.get().stars == 5


def test_a_product_deleted_in_saleor_by_webhook_comes_back_once_listed_again(saleor):
    run_sync(str(SAMPLE), as_of=TODAY)
    fish_sauce = OcopProduct.objects.get(name=FISH_SAUCE)
    deleted_id = fish_sauce.saleor_product_id
    saleor.op_ProductDelete({"id": deleted_id})
    dispatch("product_deleted", {"__typename": "ProductDeleted", "product": {"id": deleted_id}})
    fish_sauce.refresh_from_db()
    assert (fish_sauce.saleor_product_id, fish_sauce.shown) == ("", False)
    assert fish_sauce.audit.latest("id").actor == "Saleor webhook"
    assert run_sync(str(SAMPLE), as_of=TODAY).plan.writes == []  # left out meanwhile

    assert relist(OcopProduct.objects.filter(pk=fish_sauce.pk), actor="admin:officer") == 1
    result = run_sync(str(SAMPLE), as_of=TODAY)

    assert result.plan.counts()["create"] == 1
    fish_sauce.refresh_from_db()
    assert fish_sauce.saleor_product_id not in ("", deleted_id)
    assert fish_sauce.saleor_product_id in saleor.products
    assert fish_sauce.removed_from_saleor_at is None
    assert [e.action for e in fish_sauce.audit.order_by("id")][-3:] == [
        "removed",
        "relisted",
        "created",
    ]
