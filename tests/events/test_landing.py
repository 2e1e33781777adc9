"""The landing page /<language>/<channel>/events/<slug>/: the event's theme, a hero with its
dates, the featured products at Saleor's (discounted) prices with their badges, the producers,
Open Graph tags and a share image; before and after its dates it says so."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from PIL import Image

from events.models import Event
from events.sync import sync_event
from tests.events.conftest import KIEN_GIANG, make_event, product

pytestmark = pytest.mark.django_db


def running_event(**kwargs) -> Event:
    return sync_event(make_event("Kiên Giang", [product(n) for n in KIEN_GIANG], **kwargs).pk)


def prices(html: str) -> list[tuple[str, str]]:
    """(struck-through price, price) of each card."""
    return re.findall(
        r'<s class="was-price"><span class="visually-hidden">[^<]*</span>([^<]+)</s> '
        r'<span class="price">([^<]+)</span>',
        html,
    )


def test_during_the_event_a_tourist_sees_the_discounted_prices_in_usd(client, shop):
    event = running_event()

    response = client.get(f"/en/intl/events/{event.slug}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="event-title">Kiên Giang farm week</h1>' in html
    assert ("$7.50", "$6.75") in prices(html)
    assert "On now: the discounted prices below apply in your cart and at checkout." in html
    assert 'class="ocop-badge"' in html
    assert "HTX Nước mắm Phú Quốc Khải Hoàn" in html  # the producers
    assert "Công ty TNHH Tiêu Phú Quốc" in html


def test_in_vietnamese_the_prices_are_in_dong(client, shop):
    event = running_event()

    html = client.get(f"/vi/vn/events/{event.slug}/").content.decode()

    assert "Tuần lễ nông sản Kiên Giang" in html
    assert ("185.000\xa0₫", "166.500\xa0₫") in prices(html)


def test_a_name_not_translated_is_shown_in_vietnamese_and_marked(client, shop):
    event = running_event()

    html = client.get(f"/fr/eu/events/{event.slug}/").content.decode()

    assert '<h1 id="event-title" lang="vi">Tuần lễ nông sản Kiên Giang</h1>' in html


def test_before_it_opens_the_page_counts_down_and_shows_todays_prices(client, shop):
    event = running_event(starts=timedelta(days=3, hours=2), ends=timedelta(days=10))

    html = client.get(f"/en/intl/events/{event.slug}/").content.decode()

    assert "Not started yet." in html
    assert "Opens in 3 days" in html
    assert 'class="countdown" data-starts="' in html
    assert "events/countdown" in html
    assert prices(html) == []
    assert '<span class="price">$7.50</span>' in html


def test_afterwards_it_says_so_and_links_to_the_products_at_todays_prices(client, shop):
    event = running_event(starts=timedelta(days=-9), ends=timedelta(days=-2))

    html = client.get(f"/en/intl/events/{event.slug}/").content.decode()

    assert "This event ended on" in html
    assert "The products, at today’s prices" in html or "The products, at today's prices" in html
    assert prices(html) == []
    assert f'href="/en/intl/products/{product(KIEN_GIANG[0]).slug}/"' in html


def test_a_cancelled_event_says_so(client, shop):
    event = running_event()
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)

    response = client.get(f"/en/intl/events/{event.slug}/")

    assert response.status_code == 410
    assert "This event was cancelled." in response.content.decode()


def test_an_unknown_event_or_channel_is_404(client, shop):
    event = running_event()

    assert client.get("/en/intl/events/nope/").status_code == 404
    assert client.get(f"/en/xx/events/{event.slug}/").status_code == 404


def test_the_page_is_drawn_in_the_events_theme(client, shop, monkeypatch):
    chosen = []
    from events import public_views

    def choose(request, slug):
        chosen.append(slug)
        return slug

    monkeypatch.setattr(public_views, "choose_theme", choose)
    event = running_event(theme="default")

    client.get(f"/en/intl/events/{event.slug}/")

    assert chosen == ["default"]


def test_open_graph_tags_and_a_share_image(client, shop):
    event = running_event()

    html = client.get(f"/en/intl/events/{event.slug}/").content.decode()
    image_url = re.search(r'<meta property="og:image" content="([^"]+)"', html)[1]
    response = client.get(image_url.replace("http://testserver", ""))

    assert '<meta property="og:title" content="Kiên Giang farm week">' in html
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert Image.open(BytesIO(response.content)).size == (1200, 630)


def test_the_home_page_lists_the_event_while_it_runs(client, shop):
    event = running_event()
    later = make_event(
        "Kiên Giang",
        [product(KIEN_GIANG[0])],
        slug="sau-nay",
        starts=timedelta(days=20),
        ends=timedelta(days=27),
    )

    html = client.get("/en/intl/").content.decode()

    assert f'href="/en/intl/events/{event.slug}/">Kiên Giang farm week</a>' in html
    assert later.slug not in html


def test_a_product_whose_certificate_ended_is_not_shown(client, shop, monkeypatch):
    from catalog_sync.models import Certificate

    event = running_event()
    Certificate.objects.filter(product=product(KIEN_GIANG[1])).update(
        valid_until=timezone.localdate() - timedelta(days=400)
    )

    html = client.get(f"/en/intl/events/{event.slug}/").content.decode()

    assert "Tiêu đen Phú Quốc" not in html.split('id="event-products"')[1].split("</section>")[0]
