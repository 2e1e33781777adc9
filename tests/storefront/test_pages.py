"""Storefront pages against the in-memory Saleor holding the sample feed."""

from __future__ import annotations

import json
import re
from datetime import date

import httpx
import pytest

from catalog_sync.models import OcopProduct
from saleor_api.errors import SaleorUnavailable
from storefront.cache import invalidate_catalogue

pytestmark = pytest.mark.django_db


def slug_of(name: str) -> str:
    return OcopProduct.objects.get(name=name).slug


def test_the_language_root_sends_visitors_to_their_currency(client, shop):
    assert client.get("/en/")["Location"] == "/en/intl/"
    assert client.get("/fr/")["Location"] == "/fr/eu/"
    assert client.get("/vi/")["Location"] == "/vi/vn/"
    # the shop charges no yuan, won or yen: Chinese, Korean and Japanese visitors pay in USD
    assert client.get("/zh-hans/")["Location"] == "/zh-hans/intl/"
    assert client.get("/ko/")["Location"] == "/ko/intl/"
    assert client.get("/ja/")["Location"] == "/ja/intl/"
    client.cookies["ocop_channel"] = "vn"
    assert client.get("/en/")["Location"] == "/en/vn/"


def test_home_shows_national_five_star_products_and_entry_points(client, shop):
    response = client.get("/vi/vn/")

    html = response.content.decode()
    assert response.status_code == 200
    national = html.split('id="national"')[1].split("</section>")[0]
    assert "Nước mắm Phú Quốc 40 độ đạm" in national
    assert "Chè Shan tuyết cổ thụ Lũng Cú" in national
    assert "Tiêu đen Phú Quốc" not in national  # 4 stars
    assert "/vi/vn/provinces/kien-giang/" in html
    assert "?group=thuc-pham" in html


def test_the_badge_is_announced_with_its_stars(client, shop):
    html = client.get("/en/vn/").content.decode()

    assert 'role="img" aria-label="OCOP certified, 5 stars out of 5"' in html
    assert 'role="img" aria-label="OCOP certified, 4 stars out of 5"' in html


def test_filter_by_minimum_stars(client, shop):
    html = client.get("/en/vn/products/", {"stars": "5"}).content.decode()

    names = re.findall(r'class="card-name">([^<]+)<', html)
    assert sorted(names) == [
        "Ben Tre green-skin pomelo",
        "Lung Cu ancient Shan Tuyet tea",
        "Phu Quoc fish sauce 40°N",
    ]
    assert "3 products" in html


def test_search_finds_vietnamese_typed_without_diacritics(client, shop):
    html = client.get("/vi/vn/products/", {"q": "nuoc mam"}).content.decode()

    names = re.findall(r'class="card-name">([^<]+)<', html)
    assert sorted(names) == ["Nước mắm Phú Quốc 35 độ đạm", "Nước mắm Phú Quốc 40 độ đạm"]


def test_expired_products_are_never_listed(client, shop):
    html = client.get("/vi/vn/products/").content.decode()

    assert "Mực một nắng Phú Quốc" not in html  # decided 2021, expired
    assert "27 sản phẩm" in html


def test_cursor_pagination(client, shop, monkeypatch):
    monkeypatch.setattr("saleor_api.catalogue.PAGE_SIZE", 10)
    first = client.get("/vi/vn/products/").content.decode()
    next_link = re.search(r'rel="next" href="\?([^"]+)"', first)
    assert next_link is not None

    second = client.get(
        "/vi/vn/products/?" + next_link.group(1).replace("&amp;", "&")
    ).content.decode()

    first_names = set(re.findall(r'class="card-name">([^<]+)<', first))
    second_names = set(re.findall(r'class="card-name">([^<]+)<', second))
    assert len(first_names) == 10
    assert len(second_names) == 10
    assert first_names.isdisjoint(second_names)


def test_every_page_of_a_listing_says_how_many_and_the_last_has_no_next(client, shop, monkeypatch):
    monkeypatch.setattr("saleor_api.catalogue.PAGE_SIZE", 10)
    last = client.get("/vi/vn/products/", {"after": "20"}).content.decode()
    past = client.get("/vi/vn/products/", {"after": "40"}).content.decode()

    assert len(re.findall(r'class="card-name">', last)) == 7
    assert 'rel="next"' not in last
    assert "27 sản phẩm" in last
    assert not re.findall(r'class="card-name">', past)
    assert "27 sản phẩm" in past


def test_product_page_has_badge_certificate_panel_and_price(client, shop):
    slug = slug_of("Nước mắm Phú Quốc 40 độ đạm")

    response = client.get(f"/vi/vn/products/{slug}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-label="Chứng nhận OCOP, 5 sao trên 5"' in html
    assert "1234/QĐ-BNN" in html
    assert "185.000\u00a0₫" in html
    assert "HTX Nước mắm Phú Quốc Khải Hoàn" in html
    code = OcopProduct.objects.get(slug=slug).code
    assert f'href="/verify/{code}"' in html


def test_product_page_json_ld_states_a_certification_not_a_rating(client, shop):
    slug = slug_of("Nước mắm Phú Quốc 40 độ đạm")
    html = client.get(f"/en/vn/products/{slug}/").content.decode()

    found = re.search(r'<script type="application/ld\+json">(.+?)</script>', html, re.S)
    assert found is not None
    data = json.loads(found.group(1))

    assert data["@type"] == "Product"
    assert data["name"] == "Phu Quoc fish sauce 40°N"
    assert data["offers"] == {
        "@type": "Offer",
        "price": "185000",
        "priceCurrency": "VND",
        "availability": "https://schema.org/InStock",
        "url": f"http://testserver/en/vn/products/{slug}/",
    }
    assert data["hasCertification"]["certificationRating"]["ratingValue"] == 5
    assert data["hasCertification"]["expires"] == "2027-03-14"
    assert "aggregateRating" not in json.dumps(data).lower()


def test_alternate_languages_canonical_and_switchers_keep_the_page(client, shop):
    slug = slug_of("Tiêu đen Phú Quốc")
    html = client.get(f"/en/vn/products/{slug}/").content.decode()

    assert f'<link rel="canonical" href="http://testserver/en/intl/products/{slug}/">' in html
    for code, channel in (
        ("vi", "vn"),
        ("en", "intl"),
        ("fr", "eu"),
        ("zh-hans", "intl"),
        ("ko", "intl"),
        ("ja", "intl"),
    ):
        assert (
            f'hreflang="{code}" href="http://testserver/{code}/{channel}/products/{slug}/"' in html
        )
    assert f'hreflang="x-default" href="http://testserver/vi/vn/products/{slug}/"' in html
    assert f'href="/fr/vn/products/{slug}/" hreflang="fr"' in html  # language switch keeps currency
    assert f'href="/en/eu/products/{slug}/" rel="nofollow"' in html  # currency switch keeps page


def test_a_search_switched_to_another_language_keeps_its_query(client, shop):
    html = client.get("/en/vn/products/?q=m%E1%BA%ADt+ong&stars=5").content.decode()

    # the switcher keeps the search and the currency; the canonical URL has no query
    assert 'href="/ja/vn/products/?q=m%E1%BA%ADt+ong&amp;stars=5" hreflang="ja"' in html
    assert '<link rel="canonical" href="http://testserver/en/intl/products/">' in html
    assert (
        'hreflang="fr" href="http://testserver/fr/eu/products/?q=m%E1%BA%ADt+ong&amp;stars=5"'
        in html
    )


def test_the_chosen_currency_is_remembered(client, shop):
    response = client.get("/en/eu/")

    assert response.cookies["ocop_channel"].value == "eu"
    assert "Prices are charged in EUR." in response.content.decode()


def test_a_product_whose_certificate_ended_answers_410_with_the_date(client, shop):
    slug = slug_of("Mực một nắng Phú Quốc")  # hidden in Saleor since its certificate lapsed

    english = client.get(f"/en/vn/products/{slug}/")
    french = client.get(f"/fr/vn/products/{slug}/")

    assert english.status_code == 410
    assert "certification ended on June 5, 2024" in english.content.decode()
    assert french.status_code == 410
    assert "certification OCOP de ce produit a pris fin le 5 juin 2024" in french.content.decode()


def test_a_product_saleor_still_shows_but_whose_date_passed_is_gone(client, shop, monkeypatch):
    monkeypatch.setattr(
        "storefront.views.ocop_today", lambda: __import__("datetime").date(2027, 3, 15)
    )
    slug = slug_of("Nước mắm Phú Quốc 40 độ đạm")  # valid through 2027-03-14, still published

    response = client.get(f"/en/vn/products/{slug}/")

    assert response.status_code == 410
    assert "OCOP certified" not in response.content.decode()


def test_an_unknown_product_is_404(client, shop):
    assert client.get("/vi/vn/products/khong-co/").status_code == 404


def test_province_and_producer_pages(client, shop):
    province = client.get("/vi/vn/provinces/ha-giang/").content.decode()
    producer = client.get("/vi/vn/producers/htx-nuoc-mam-phu-quoc-khai-hoan/").content.decode()

    assert "Sản phẩm OCOP của Hà Giang" in province
    assert "Chè Shan tuyết cổ thụ Lũng Cú" in province
    assert "<h1>HTX Nước mắm Phú Quốc Khải Hoàn</h1>" in producer
    assert "Dương Đông" in producer
    assert client.get("/vi/vn/provinces/khong-co/").status_code == 404


def test_one_saleor_query_per_page_and_none_when_cached(client, shop):
    saleor = shop.catalogue
    saleor.server_version()  # asked once per process
    before = saleor.requests_sent

    client.get("/vi/vn/")
    after_cold = saleor.requests_sent
    client.get("/vi/vn/")

    assert after_cold - before == 1
    assert saleor.requests_sent == after_cold


def test_a_product_webhook_makes_cached_pages_stale(client, shop):
    saleor = shop.catalogue
    client.get("/vi/vn/")
    before = saleor.requests_sent

    invalidate_catalogue({"product": {"id": "x"}})
    client.get("/vi/vn/")

    assert saleor.requests_sent == before + 1  # read again
    client.get("/vi/vn/")
    assert saleor.requests_sent == before + 1  # and cached again


def test_the_first_visit_after_a_change_shows_it(client, shop):
    fish_sauce = OcopProduct.objects.get(name="Nước mắm Phú Quốc 40 độ đạm")
    page = f"/en/intl/products/{fish_sauce.slug}/"
    assert '<p class="price big">$7.50</p>' in client.get(page).content.decode()
    intl = shop.channels["intl"]["id"]
    [variant] = shop.products[fish_sauce.saleor_product_id]["variants"]
    for listing in variant["channelListings"]:
        if listing["channelId"] == intl:
            listing["price"] = "8.25"  # staff, in Saleor's Dashboard

    before = client.get(page).content.decode()
    invalidate_catalogue({"product": {"id": "x"}})  # Saleor's webhook of that change
    after = client.get(page).content.decode()

    assert '<p class="price big">$7.50</p>' in before  # cached: the change not announced yet
    assert '<p class="price big">$8.25</p>' in after


def test_an_answer_only_past_its_time_is_served_at_once_and_refreshed_behind(
    client, shop, settings, monkeypatch
):
    saleor = shop.catalogue
    client.get("/vi/vn/")
    before = saleor.requests_sent
    refreshes = []
    monkeypatch.setattr(
        "storefront.cache._refresh_in_background", lambda key, loader: refreshes.append(key)
    )
    settings.STOREFRONT_CACHE_SECONDS = 0  # every cached answer past its time

    page = client.get("/vi/vn/")

    assert page.status_code == 200
    assert saleor.requests_sent == before  # nobody waited for Saleor
    assert refreshes  # each answer refreshed behind the page


def test_saleor_down_serves_the_cached_page_and_otherwise_503(client, shop):
    client.get("/vi/vn/")
    shop.catalogue._http._transport = httpx.MockTransport(
        lambda request: (_ for _ in ()).throw(httpx.ConnectError("down"))
    )
    invalidate_catalogue()

    cached = client.get("/vi/vn/")
    cold = client.get("/vi/vn/products/", {"q": "tra"})

    assert cached.status_code == 200
    assert cold.status_code == 503


def test_sitemap_lists_products_in_every_language(client, shop):
    slug = slug_of("Tiêu đen Phú Quốc")
    xml = client.get("/sitemap.xml").content.decode()

    for path in (
        f"/vi/vn/products/{slug}/",
        f"/en/intl/products/{slug}/",
        f"/fr/eu/products/{slug}/",
        f"/zh-hans/intl/products/{slug}/",
        f"/ko/intl/products/{slug}/",
        f"/ja/intl/products/{slug}/",
    ):
        assert f"<loc>http://testserver{path}</loc>" in xml
    assert slug_of("Mực một nắng Phú Quốc") not in xml


def test_saleor_unavailable_is_a_typed_error():
    assert issubclass(SaleorUnavailable, Exception)


def test_prices_follow_the_channel_currency_and_locale(client, shop):
    slug = slug_of("Nước mắm Phú Quốc 40 độ đạm")

    usd = client.get(f"/en/intl/products/{slug}/").content.decode()
    eur = client.get(f"/fr/eu/products/{slug}/").content.decode()

    assert '<p class="price big">$7.50</p>' in usd
    assert "Charged in USD." in usd
    assert '"priceCurrency": "USD"' in usd
    assert '<p class="price big">6,50\u00a0€</p>' in eur


@pytest.mark.parametrize("version", ["3.21", "3.22", "3.24-dev"])
def test_every_supported_saleor_gets_the_queries_it_understands(
    client, db, monkeypatch, settings, version
):
    from tests.fakes.shop import sample_shop

    sample_shop(monkeypatch, settings, version)

    html = client.get("/en/vn/products/", {"stars": "5"}).content.decode()

    names = re.findall(r'class="card-name">([^<]+)<', html)
    assert len(names) == 3
    assert 'aria-label="OCOP certified, 5 stars out of 5"' in html


def test_a_sync_that_wrote_to_saleor_makes_cached_pages_stale(client, shop, tmp_path):
    from catalog_sync.services import run_sync
    from storefront.cache import generation

    client.get("/vi/vn/")
    before = generation()
    feed = tmp_path / "one.csv"
    feed.write_text(
        "Tên sản phẩm,Chủ thể,Tỉnh,Nhóm,Hạng sao,Số quyết định,Ngày quyết định\n"
        "Mật ong mới,HTX Ong Mới,Hà Giang,Thực phẩm,4,9/QĐ,01/09/2026\n",
        encoding="utf-8",
    )

    run_sync(str(feed))  # the app client of the sample shop

    assert generation() == before + 1


def test_a_certificate_that_ended_at_midnight_is_not_listed_before_the_sweep_hides_it(client, shop):
    # given: the registry says the fish sauce's certificate ended yesterday, but the daily sweep
    # has not run yet (still "active" in the registry, still listed in Saleor)
    lapsed = "Nước mắm Phú Quốc 40 độ đạm"
    OcopProduct.objects.get(name=lapsed).certificates.update(valid_until=date(2026, 11, 22))

    # when: a visitor reads every page that lists cards
    listing = client.get("/vi/vn/products/", {"sort": "name"}).content.decode()
    home = client.get("/vi/vn/").content.decode()
    province = client.get("/vi/vn/provinces/kien-giang/").content.decode()
    search = client.get("/vi/vn/products/", {"q": "nuoc mam"}).content.decode()
    sibling = client.get(f"/vi/vn/products/{slug_of('Nước mắm Phú Quốc 35 độ đạm')}/")

    # then: its card is on none of them, and its siblings still are
    assert lapsed not in listing
    assert "Nước mắm Phú Quốc 35 độ đạm" in listing
    assert lapsed not in home
    assert "Chè Shan tuyết cổ thụ Lũng Cú" in home
    assert lapsed not in province
    assert re.findall(r'class="card-name">([^<]+)<', search) == ["Nước mắm Phú Quốc 35 độ đạm"]
    assert sibling.status_code == 200
    assert lapsed not in sibling.content.decode()


def test_a_revoked_certificate_is_not_listed_even_if_hiding_it_in_saleor_failed(client, shop):
    # given: the registry revoked the pepper's certificate; Saleor still lists it
    OcopProduct.objects.get(name="Tiêu đen Phú Quốc").certificates.update(status="revoked")

    # when
    html = client.get("/vi/vn/products/").content.decode()

    # then
    assert "Tiêu đen Phú Quốc" not in html
    assert "Tiêu đỏ Phú Quốc" in html


def test_a_card_shows_the_registrys_stars_province_and_group(client, shop):
    html = client.get("/en/vn/products/", {"q": "tieu den"}).content.decode()

    card = html.split('class="card"')[1].split("</li>")[0]
    assert "Phu Quoc black pepper" in card
    assert 'aria-label="OCOP certified, 4 stars out of 5"' in card
    assert "Food · Kiên Giang" in card


def related_names(html: str) -> list[str]:
    if 'id="related"' not in html:
        return []
    section = html.split('id="related"')[1].split("</section>")[0]
    return re.findall(r'class="card-name"[^>]*>([^<]+)<', section)


def test_a_product_page_suggests_certified_products_of_its_group_its_province_first(client, shop):
    html = client.get(f"/vi/vn/products/{slug_of('Tiêu đen Phú Quốc')}/").content.decode()

    names = related_names(html)
    kien_giang_food = {
        "Nước mắm Phú Quốc 40 độ đạm",
        "Nước mắm Phú Quốc 35 độ đạm",
        "Tiêu đỏ Phú Quốc",
        "Mật ong rừng U Minh Thượng",
        "Khô cá lóc Hòn Đất",
    }
    assert len(names) == 8
    assert set(names[:5]) == kien_giang_food  # its province first, then the rest of the country
    assert names[0] == "Nước mắm Phú Quốc 40 độ đạm"  # by stars within them
    assert names[4] == "Khô cá lóc Hòn Đất"
    assert names[5] == "Bưởi da xanh Bến Tre"  # the 5-star one of another province next
    assert "Tiêu đen Phú Quốc" not in names
    assert "Mực một nắng Phú Quốc" not in names  # its certificate (2021) has ended
    assert not {"Rượu sim Phú Quốc", "Vòng ngọc trai An Thới"} & set(names)  # other groups


def test_a_product_page_without_related_products_asks_saleor_for_none(client, shop, monkeypatch):
    slug = slug_of("Vòng ngọc trai An Thới")
    OcopProduct.objects.exclude(slug=slug).update(shown=False)  # the only one shown
    asked: list[dict] = []
    answer = shop.op_StorefrontProduct

    def recorded(variables: dict) -> dict:
        asked.append(variables)
        return answer(variables)

    monkeypatch.setattr(shop, "op_StorefrontProduct", recorded)

    response = client.get(f"/vi/vn/products/{slug}/")

    assert response.status_code == 200
    assert "Vòng ngọc trai An Thới" in response.content.decode()
    assert related_names(response.content.decode()) == []
    assert [v["withRelated"] for v in asked] == [False]


def test_a_process_started_while_saleor_is_down_serves_the_cached_pages(client, shop, monkeypatch):
    from saleor_api import connection
    from saleor_api.client import SaleorClient

    for path in ("/vi/vn/", "/vi/vn/products/"):
        assert client.get(path).status_code == 200  # cached by a process that reached Saleor
    down = SaleorClient(  # a new process's client: it has never learnt Saleor's version
        "http://saleor.test/graphql/",
        "app-token",
        transport=httpx.MockTransport(
            lambda request: (_ for _ in ()).throw(httpx.ConnectError("down"))
        ),
        sleep=lambda _s: None,
    )
    monkeypatch.setattr(connection, "_visitor_app_client", down)

    assert client.get("/vi/vn/").status_code == 200
    assert client.get("/vi/vn/products/").status_code == 200
    assert client.get("/vi/vn/products/", {"q": "tra"}).status_code == 503  # not cached
