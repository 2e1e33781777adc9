"""What a tourist sees on the storefront: illustrations or photos, their language, products not
yet for sale, the cart count, the province filter by name and the certificate check."""

from __future__ import annotations

import re

import pytest

from catalog_sync.models import OcopProduct

pytestmark = pytest.mark.django_db

FISH_SAUCE = "Nước mắm Phú Quốc 40 độ đạm"


def slug_of(name: str) -> str:
    return OcopProduct.objects.get(name=name).slug


def saleor_product(shop, name: str) -> dict:
    return next(p for p in shop.products.values() if p["name"] == name)


def test_the_sample_lists_photos_show_on_cards_and_in_the_gallery(client, shop):
    home = client.get("/en/vn/").content.decode()
    page = client.get(f"/en/vn/products/{slug_of(FISH_SAUCE)}/").content.decode()

    assert (
        '<img src="http://saleor.test/media/products/nuoc-mam-40.jpg" '
        'alt="Nước mắm Phú Quốc 40 độ đạm" width="256" height="256" loading="lazy">'
    ) in home
    assert "illustrations/" not in home
    gallery = page.split('class="gallery"')[1].split("</div>")[0]
    assert 'src="http://saleor.test/media/products/nuoc-mam-40.jpg?size=512"' in gallery
    assert 'alt="Nước mắm Phú Quốc 40 độ đạm"' in gallery
    assert "illustrations/" not in gallery


def test_a_product_without_photos_shows_its_group_illustration_never_an_empty_box(client, shop):
    saleor_product(shop, FISH_SAUCE)["media"] = []

    html = client.get(f"/en/vn/products/{slug_of(FISH_SAUCE)}/").content.decode()

    assert 'src="/static/themes/default/illustrations/food.svg"' in html
    assert "Illustration: the producer has not added photos yet." in html
    assert "no-image" not in html


def test_cards_show_the_illustration_of_each_products_group(client, shop):
    for product in shop.products.values():
        product["media"] = []

    html = client.get("/en/vn/products/", {"group": "do-uong"}).content.decode()

    assert html.count('src="/static/themes/default/illustrations/beverages.svg"') == len(
        re.findall(r'class="card"', html)
    )
    assert "Beverages ·" in html


def test_a_product_with_photos_gets_a_gallery_with_thumbnails(client, shop):
    saleor_product(shop, FISH_SAUCE)["media"] = [
        {"url": "http://saleor.test/media/a.webp", "alt": "The bottle"},
        {"url": "http://saleor.test/media/b.webp", "alt": ""},
    ]

    html = client.get(f"/en/vn/products/{slug_of(FISH_SAUCE)}/").content.decode()

    assert 'id="photo-1"' in html
    assert 'id="photo-2"' in html
    assert 'alt="The bottle"' in html
    assert 'alt="Phu Quoc fish sauce 40°N" width="512" height="512" loading="lazy"' in html
    assert (
        'srcset="http://saleor.test/media/a.webp?size=256 256w, '
        "http://saleor.test/media/a.webp?size=512 512w, http://saleor.test/media/a.webp 1024w"
    ) in html
    assert '<a href="#photo-2"><img src="http://saleor.test/media/b.webp?size=256"' in html
    assert "illustrations/food.svg" not in html.split('class="gallery"')[1].split("</div>")[0]


def test_a_product_imported_without_a_price_is_shown_not_yet_for_sale(client, shop):
    product = saleor_product(shop, FISH_SAUCE)
    for variant in product["variants"]:
        variant["channelListings"] = []

    html = client.get(f"/vi/vn/products/{slug_of(FISH_SAUCE)}/").content.decode()

    assert "Chưa mở bán" in html
    assert "0\u00a0₫" not in html.split('class="buy"')[1].split("</div>")[0]
    assert 'class="add-to-cart"' not in html
    assert 'aria-label="Chứng nhận OCOP, 5 sao trên 5"' in html
    assert "HTX Nước mắm Phú Quốc Khải Hoàn" in html
    assert "1234/QĐ-BNN" in html


def test_a_card_of_a_product_without_a_price_says_not_yet_for_sale(client, shop):
    for variant in saleor_product(shop, FISH_SAUCE)["variants"]:
        variant["channelListings"] = []

    html = client.get("/en/intl/products/", {"q": "nuoc mam phu quoc 40"}).content.decode()

    card = html.split('class="card"')[1].split("</li>")[0]
    assert "Not yet for sale" in card
    assert "$" not in card


def test_an_untranslated_description_is_labelled_as_vietnamese(client, shop):
    html = client.get(f"/en/intl/products/{slug_of(FISH_SAUCE)}/").content.decode()

    description = html.split('id="about"')[1].split("</section>")[0]
    assert '<span lang="vi">Mô tả bằng tiếng Việt</span>' in description
    assert "Description in Vietnamese (no translation yet)" in description
    assert '<div lang="vi"><p>' in description


def test_a_vietnamese_visitor_reads_the_description_without_a_label(client, shop):
    html = client.get(f"/vi/vn/products/{slug_of(FISH_SAUCE)}/").content.decode()

    assert "Mô tả bằng tiếng Việt" not in html


def test_group_names_come_from_saleors_translation_else_the_interface_label(client, shop):
    slug = slug_of(FISH_SAUCE)
    assert '">Food</a></p>' in client.get(f"/en/vn/products/{slug}/").content.decode()

    shop.category_names[("food", "FR")] = "Produits alimentaires"
    html = client.get(f"/fr/eu/products/{slug}/").content.decode()

    assert '">Produits alimentaires</a></p>' in html


def test_home_group_chips_are_named_in_the_visitors_language(client, shop):
    html = client.get("/en/intl/").content.decode()

    chips = html.split('id="by-group"')[1].split("</section>")[0]
    assert '?group=thuc-pham">Food</a>' in chips
    assert "Thực phẩm" not in chips


def test_the_home_page_says_once_that_the_shop_shows_sample_data(client, shop):
    html = client.get("/en/intl/").content.decode()

    assert html.count("This shop is showing sample data") == 1
    assert "Sample data" not in html


def test_the_province_filter_accepts_the_name_shown_on_cards(client, shop):
    by_name = client.get("/en/vn/products/", {"province": "Bến Tre"}).content.decode()
    by_slug = client.get("/en/vn/products/", {"province": "ben-tre"}).content.decode()

    names = re.findall(r'class="card-name"[^>]*>([^<]+)<', by_name)
    assert names
    assert names == re.findall(r'class="card-name"[^>]*>([^<]+)<', by_slug)
    assert "Kiên Giang" not in by_name.split('class="grid"')[1]


@pytest.mark.parametrize(
    "typed", ["Bến Tre", "Ben Tre", "bến tre", "BEN TRE", " tỉnh Bến Tre ", "Tinh Ben Tre"]
)
def test_the_province_filter_accepts_the_name_however_it_is_typed(client, shop, typed):
    by_slug = client.get("/en/vn/products/", {"province": "ben-tre"}).content.decode()
    expected = re.findall(r'class="card-name"[^>]*>([^<]+)<', by_slug)

    html = client.get("/en/vn/products/", {"province": typed}).content.decode()

    assert re.findall(r'class="card-name"[^>]*>([^<]+)<', html) == expected
    assert len(expected) == 9  # the sample's products of Bến Tre


def test_the_province_filter_keeps_what_the_visitor_typed_and_suggests_every_province(client, shop):
    html = client.get("/en/vn/products/", {"province": "lâm đồng"}).content.decode()

    assert 'value="lâm đồng" placeholder="Kiên Giang" list="province-names"' in html
    assert '<option value="Lâm Đồng">' in html
    assert '<option value="Thừa Thiên Huế">' in html  # one of the 63
    assert '<option value="Huế">' in html  # one of the 34
    assert html.count('<option value="Hà Nội">') == 1  # in both lists, offered once


def test_the_province_filter_understands_the_names_of_both_schemes():
    from storefront.views import province_slug

    assert province_slug("Lâm Đồng") == "lam-dong"
    assert province_slug("Lam Dong") == "lam-dong"
    assert province_slug("lâm đồng") == "lam-dong"
    assert province_slug("TP. Hồ Chí Minh") == "ho-chi-minh"
    assert province_slug("TP HCM") == "ho-chi-minh"
    assert province_slug("Thành phố Huế") == "hue"
    assert province_slug("Thừa Thiên - Huế") == "thua-thien-hue"
    assert province_slug("Bà Rịa - Vũng Tàu") == "ba-ria-vung-tau"
    assert province_slug("Đắk Lắk") == "dak-lak"
    assert province_slug("") == ""


def test_the_header_counts_the_items_in_the_cart_and_the_page_stays_cacheable(client, shop):
    slug = slug_of(FISH_SAUCE)
    before = client.get(f"/en/vn/products/{slug}/")
    assert 'class="cart-count"' not in before.content.decode()

    client.post("/en/vn/cart/add/", {"variant": shop.variant_id(FISH_SAUCE), "quantity": 3})
    calls = len(shop.calls)
    after = client.get(f"/en/vn/products/{slug}/")

    assert '<span class="cart-count" aria-hidden="true">3</span>' in after.content.decode()
    assert "3 items in your cart" in after.content.decode()
    assert "private" in after["Cache-Control"]
    assert shop.calls[calls:] == []  # the cached page, filled in without asking Saleor
    other = client.get("/en/intl/").content.decode()
    assert 'class="cart-count"' not in other  # the USD cart is empty


def test_the_cart_count_cookie_cannot_be_forged(client, shop):
    client.cookies["ocop_cart_count_vn"] = "42"

    html = client.get("/en/vn/").content.decode()

    assert 'class="cart-count"' not in html


def test_the_certificate_check_has_the_shop_header_and_a_link_to_the_product(client, shop):
    record = OcopProduct.objects.get(name=FISH_SAUCE)
    client.cookies["ocop_channel"] = "eu"

    html = client.get(f"/verify/{record.code}", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'class="site-header"' in html
    assert 'action="/en/eu/products/"' in html
    assert f'href="/en/eu/products/{record.slug}/">See this product in the shop</a>' in html


def test_the_product_page_names_the_certificate_check_for_what_it_is(client, shop):
    html = client.get(f"/en/vn/products/{slug_of(FISH_SAUCE)}/").content.decode()

    assert "Check this certificate on the OCOP shop" in html
    assert "official registry" not in html


def test_the_filled_in_page_declares_its_true_length(client, shop):
    response = client.get("/en/vn/")

    assert int(response["Content-Length"]) == len(response.content)


@pytest.mark.parametrize(
    ("language", "food", "valid_until", "untranslated", "stars_heading"),
    [
        ("zh-hans", "食品", "2027年3月14日", "越南语说明（尚无译文）", "OCOP 星级的含义"),
        ("ko", "식품", "2027년 3월 14일", "베트남어 설명(아직 번역 없음)", "OCOP 별 등급의 의미"),
        (
            "ja",
            "食品",
            "2027年3月14日",
            "ベトナム語の説明（翻訳はまだありません）",
            "OCOPの星の意味",
        ),
    ],
)
def test_chinese_korean_and_japanese_visitors_read_the_shop_in_their_language(
    client, shop, language, food, valid_until, untranslated, stars_heading
):
    page = client.get(f"/{language}/intl/products/{slug_of(FISH_SAUCE)}/").content.decode()
    stars = client.get(f"/{language}/intl/ocop-stars/").content.decode()

    assert f'<html lang="{language}">' in page
    assert (
        f'<p class="group"><a href="/{language}/intl/products/?group=thuc-pham">{food}</a>' in page
    )
    assert f"<dd>{valid_until}</dd>" in page
    assert f'<h1 id="product-name" lang="vi">{FISH_SAUCE}</h1>' in page  # labelled Vietnamese
    assert untranslated in page
    dollars = "$7.50" if language == "ja" else "US$7.50"  # CLDR: "$" alone is ambiguous in zh, ko
    assert f'<p class="price big">{dollars}</p>' in page
    assert "Charged in" not in page
    assert f"<h1>{stars_heading}</h1>" in stars


@pytest.mark.parametrize(
    ("language", "words"), [("zh-hans", "鱼露"), ("ko", "피시 소스"), ("ja", "ヌックマム")]
)
def test_the_search_box_example_of_each_language_finds_fish_sauce(client, shop, language, words):
    page = client.get(f"/{language}/intl/").content.decode()
    found = client.get(f"/{language}/intl/products/", {"q": words}).content.decode()

    assert words in page.split('id="q"')[1].split(">")[0]  # the placeholder's example
    assert FISH_SAUCE in re.findall(r'class="card-name"[^>]*>([^<]+)<', found)
