"""The registry in the Django admin, as staff use it: add and change pages, status, group filter."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from catalog_sync.models import AuditEvent, Certificate, OcopProduct, Producer

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser("admin", "admin@ocop.test", "pw")
    client.force_login(user)
    return client


def product(
    name: str, *, group: str = "food", valid_until: date, status: str = "active"
) -> OcopProduct:
    producer, _ = Producer.objects.get_or_create(
        name="HTX Nông nghiệp Hòa Tân",
        name_key="htx nong nghiep hoa tan",
        province="Trà Vinh",
        province_key="tra vinh",
        defaults={"kind": "cooperative", "address_scheme": "pre_2025"},
    )
    item = OcopProduct.objects.create(
        product_key=f"tra vinh|htx|{name}",
        code=f"OCOP-{name[:6]}",
        name=name,
        producer=producer,
        province="Trà Vinh",
        province_key="tra vinh",
        shown=True,
    )
    Certificate.objects.create(
        product=item,
        stars=4,
        group=group,
        decision_number="2751/QĐ-UBND",
        decided_on=date(2021, 11, 24),
        valid_until=valid_until,
        recognition_level="province",
        status=status,
    )
    AuditEvent.objects.create(product=item, action="created", reason="new certified product")
    return item


def test_the_add_page_answers(staff):
    response = staff.get("/admin/catalog_sync/ocopproduct/add/")

    assert response.status_code == 200


def test_the_change_page_answers_and_saves(staff):
    item = product("Trà mãng cầu", valid_until=date(2030, 1, 1))
    url = f"/admin/catalog_sync/ocopproduct/{item.pk}/change/"

    page = staff.get(url)
    saved = staff.post(
        url,
        {
            "name": "Trà mãng cầu Cầu Kè",
            "slug": item.slug,
            "producer": item.producer_id,
            "province": "Trà Vinh",
            "province_key": "tra vinh",
            "owner": "",
            "certificates-TOTAL_FORMS": "1",
            "certificates-INITIAL_FORMS": "1",
            "certificates-MIN_NUM_FORMS": "0",
            "certificates-MAX_NUM_FORMS": "1000",
            "audit-TOTAL_FORMS": "1",
            "audit-INITIAL_FORMS": "1",
            "audit-MIN_NUM_FORMS": "0",
            "audit-MAX_NUM_FORMS": "1000",
        },
    )

    assert page.status_code == 200
    assert "new certified product" in page.content.decode()
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert OcopProduct.objects.get(pk=item.pk).name == "Trà mãng cầu Cầu Kè"


def test_the_status_column_follows_the_certificate_valid_today(staff):
    product("Mực một nắng", valid_until=date(2024, 11, 23))  # stored "active", ended in 2024
    product("Nước mắm nhỉ", valid_until=date(2099, 1, 1))

    page = staff.get("/admin/catalog_sync/ocopproduct/").content.decode()
    valid_today = staff.get("/admin/catalog_sync/ocopproduct/?today=valid").context["cl"]

    row = page[page.index("Mực một nắng") :]
    assert row[: row.index("</tr>")].count("expired") == 1
    assert [p.name for p in valid_today.result_list] == ["Nước mắm nhỉ"]


def test_the_unclassified_filter_lists_what_staff_must_classify(staff):
    product("Bộ quà tặng Cầu Kè", group="unclassified", valid_until=date(2099, 1, 1))
    product("Nước mắm nhỉ", group="food", valid_until=date(2099, 1, 1))

    listed = staff.get("/admin/catalog_sync/ocopproduct/?group=unclassified")

    assert listed.status_code == 200
    assert [p.name for p in listed.context["cl"].result_list] == ["Bộ quà tặng Cầu Kè"]
    assert "Chưa phân loại" in listed.content.decode()


def test_the_certificate_list_shows_the_status_today(staff):
    product("Mực một nắng", valid_until=date(2024, 11, 23))

    page = staff.get("/admin/catalog_sync/certificate/")

    assert page.status_code == 200
    assert "expired" in page.content.decode()


def test_staff_list_again_a_product_deleted_in_saleor(staff):
    removed = product("Mực một nắng", valid_until=date(2099, 1, 1))
    kept = product("Nước mắm nhỉ", valid_until=date(2099, 1, 1))
    OcopProduct.objects.filter(pk=removed.pk).update(
        saleor_product_id="", shown=False, removed_from_saleor_at="2026-12-01T08:00:00Z"
    )

    deleted_filter = staff.get("/admin/catalog_sync/ocopproduct/?deleted=yes")
    listed = staff.post(
        "/admin/catalog_sync/ocopproduct/",
        {"action": "list_again", "_selected_action": [removed.pk, kept.pk]},
        follow=True,
    )

    assert [p.name for p in deleted_filter.context["cl"].result_list] == ["Mực một nắng"]
    assert "Listed again: 1; the next sync creates them in Saleor." in listed.content.decode()
    assert OcopProduct.objects.get(pk=removed.pk).removed_from_saleor_at is None
    event = AuditEvent.objects.filter(product=removed).latest("id")
    assert event.user is not None
    assert (event.action, event.actor, event.user.username) == (
        "relisted",
        "admin:admin@ocop.test",
        "admin",
    )
    assert not AuditEvent.objects.filter(product=kept, action="relisted").exists()
