"""An officer runs the province's events from /<lang>/province/events/: create, edit, cancel."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from events.models import Event
from tests.events.conftest import BEN_TRE, KIEN_GIANG, make_event, product, province_products

pytestmark = pytest.mark.django_db


def form_data(**changes):
    now = timezone.localtime()
    data = {
        "slug": "tuan-le-nong-san",
        "name_vi": "Tuần lễ nông sản Kiên Giang",
        "name_en": "Kien Giang farm week",
        "starts_at": (now - timezone.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + timezone.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "theme": "default",
        "discount_kind": "percentage",
        "discount_percent": "10",
        "products": [str(product(n).pk) for n in KIEN_GIANG],
    }
    data.update(changes)
    return data


def test_an_officer_creates_an_event_of_its_province_and_saleor_gets_it(client, shop, officer):
    client.force_login(officer)

    response = client.post("/vi/province/events/new/", form_data())

    assert response.status_code == 302
    assert response["Location"] == "/vi/province/events/tuan-le-nong-san/"
    event = Event.objects.get()
    assert event.province == "Kiên Giang"
    assert event.is_national is False
    assert event.created_by == officer
    assert [e.product.name for e in event.featured()] == KIEN_GIANG
    assert event.saleor_state == Event.SaleorState.SYNCED
    assert event.saleor_collection_id in shop.collections
    assert event.saleor_promotion_id in shop.promotions
    page = client.get(response["Location"]).content.decode()
    assert "Đã lưu" in page or "Saved" in page


def test_dates_are_typed_in_vietnam_time_and_stored_aware(client, shop, officer):
    client.force_login(officer)

    client.post(
        "/vi/province/events/new/",
        form_data(starts_at="2027-01-10T08:00", ends_at="2027-01-17T20:00"),
    )

    event = Event.objects.get()
    assert event.starts_at == datetime(2027, 1, 10, 1, 0, tzinfo=UTC)
    assert event.ends_at == datetime(2027, 1, 17, 13, 0, tzinfo=UTC)
    page = client.get("/vi/province/events/tuan-le-nong-san/").content.decode()
    assert 'value="2027-01-10T08:00"' in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at": "2020-01-01T00:00"}, "ends_at", "The event must end after it starts."),
        ({"discount_percent": ""}, "discount_percent", "Type the percentage off, e.g. 10."),
        ({"discount_percent": "150"}, "discount_percent", "less than or equal to 90"),
        (
            {"discount_kind": "fixed", "discount_percent": ""},
            "discount_vn",
            "Type the amount off in at least one currency.",
        ),
        ({"discount_kind": "fixed", "discount_vn": "abc"}, "discount_vn", "digits"),
        ({"name_vi": ""}, "name_vi", "This field is required."),
        ({"slug": "new"}, "slug", "This address is taken by the shop; choose another."),
        ({"products": []}, "products", "This field is required."),
    ],
)
def test_bad_input_is_refused_with_a_clear_error_and_nothing_is_saved(
    client, shop, officer, changes, field, message
):
    client.force_login(officer)

    response = client.post("/en/province/events/new/", form_data(**changes))

    assert response.status_code == 200
    assert any(message in str(e) for e in response.context["form"].errors[field])
    assert not Event.objects.exists()
    assert shop.collections == {}
    # what was typed is still there
    assert "Kien Giang farm week" in response.content.decode()


def test_a_product_of_another_province_cannot_be_featured(client, shop, officer):
    client.force_login(officer)

    response = client.post(
        "/vi/province/events/new/", form_data(products=[str(product(BEN_TRE).pk)])
    )

    assert response.status_code == 200
    assert "products" in response.context["form"].errors
    assert not Event.objects.exists()


def test_the_form_offers_only_the_provinces_valid_certificates(client, shop, officer):
    client.force_login(officer)

    html = client.get("/vi/province/events/new/").content.decode()

    for item in province_products("Kiên Giang", 20):
        assert item.name in html
    assert BEN_TRE not in html
    assert "Kẹo dừa lá dứa" not in html  # expired (2021)


def test_an_edit_updates_saleor_and_the_list_shows_the_event(client, shop, officer):
    client.force_login(officer)
    client.post("/vi/province/events/new/", form_data())

    client.post(
        "/vi/province/events/tuan-le-nong-san/",
        form_data(
            discount_kind="fixed", discount_percent="", discount_vn="20.000", discount_intl="1"
        ),
    )

    event = Event.objects.get()
    assert event.discount_kind == "fixed"
    assert event.discount_amounts == {"vn": "20000", "intl": "1.00"}
    assert set(event.saleor_rule_ids) == {"vn", "intl"}
    rules = shop.promotions[event.saleor_promotion_id]["rules"]
    assert sorted((r["rewardValueType"], r["rewardValue"]) for r in rules) == [
        ("FIXED", 1.0),
        ("FIXED", 20000.0),
    ]
    listing = client.get("/vi/province/events/").content.decode()
    assert "Tuần lễ nông sản Kiên Giang" in listing


def test_cancelling_ends_the_discount(client, shop, officer):
    client.force_login(officer)
    client.post("/vi/province/events/new/", form_data())

    response = client.post("/vi/province/events/tuan-le-nong-san/cancel/")

    assert response.status_code == 302
    event = Event.objects.get()
    assert event.status == Event.Status.CANCELLED
    assert shop.promotions == {}
    assert shop.collections == {}


def test_saleor_down_saves_the_event_and_says_it_will_retry(client, shop, officer):
    client.force_login(officer)
    shop.fail_next = [503] * 50

    response = client.post("/en/province/events/new/", form_data(), follow=True)

    event = Event.objects.get()
    assert event.saleor_state == Event.SaleorState.FAILED
    assert "tries again every few minutes" in response.content.decode()
    shop.fail_next = []

    from events.tasks import resync_pending

    assert resync_pending() == 1
    event.refresh_from_db()
    assert event.saleor_state == Event.SaleorState.SYNCED


def test_an_ended_event_cannot_be_changed(client, shop, officer):
    client.force_login(officer)
    event = make_event(
        "Kiên Giang",
        [product(KIEN_GIANG[0])],
        starts=timezone.timedelta(days=-8),
        ends=timezone.timedelta(days=-1),
    )

    response = client.post(f"/en/province/events/{event.slug}/", form_data(name_vi="Đổi tên"))

    assert response.status_code == 200
    assert "it can no longer be changed" in response.content.decode()
    event.refresh_from_db()
    assert event.name_vi != "Đổi tên"


def test_staff_create_a_national_event_with_products_of_several_provinces(client, shop, staff):
    client.force_login(staff)
    data = form_data(
        national="1",
        slug="hoi-cho-ocop",
        products=[str(product(KIEN_GIANG[0]).pk), str(product(BEN_TRE).pk)],
    )

    response = client.post("/vi/province/events/new/", data)

    assert response.status_code == 302
    event = Event.objects.get()
    assert event.is_national is True
    assert event.province_key == ""
    assert len(shop.collections[event.saleor_collection_id]["products"]) == 2


def test_an_officer_cannot_create_a_national_event(client, shop, officer):
    client.force_login(officer)

    client.post(
        "/vi/province/events/new/",
        form_data(national="1", products=[str(product(BEN_TRE).pk)]),
    )

    assert not Event.objects.exists()
