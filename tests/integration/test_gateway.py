from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from saleor_api import blueprint as bp
from saleor_api import gateway
from saleor_api.bootstrap import bootstrap_store
from saleor_api.types import OcopAttributes, ProductDraft, ProductTexts
from tests.support import saleor as support


def test_bootstrap_twice_writes_nothing_the_second_time(saleor):
    bootstrap_store(saleor)
    before = saleor.mutations_sent

    _layout, report = bootstrap_store(saleor)

    assert report.changes == []
    assert saleor.mutations_sent == before


def draft(unique: str, **changes) -> ProductDraft:
    ocop = OcopAttributes(
        stars=4,
        certificate_code=f"TEST-{unique}",
        decision_number="2751/QĐ-UBND",
        decided_on=date(2024, 11, 24),
        valid_until=date(2027, 11, 24),
        issuing_authority="UBND tỉnh Kiên Giang",
        province="Kiên Giang",
        commune="Dương Đông",
        group="Thực phẩm",
        producer="HTX Nước mắm Phú Quốc",
    )
    fields: dict[str, Any] = {
        "external_reference": f"test:{unique}",
        "name": f"Nước mắm Phú Quốc {unique}",
        "slug": f"nuoc-mam-phu-quoc-{unique}",
        "category": "food",
        "ocop": ocop,
        "description": "Nước mắm truyền thống.",
        "sku": f"TEST-{unique}",
        "weight_grams": 500,
        "prices": {"vn": Decimal("150000")},
        "translations": {"EN": ProductTexts("Phu Quoc fish sauce", "Traditional fish sauce.")},
    }
    fields.update(changes)
    return ProductDraft(**fields)


def test_a_product_is_created_updated_hidden_and_republished(saleor, layout, unique):
    created = gateway.create_products(saleor, layout, [draft(unique)])
    product_id = created[0].product_id
    assert product_id, created[0].error
    try:
        state = gateway.find_product(saleor, f"test:{unique}")
        assert state is not None
        assert state.id == product_id
        assert state.attributes[bp.STARS] == ["4"]
        assert state.metadata[bp.VALID_UNTIL] == "2027-11-24"
        assert set(state.attributes) == {bp.STARS, bp.PROVINCE, bp.GROUP}
        assert state.attributes[bp.PROVINCE] == ["Kiên Giang"]
        assert {c.channel_slug for c in state.channels} >= {"vn", "intl", "eu"}
        assert all(c.shown for c in state.channels if c.channel_slug in {"vn", "intl", "eu"})
        gateway.translate_product(saleor, product_id, draft(unique).translations)

        renewed = draft(unique, ocop=replace(draft(unique).ocop, stars=3))
        gateway.update_product(saleor, layout, product_id, renewed)
        updated = gateway.find_product(saleor, f"test:{unique}")
        assert updated is not None
        assert updated.attributes[bp.STARS] == ["3"]

        gateway.set_visibility(saleor, layout, product_id, shown=False)
        hidden = support.get_products(saleor, [product_id])[0]
        ours = [c for c in hidden.channels if c.channel_slug in {"vn", "intl", "eu"}]
        assert len(ours) == 3
        assert all(c.hidden for c in ours)

        gateway.set_visibility(saleor, layout, product_id, shown=True)
        shown = support.get_products(saleor, [product_id])[0]
        assert all(c.shown for c in shown.channels if c.channel_slug in {"vn", "intl", "eu"})
    finally:
        support.delete_product(saleor, product_id)


def test_creating_a_product_twice_finds_the_first_instead_of_duplicating(saleor, layout, unique):
    first = gateway.create_products(saleor, layout, [draft(unique)])[0]
    assert first.product_id is not None
    try:
        second = gateway.create_products(saleor, layout, [draft(unique, slug=f"other-{unique}")])[0]

        assert second.product_id == first.product_id
    finally:
        support.delete_product(saleor, first.product_id)
