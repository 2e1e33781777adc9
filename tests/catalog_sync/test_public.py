"""/verify/<code>, the read-only registry API and the admin's revoke."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model

from catalog_sync.models import Certificate, OcopProduct, Producer
from catalog_sync.normalise import matching_key
from catalog_sync.validity import ocop_today

pytestmark = pytest.mark.django_db


def make_product(
    code: str,
    *,
    stars: int = 4,
    valid_until: date | None = None,
    status: str = "active",
    province: str = "Kiên Giang",
) -> OcopProduct:
    producer, _ = Producer.objects.get_or_create(
        province_key=matching_key(province),
        name_key="htx a",
        defaults={
            "name": "HTX Nước mắm A",
            "kind": "cooperative",
            "province": province,
            "commune": "Dương Đông",
            "address_scheme": "post_2025",
        },
    )
    product = OcopProduct.objects.create(
        product_key=code.lower(),
        code=code,
        name=f"Nước mắm {code}",
        producer=producer,
        province=province,
        province_key=matching_key(province),
    )
    Certificate.objects.create(
        product=product,
        stars=stars,
        group="food",
        decision_number="2751/QĐ-UBND",
        decided_on=date(2024, 11, 24),
        valid_until=valid_until or ocop_today() + timedelta(days=100),
        recognition_level="province",
        status=status,
        issuing_authority="UBND tỉnh Kiên Giang",
    )
    return product


def test_a_valid_certificate_says_so_in_english(client):
    make_product("KG-001", valid_until=date(2027, 11, 23))

    response = client.get("/verify/KG-001", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    text = response.content.decode()
    assert "Valid" in text
    assert "certified OCOP 4 stars" in text
    assert "2751/QĐ-UBND" in text


def test_an_expired_certificate_says_when_it_ended_even_before_the_sweep(client):
    make_product("KG-002", valid_until=ocop_today() - timedelta(days=1))  # still "active" in the DB

    response = client.get("/verify/KG-002", HTTP_ACCEPT_LANGUAGE="en")

    text = response.content.decode()
    assert "Expired" in text
    assert "this certificate ended on" in text


def test_the_verify_page_speaks_vietnamese_and_french(client):
    make_product("KG-003", status="revoked")

    vietnamese = client.get("/verify/KG-003", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    french = client.get("/verify/KG-003", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Đã thu hồi" in vietnamese
    assert "Révoqué" in french
    assert '<html lang="fr">' in french


def test_an_unknown_code_is_404_and_honest(client):
    response = client.get("/verify/NOPE-1", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert "is not certified" in response.content.decode()


def graphql(client, query: str, variables: dict | None = None):
    return client.post(
        "/api/graphql",
        json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
    )


def test_the_api_finds_a_certificate_by_code(client):
    make_product("KG-010", stars=5)

    response = graphql(
        client, '{ certificate(code: "kg-010") { code stars status province group } }'
    )

    assert response.json() == {
        "data": {
            "certificate": {
                "code": "KG-010",
                "stars": 5,
                "status": "VALID",
                "province": "Kiên Giang",
                "group": "FOOD",
            }
        }
    }


def test_the_api_filters_and_pages(client):
    for i in range(5):
        make_product(f"KG-1{i}", stars=4 if i % 2 else 3)
    make_product("KG-EXP", stars=4, valid_until=date(2020, 1, 1))

    query = 'query($after: String) { certificates(province: "kien giang", stars: 4, status: VALID, first: 1, after: $after) { items { code } nextCursor } }'
    first = graphql(client, query).json()["data"]["certificates"]
    second = graphql(client, query, {"after": first["nextCursor"]}).json()["data"]["certificates"]

    assert [i["code"] for i in first["items"] + second["items"]] == ["KG-11", "KG-13"]
    assert second["nextCursor"] is None


def test_the_api_limits_page_size_depth_and_operations(client):
    too_big = graphql(client, "{ certificates(first: 500) { items { code } } }").json()
    mutation = graphql(client, "mutation { x }")

    assert too_big["errors"][0]["message"] == "first must be between 1 and 100"
    assert mutation.status_code == 400


def test_the_admin_revokes_with_a_reason(client, monkeypatch):
    hidden = []
    monkeypatch.setattr(
        "catalog_sync.services.gateway.set_visibility", lambda *a, **k: hidden.append(k)
    )
    monkeypatch.setattr("catalog_sync.services.store_layout", lambda client: None)
    monkeypatch.setattr("catalog_sync.services.get_client", lambda: None)
    product = make_product("KG-020")
    OcopProduct.objects.filter(pk=product.pk).update(saleor_product_id="UHJvZHVjdDox", shown=True)
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw-123456789")
    client.force_login(admin)

    response = client.post(
        "/admin/catalog_sync/ocopproduct/",
        {
            "action": "revoke_certificates",
            "_selected_action": [product.pk],
            "reason": "QĐ 3763/QĐ-UBND: food safety",
        },
    )

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.shown is False
    assert hidden == [{"shown": False}]
    cert = product.certificates.get()
    assert (cert.status, cert.status_reason) == ("revoked", "QĐ 3763/QĐ-UBND: food safety")
