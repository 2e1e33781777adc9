"""A member of producer A can never read or change producer B's listing or member list: every
portal URL, as A against B's objects, is a 404 and writes nothing. A new portal URL without a
row in CASES fails test_every_portal_url_has_an_isolation_case."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import Invitation
from catalog_sync.models import AuditEvent, Producer
from tests.portal.conftest import PRODUCER_B, PRODUCT_B, product
from tests.portal.test_listing import form_data, writes

pytestmark = pytest.mark.django_db


def b_product(_user) -> int:
    return product(PRODUCT_B).pk


def b_producer(_user) -> int:
    return Producer.objects.get(name=PRODUCER_B).pk


def b_photo(_user) -> list:
    """B's product and a photo of it (added straight to the in-memory Saleor)."""
    from saleor_api import connection
    from saleor_api.gateway import add_product_image
    from saleor_api.types import ProductImage
    from tests.portal.conftest import photo_bytes

    b = product(PRODUCT_B)
    media_id = add_product_image(
        connection.get_client(),
        b.saleor_product_id,
        ProductImage(photo_bytes(), "b.jpg", "image/jpeg", "B's photo"),
    )
    return [b.pk, media_id]


def b_label(_user) -> list:
    return [product(PRODUCT_B).pk, "pdf"]


def photo_files() -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.portal.conftest import photo_bytes

    return {"photos": [SimpleUploadedFile("x.jpg", photo_bytes(), "image/jpeg")]}


# url name -> (B's object as the URL's argument, or None; what a form would post)
CASES = {
    "portal:home": (None, None),
    "portal:product": (b_product, form_data(price_vn="1000", description="hacked", stock="0")),
    "portal:producers": (None, None),
    "portal:orders": (None, None),
    # B's order line (order and line ids): see test_orders.py, which needs a placed order
    "portal:ship": ("orders", None),
    "portal:members": (b_producer, {"email": "intruder@example.com", "language": "vi"}),
    "portal:photo_upload": (b_product, photo_files),
    "portal:photo_presign": (b_product, {"content_type": "image/jpeg"}),
    "portal:photo_uploaded": (b_product, {"token": "forged"}),
    "portal:photo_move": (b_photo, {"direction": "earlier"}),
    "portal:photo_delete": (b_photo, {}),
    "portal:photo_alt": (b_photo, {"alt": "hacked"}),
    "portal:label": (b_label, None),
    # Lists of the user's own products: test_the_lists_show_a_nothing_of_b
    "portal:labels": (None, None),
    "portal:labels_sheet": (None, None),
    "portal:scans": (None, None),
}


POST_ONLY = {
    "portal:photo_upload",
    "portal:photo_presign",
    "portal:photo_uploaded",
    "portal:photo_move",
    "portal:photo_delete",
    "portal:photo_alt",
}


def url_names(resolver: URLResolver, namespaces: tuple[str, ...]) -> set[str]:
    """Every named URL of the given namespaces, however deep in the URL configuration."""
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in namespaces:
                names |= {
                    f"{entry.namespace}:{p.name}"
                    for p in entry.url_patterns
                    if isinstance(p, URLPattern)
                }
            names |= url_names(entry, namespaces)
    return names


def portal_url_names() -> set[str]:
    return url_names(get_resolver(), ("portal", "accounts"))


def test_every_portal_url_has_an_isolation_case():
    assert portal_url_names() - {"accounts:invitation"} == set(CASES)


@pytest.mark.parametrize("name", [n for n, (arg, _) in CASES.items() if callable(arg)])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_member_of_a_gets_404_on_b_and_nothing_is_written(
    client, shop, member_a, member_b, name, method
):
    from django.urls import reverse

    argument, data = CASES[name]
    assert callable(argument)
    args = argument(member_a)
    url = reverse(name, args=args if isinstance(args, list) else [args])
    client.force_login(member_a)
    before = len(writes(shop))
    photos_of_b = list(shop.products[product(PRODUCT_B).saleor_product_id].get("media") or [])

    response = getattr(client, method)(url, (data() if callable(data) else data) or {})

    # A URL that only takes a POST answers a GET with 405 whoever asks: it tells nothing.
    assert response.status_code == (405 if method == "get" and name in POST_ONLY else 404)
    assert len(writes(shop)) == before
    assert shop.products[product(PRODUCT_B).saleor_product_id].get("media") == photos_of_b
    assert not AuditEvent.objects.filter(user__isnull=False).exists()  # nothing by a person
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_the_lists_show_a_nothing_of_b(client, shop, member_a, member_b):
    client.force_login(member_a)

    home = client.get("/vi/portal/").content.decode()
    producers = client.get("/vi/portal/producers/").content.decode()
    labels = client.get("/vi/portal/labels/").content.decode()
    scans = client.get("/vi/portal/scans/").content.decode()
    sheet = client.get("/vi/portal/labels/all.pdf")

    assert PRODUCT_B not in home + labels + scans
    assert PRODUCER_B not in producers
    assert "b@cty-b.vn" not in home + producers
    assert sheet.status_code == 200
    assert product(PRODUCT_B).code.encode() not in sheet.content


@pytest.mark.parametrize("name", sorted(CASES))
def test_anonymous_visitors_reach_no_portal_page(client, shop, member_b, name):
    from django.urls import reverse

    argument, _data = CASES[name]
    if argument == "orders":
        url = reverse(name, args=["T3JkZXI6MQ==", "T3JkZXJMaW5lOjE="])
    else:
        args = argument(member_b) if callable(argument) else []
        url = reverse(name, args=args if isinstance(args, list) else [args])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/vi/accounts/login/")


def test_a_member_sees_its_own_members_but_may_not_invite(client, shop, member_a):
    from tests.portal.conftest import PRODUCER_A

    client.force_login(member_a)
    pk = Producer.objects.get(name=PRODUCER_A).pk

    page = client.get(f"/vi/portal/producers/{pk}/members/")
    invite = client.post(
        f"/vi/portal/producers/{pk}/members/", {"email": "x@y.vn", "language": "vi"}
    )

    assert page.status_code == 200
    assert "a@htx-a.vn" in page.content.decode()
    assert 'name="email"' not in page.content.decode()
    assert invite.status_code == 404
    assert not Invitation.objects.exists()
