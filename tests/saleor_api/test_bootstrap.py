import pytest

from saleor_api import blueprint as bp
from saleor_api.app_views import manifest_data
from saleor_api.bootstrap import bootstrap_store, read_layout
from tests.fakes.saleor import FakeSaleor


@pytest.mark.parametrize("version", ["3.21", "3.22", "3.23", "3.24-dev"])
def test_bootstrap_creates_the_store_then_changes_nothing(version, settings):
    settings.APP_PUBLIC_URL = "http://shop.test"
    saleor = FakeSaleor(version)
    client = saleor.client()

    webhooks = manifest_data()["webhooks"]
    layout, first = bootstrap_store(client, webhooks=webhooks)
    mutations_after_first = client.mutations_sent
    again, second = bootstrap_store(client, webhooks=webhooks)

    assert second.changes == []
    assert client.mutations_sent == mutations_after_first
    assert again == layout
    assert {c.slug: c.currency for c in layout.channels} == {
        "vn": "VND",
        "intl": "USD",
        "eu": "EUR",
    }
    assert set(layout.attribute_ids) == {a.slug for a in bp.ATTRIBUTES}
    assert set(layout.category_ids) == {s for s, _ in bp.CATEGORIES}
    assert saleor.attributes[bp.STARS]["inputType"] == "DROPDOWN"
    assert [c["node"]["name"] for c in saleor.attributes[bp.STARS]["choices"]["edges"]] == [
        "3",
        "4",
        "5",
    ]
    assert {z["name"] for z in saleor.zones.values()} == {"Việt Nam", "International"}
    assert all(
        len(m["channelListings"]) == 3 for z in saleor.zones.values() for m in z["shippingMethods"]
    )
    assert (
        "created webhook OCOP shop catalogue events → http://shop.test/saleor/webhooks/"
        in first.changes
    )
    assert read_layout(client) == layout


def test_bootstrap_repairs_what_is_missing_and_keeps_the_rest():
    saleor = FakeSaleor()
    client = saleor.client()
    bootstrap_store(client)
    del saleor.categories["tourism"]
    saleor.channels["eu"]["isActive"] = False

    _layout, report = bootstrap_store(client)

    assert report.changes == ["updated channel eu: isActive", "created category tourism"]


def test_bootstrap_refuses_a_channel_in_the_wrong_currency():
    saleor = FakeSaleor()
    client = saleor.client()
    bootstrap_store(client)
    saleor.channels["vn"]["currencyCode"] = "USD"

    with pytest.raises(ValueError, match="channel vn exists in USD, the shop needs VND"):
        bootstrap_store(client)


def test_read_layout_is_none_before_bootstrap():
    assert read_layout(FakeSaleor().client()) is None
