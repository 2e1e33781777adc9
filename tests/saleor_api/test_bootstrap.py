import pytest

from saleor_api import blueprint as bp
from saleor_api.bootstrap import bootstrap_store, read_layout
from saleor_app.manifest import manifest_data
from tests.fakes.saleor import FakeSaleor, country_codes


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
    assert set(layout.category_ids) == {c.slug for c in bp.CATEGORIES}
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

    assert report.changes == [
        "updated channel eu: isActive",
        "created category tourism",
        "translated category tourism into EN, FR, ZH_HANS, KO, JA",
    ]


def test_bootstrap_refuses_a_channel_in_the_wrong_currency():
    saleor = FakeSaleor()
    client = saleor.client()
    bootstrap_store(client)
    saleor.channels["vn"]["currencyCode"] = "USD"

    with pytest.raises(ValueError, match="channel vn exists in USD, the shop needs VND"):
        bootstrap_store(client)


def test_read_layout_is_none_before_bootstrap():
    assert read_layout(FakeSaleor().client()) is None


def zones_selling(saleor: FakeSaleor, channel: str, country: str) -> list[str]:
    """The zones that sell to ``country`` in ``channel`` as Saleor judges it: the zone lists the
    country, is in the channel, ships from a warehouse of the channel and has a method priced in
    the channel."""
    channel_node = saleor.channels[channel]
    warehouses = {w["id"] for w in channel_node["warehouses"]}
    return sorted(
        zone["name"]
        for zone in saleor.zones.values()
        if {"code": country} in zone["countries"]
        and any(c["id"] == channel_node["id"] for c in zone["channels"])
        and warehouses & {w["id"] for w in zone["warehouses"]}
        and any(
            listing["channel"]["slug"] == channel
            for method in zone["shippingMethods"]
            for listing in method["channelListings"]
        )
    )


@pytest.mark.parametrize("version", ["3.21", "3.23"])
def test_on_a_fresh_saleor_every_channel_sells_to_its_default_country(version):
    saleor = FakeSaleor(version, populated_defaults=True)  # its zone "Default" lists US already

    bootstrap_store(saleor.client())

    assert {c.slug: zones_selling(saleor, c.slug, c.default_country) for c in bp.CHANNELS} == {
        "vn": ["Việt Nam"],
        "intl": ["International"],
        "eu": ["International"],
    }
    assert zones_selling(saleor, "intl", "VN") == ["Việt Nam"]
    assert zones_selling(saleor, "eu", "DE") == ["International"]
    assert zones_selling(saleor, "default-channel", "US") == ["Default"]  # Saleor's, untouched


def test_the_rest_of_the_world_zone_lists_every_country_but_vietnam():
    saleor = FakeSaleor(populated_defaults=True)

    _layout, report = bootstrap_store(saleor.client())

    international = next(z for z in saleor.zones.values() if z["name"] == "International")
    listed = {c["code"] for c in international["countries"]}
    assert "VN" not in listed
    assert {"US", "FR", "DE", "KR", "CN", "JP", "AU"} <= listed
    assert len(listed) == len(country_codes()) - 1
    assert f"created shipping zone International ({len(listed)} countries)" in report.changes


def test_a_zone_left_without_the_channels_countries_gets_them_and_keeps_its_choices():
    # given: a Saleor bootstrapped when the zone was made "default" (it missed US, which Saleor's
    # "Default" zone held) and from which staff then removed a country on purpose
    saleor = FakeSaleor(populated_defaults=True)
    client = saleor.client()
    bootstrap_store(client)
    international = next(z for z in saleor.zones.values() if z["name"] == "International")
    international["countries"] = [
        c for c in international["countries"] if c["code"] not in {"US", "FR", "RU"}
    ]

    _layout, report = bootstrap_store(client)

    listed = {c["code"] for c in international["countries"]}
    assert report.changes == ["updated shipping zone International: countries +FR,US"]
    assert {"US", "FR"} <= listed
    assert "RU" not in listed


def test_group_and_delivery_method_names_are_translated_into_five_languages():
    saleor = FakeSaleor()

    bootstrap_store(saleor.client())

    food = saleor.categories["food"]
    assert {language: food[language]["name"] for language in bp.TRANSLATION_LANGUAGES} == {
        "EN": "Food",
        "FR": "Alimentation",
        "ZH_HANS": "食品",
        "KO": "식품",
        "JA": "食品",
    }
    assert all(
        saleor.categories[c.slug][language]["name"] == c.translations[language]
        for c in bp.CATEGORIES
        for language in bp.TRANSLATION_LANGUAGES
    )
    methods = {m["name"]: m for z in saleor.zones.values() for m in z["shippingMethods"]}
    assert {
        language: methods["Giao hàng tiêu chuẩn"][language]["name"]
        for language in ("EN", "FR", "KO")
    } == {
        "EN": "Standard delivery in Vietnam",
        "FR": "Livraison standard au Vietnam",
        "KO": "베트남 국내 일반 배송",
    }
    assert methods["Bưu kiện quốc tế (EMS)"]["JA"] == {"name": "国際小包（EMS）"}


def test_a_translation_staff_changed_is_kept_and_a_missing_one_is_added():
    saleor = FakeSaleor()
    client = saleor.client()
    bootstrap_store(client)
    saleor.categories["food"]["EN"] = {"name": "Food & delicacies"}
    saleor.categories["herbs"]["KO"] = None

    _layout, report = bootstrap_store(client)

    assert report.changes == ["translated category herbs into KO"]
    assert saleor.categories["food"]["EN"] == {"name": "Food & delicacies"}
    assert saleor.categories["herbs"]["KO"] == {"name": "약초 및 약초 제품"}


def test_a_method_made_under_its_former_name_is_kept_not_made_again():
    saleor = FakeSaleor()
    client = saleor.client()
    bootstrap_store(client)
    international = next(z for z in saleor.zones.values() if z["name"] == "International")
    international["shippingMethods"][0]["name"] = "International parcel (EMS)"

    _layout, report = bootstrap_store(client)

    assert report.changes == []
    assert [m["name"] for m in international["shippingMethods"]] == ["International parcel (EMS)"]


def test_the_in_memory_saleor_keeps_external_references_unique_as_saleor_does():
    saleor = FakeSaleor("3.23")
    client = saleor.client()
    bootstrap_store(client)
    created = client.mutate(
        "ProductBulkCreate",
        {"products": [{"name": "A", "externalReference": "ocop:a", "productType": "T"}] * 2},
        result="productBulkCreate",
    )["results"]
    first_id = created[0]["product"]["id"]

    client.mutate("ProductDelete", {"id": first_id}, result="productDelete")
    again = client.mutate(
        "ProductBulkCreate",
        {"products": [{"name": "A", "externalReference": "ocop:a", "productType": "T"}]},
        result="productBulkCreate",
    )["results"]

    assert [e["code"] for e in created[1]["errors"]] == ["UNIQUE"]
    assert again[0]["product"]["id"] != first_id
    assert [p["externalReference"] for p in saleor.products.values()] == ["ocop:a"]
