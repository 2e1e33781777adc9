"""An officer of one province can never read or change another province's events: every events
URL, as the Kiên Giang officer against a Bến Tre event, is a 404 and writes nothing. A new
events URL without a row in CASES fails test_every_events_url_has_an_isolation_case."""

from __future__ import annotations

import pytest
from django.urls import reverse

from events.models import Event
from tests.events.conftest import BEN_TRE, make_event, product
from tests.portal.test_isolation import url_names

pytestmark = pytest.mark.django_db


def b_event() -> Event:
    return make_event("Bến Tre", [product(BEN_TRE)], slug="tuan-le-ben-tre")


# url name -> (needs B's event as argument; what a form would post)
CASES = {
    "events:manage": (False, None),
    "events:create": (False, None),
    "events:edit": (True, {"name_vi": "Bị đổi", "discount_kind": "none"}),
    "events:cancel": (True, {}),
    "events:retry": (True, {}),
}


def test_every_events_url_has_an_isolation_case():
    from django.urls import get_resolver

    assert url_names(get_resolver(), ("events",)) == set(CASES)


@pytest.mark.parametrize("name", [n for n, (needs, _) in CASES.items() if needs])
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_officer_of_another_province_gets_404_and_nothing_is_written(
    client, shop, officer, name, method
):
    event = b_event()
    client.force_login(officer)
    calls = len(shop.calls)

    response = getattr(client, method)(reverse(name, args=[event.slug]), CASES[name][1] or {})

    assert response.status_code == 404
    event.refresh_from_db()
    assert event.name_vi == "Tuần lễ nông sản Bến Tre"
    assert event.status == Event.Status.SCHEDULED
    assert event.saleor_state == Event.SaleorState.PENDING
    assert shop.calls[calls:] == []


def test_the_list_shows_nothing_of_another_province(client, shop, officer):
    b_event()
    client.force_login(officer)

    html = client.get(reverse("events:manage")).content.decode()

    assert "Tuần lễ nông sản Bến Tre" not in html


def test_a_national_event_is_staffs_only(client, shop, officer, staff):
    event = make_event("Bến Tre", [product(BEN_TRE)], slug="hoi-cho")
    Event.objects.filter(pk=event.pk).update(is_national=True, province_key="", province="")
    client.force_login(officer)

    assert client.get(reverse("events:edit", args=[event.slug])).status_code == 404
    client.force_login(staff)
    assert client.get(reverse("events:edit", args=[event.slug])).status_code == 200


@pytest.mark.parametrize("name", sorted(CASES))
def test_anonymous_visitors_reach_no_events_page(client, shop, name):
    needs, _data = CASES[name]
    url = reverse(name, args=[b_event().slug] if needs else [])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/vi/accounts/login/")


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_producer_member_reaches_no_events_page(client, shop, name):
    from tests.portal.conftest import PRODUCER_B, member_of

    member = member_of(PRODUCER_B, "b@cty-b.vn")
    client.force_login(member)
    needs, _data = CASES[name]
    url = reverse(name, args=[b_event().slug] if needs else [])

    assert client.get(url).status_code == 404
