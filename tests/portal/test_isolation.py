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


# url name -> (B's object as the URL's argument, or None; what a form would post)
CASES = {
    "portal:home": (None, None),
    "portal:product": (b_product, form_data(price_vn="1000", description="hacked", stock="0")),
    "portal:producers": (None, None),
    "portal:orders": (None, None),
    # B's order line (order and line ids): see test_orders.py, which needs a placed order
    "portal:ship": ("orders", None),
    "portal:members": (b_producer, {"email": "intruder@example.com", "language": "vi"}),
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
    url = reverse(name, args=[argument(member_a)])
    client.force_login(member_a)
    before = len(writes(shop))

    response = getattr(client, method)(url, data or {})

    assert response.status_code == 404
    assert len(writes(shop)) == before
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EDITED).exists()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_the_lists_show_a_nothing_of_b(client, shop, member_a, member_b):
    client.force_login(member_a)

    home = client.get("/vi/portal/").content.decode()
    producers = client.get("/vi/portal/producers/").content.decode()

    assert PRODUCT_B not in home
    assert PRODUCER_B not in producers
    assert "b@cty-b.vn" not in home + producers


@pytest.mark.parametrize("name", sorted(CASES))
def test_anonymous_visitors_reach_no_portal_page(client, shop, member_b, name):
    from django.urls import reverse

    argument, _data = CASES[name]
    if argument == "orders":
        url = reverse(name, args=["T3JkZXI6MQ==", "T3JkZXJMaW5lOjE="])
    else:
        url = reverse(name, args=[argument(member_b)] if callable(argument) else [])

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
