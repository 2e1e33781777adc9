"""The search index against the real local PostgreSQL: what a tourist types, what they find."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from catalog_sync.models import AuditEvent, Certificate, OcopProduct, SyncRun
from catalog_sync.signals import catalogue_changed
from saleor_api.catalogue import Filters
from saleor_app.webhooks import dispatch
from search import indexer
from search.models import SearchEntry
from search.query import search_products
from tests.search.registry import TODAY, registry_product

pytestmark = pytest.mark.django_db


def found(text: str, *, language: str = "en", filters: Filters | None = None) -> list[str]:
    page = search_products(text, language=language, today=TODAY, filters=filters)
    by_id = dict(OcopProduct.objects.values_list("saleor_product_id", "name"))
    return [by_id[i] for i in page.saleor_product_ids]


@pytest.fixture
def registry():
    """A small registry as official lists give it: Vietnamese names, few translations."""
    registry_product("Mật ong rừng U Minh Thượng", stars=4, commune="An Minh Bắc")
    registry_product(
        "Nước mắm Phú Quốc 40 độ đạm", stars=5, translations={"en": "Phu Quoc fish sauce"}
    )
    registry_product("Nước mắm cá cơm Hàm Ninh", stars=3, commune="Hàm Ninh")
    registry_product("Mắm tôm chà Gò Công", stars=3, province="Tiền Giang", commune="Gò Công")
    registry_product("Tiêu đen Phú Quốc", stars=4, subgroup="Gia vị")
    registry_product("Cà phê rang xay Cầu Đất", stars=4, province="Lâm Đồng", group="beverages")
    registry_product("Chè Shan tuyết cổ thụ", stars=5, province="Hà Giang", group="beverages")
    registry_product("Khô cá lóc Đồng Tháp", stars=3, province="Đồng Tháp", commune="Tân Hồng")
    registry_product("Giỏ mây tre đan", stars=3, province="Hà Nội", group="handicrafts")
    indexer.rebuild()


def test_an_english_word_finds_the_vietnamese_product_without_an_english_name(registry):
    assert found("honey") == ["Mật ong rừng U Minh Thượng"]


def test_french_chinese_korean_and_japanese_words_find_it_too(registry):
    assert found("miel", language="fr") == ["Mật ong rừng U Minh Thượng"]
    assert found("蜂蜜", language="zh") == ["Mật ong rừng U Minh Thượng"]
    assert found("꿀", language="ko") == ["Mật ong rừng U Minh Thượng"]
    assert found("はちみつ", language="ja") == ["Mật ong rừng U Minh Thượng"]
    assert found("越南蜂蜜", language="zh") == ["Mật ong rừng U Minh Thượng"]


def test_english_phrases_and_words_of_the_glossary(registry):
    assert found("fish sauce") == ["Nước mắm Phú Quốc 40 độ đạm", "Nước mắm cá cơm Hàm Ninh"]
    assert found("tea") == ["Chè Shan tuyết cổ thụ"]
    assert found("coffee") == ["Cà phê rang xay Cầu Đất"]
    assert found("rattan") == ["Giỏ mây tre đan"]
    assert found("dried fish") == ["Khô cá lóc Đồng Tháp"]


def test_diacritics_and_d_stroke_are_ignored(registry):
    assert found("nuoc mam", language="vi") == [
        "Nước mắm Phú Quốc 40 độ đạm",
        "Nước mắm cá cơm Hàm Ninh",
    ]
    assert found("Phu Quoc", language="vi") == [
        "Nước mắm Phú Quốc 40 độ đạm",
        "Tiêu đen Phú Quốc",
    ]
    assert found("Phú Quốc", language="vi") == found("phu quoc", language="vi")
    assert found("dong thap", language="vi") == ["Khô cá lóc Đồng Tháp"]
    assert found("ĐỒNG THÁP", language="vi") == ["Khô cá lóc Đồng Tháp"]


def test_a_typo_in_a_short_query_is_forgiven(registry):
    assert "Mật ong rừng U Minh Thượng" in found("hony")
    assert found("coffe") == ["Cà phê rang xay Cầu Đất"]
    assert found("nuoc mam phu quok", language="vi") == ["Nước mắm Phú Quốc 40 độ đạm"]


def test_a_corrected_word_is_matched_whole_and_never_by_a_short_neighbour():
    registry_product("Mật ong rừng U Minh Thượng")
    registry_product("Gạo thơm Hòa Bình", producer="Hộ kinh doanh Hoàng Văn Em")
    registry_product("Bánh tráng Trảng Bàng", producer="Hộ SXKD Trần Thị Bình")
    indexer.rebuild()

    assert found("hony") == ["Mật ong rừng U Minh Thượng"]


def test_a_glossary_word_is_matched_whole():
    registry_product("Chè Shan tuyết cổ thụ", province="Hà Giang")
    registry_product("Trà gừng Sơn La", province="Sơn La")
    registry_product("Gạo thơm Trần Gia", producer="HTX Trần Gia")
    registry_product("Bánh tráng Trảng Bàng")
    indexer.rebuild()

    assert set(found("茶", language="zh")) == {"Chè Shan tuyết cổ thụ", "Trà gừng Sơn La"}


def test_the_last_word_may_be_unfinished(registry):
    assert found("mat o", language="vi") == ["Mật ong rừng U Minh Thượng"]


def test_the_producer_province_and_group_are_searched(registry):
    assert found("an binh", language="vi") == found("HTX Nông nghiệp An Bình", language="vi")
    assert "Cà phê rang xay Cầu Đất" in found("lam dong", language="vi")
    assert set(found("beverages")) == {"Cà phê rang xay Cầu Đất", "Chè Shan tuyết cổ thụ"}
    assert found("handicrafts") == ["Giỏ mây tre đan"]


def test_an_exact_name_comes_before_names_that_contain_it():
    registry_product("Rượu mật ong", stars=5)
    registry_product("Mật ong rừng", stars=5)
    registry_product("Mật ong", stars=3)
    registry_product("Bánh ong", stars=5, producer="HTX Mật ong Hòa Bình")
    indexer.rebuild()

    assert found("mật ong", language="vi") == [
        "Mật ong",  # exact, though only 3 stars
        "Mật ong rừng",  # the name starts with it
        "Rượu mật ong",  # the name contains it
        "Bánh ong",  # only its producer's name does
    ]


def test_more_stars_come_first_between_equal_matches():
    registry_product("Mật ong hoa nhãn", stars=3)
    registry_product("Mật ong hoa cà phê", stars=5)
    registry_product("Mật ong hoa bạc hà", stars=4)
    indexer.rebuild()

    assert found("honey") == ["Mật ong hoa cà phê", "Mật ong hoa bạc hà", "Mật ong hoa nhãn"]


def test_a_match_in_the_visitors_language_counts():
    registry_product("Bánh pía sầu riêng", stars=5, translations={"fr": "Gâteau pia au durian"})
    registry_product("Kẹo gâteau", stars=3, translations={"en": "Gateau candy"})
    indexer.rebuild()

    assert found("gateau", language="fr") == ["Bánh pía sầu riêng", "Kẹo gâteau"]
    assert found("gateau", language="en") == ["Kẹo gâteau", "Bánh pía sầu riêng"]


def test_expired_revoked_and_hidden_products_are_never_found():
    registry_product("Mật ong bạc hà", valid_until=date(2026, 11, 22))  # ended yesterday
    registry_product("Mật ong hoa cà phê", status=Certificate.Status.REVOKED)
    registry_product("Mật ong hoa nhãn", shown=False)
    registry_product("Mật ong rừng", valid_until=TODAY)  # its last valid day
    indexer.rebuild()

    assert found("honey") == ["Mật ong rừng"]


def test_registry_filters_are_applied_in_the_index(registry):
    five = Filters(min_stars=5)
    province = Filters(province="kien-giang")
    group = Filters(group="do-uong")

    assert found("nuoc mam", filters=five) == ["Nước mắm Phú Quốc 40 độ đạm"]
    assert found("mam", filters=province) == [
        "Nước mắm Phú Quốc 40 độ đạm",
        "Nước mắm cá cơm Hàm Ninh",
    ]
    assert found("tea", filters=group) == ["Chè Shan tuyết cổ thụ"]
    assert found("honey", filters=group) == []


def test_results_come_in_pages_with_the_total():
    for number in range(30):
        registry_product(f"Mật ong số {number:02d}", stars=4)
    indexer.rebuild()

    first = search_products("honey", language="en", today=TODAY, limit=24)
    second = search_products("honey", language="en", today=TODAY, offset=24, limit=24)

    assert (first.total, len(first.saleor_product_ids), first.next_offset) == (30, 24, 24)
    assert (second.total, len(second.saleor_product_ids), second.next_offset) == (30, 6, None)
    assert set(first.saleor_product_ids).isdisjoint(second.saleor_product_ids)


def test_words_found_in_no_product_together_fall_back_to_any_word(registry):
    assert found("honey gift box") == ["Mật ong rừng U Minh Thượng"]


def test_nothing_and_punctuation_find_nothing(registry):
    assert found("") == []
    assert found(" ?! ") == []
    assert found("xyzzyqq") == []


def test_a_sync_run_reindexes_the_products_it_wrote(django_capture_on_commit_callbacks):
    product = registry_product("Mật ong rừng")
    indexer.rebuild()
    product.name = "Mật ong hoa cà phê"
    product.save()
    run = SyncRun.objects.create(kind="sync", as_of=TODAY)
    AuditEvent.objects.create(product=product, run=run, action="updated", reason="list changed")

    with django_capture_on_commit_callbacks(execute=True):
        catalogue_changed.send(sender=test_a_sync_run_reindexes_the_products_it_wrote, run=run)

    assert found("cafe") == ["Mật ong hoa cà phê"]


def test_a_revocation_rebuilds_the_index(django_capture_on_commit_callbacks):
    product = registry_product("Mật ong rừng")
    indexer.rebuild()
    OcopProduct.objects.filter(pk=product.pk).update(shown=False)
    Certificate.objects.filter(product=product).update(status=Certificate.Status.REVOKED)

    with django_capture_on_commit_callbacks(execute=True):
        catalogue_changed.send(sender=test_a_revocation_rebuilds_the_index, run=None)

    assert SearchEntry.objects.get(product=product).valid_until is None
    assert found("honey") == []


def test_saleor_webhooks_reindex_or_forget_the_product():
    product = registry_product("Mật ong rừng")
    indexer.rebuild()
    OcopProduct.objects.filter(pk=product.pk).update(name="Mật ong hoa nhãn")

    dispatch("product_updated", {"product": {"id": product.saleor_product_id}})
    assert SearchEntry.objects.get(product=product).name == "Mật ong hoa nhãn"

    dispatch("product_deleted", {"product": {"id": product.saleor_product_id}})
    assert not SearchEntry.objects.filter(product=product).exists()


def test_search_reindex_rebuilds_everything(capsys):
    registry_product("Mật ong rừng")
    registry_product("Tiêu đen")
    not_in_saleor = registry_product("Gạo ST25")
    OcopProduct.objects.filter(pk=not_in_saleor.pk).update(saleor_product_id="")

    call_command("search_reindex")

    assert capsys.readouterr().out.startswith("indexed 2 products (")
    assert found("rice") == []
    assert found("pepper") == ["Tiêu đen"]
