"""/verify/<code> after a scan: the visitor's language, a verdict that cannot lie, ways on."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings as django_settings
from django.test import override_settings

from catalog_sync.models import OcopProduct
from tests.traceability.helpers import TODAY, a_product

pytestmark = pytest.mark.django_db
ALL_LANGUAGES = override_settings(LANGUAGES=django_settings.KNOWN_LANGUAGES)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("catalog_sync.validity.ocop_today", lambda now=None: TODAY)


def main_of(response) -> str:
    return response.content.decode().split("<main", 1)[1]


VALID = {
    "vi": ("Còn hiệu lực", "đạt chứng nhận OCOP 4 sao, có hiệu lực đến 23/11/2027."),
    "en": ("Valid", "certified OCOP 4 stars, valid until Nov. 23, 2027."),
    "fr": ("Valide", "certifié OCOP 4 étoiles, valide jusqu’au 23 novembre 2027."),
    "zh-CN": ("有效", "OCOP 4 星认证，有效期至 2027年11月23日。"),
    "ko": ("유효", "OCOP 4성급 인증, 2027년 11월 23일까지 유효합니다."),
    "ja": ("有効", "OCOP 4 つ星の認証、2027年11月23日 まで有効です。"),
}


@ALL_LANGUAGES
@pytest.mark.parametrize("accept", list(VALID))
def test_a_valid_certificate_in_the_browser_s_language(client, accept):
    a_product("KG-20", valid_until=date(2027, 11, 23))

    response = client.get("/verify/KG-20", HTTP_ACCEPT_LANGUAGE=f"{accept},en;q=0.5")

    word, sentence = VALID[accept]
    assert response.status_code == 200
    assert (
        f'role="status"><strong>{word}</strong><span class="sep"> — </span>{sentence}</p>'
        in main_of(response)
    )
    assert 'class="verdict verdict-valid"' in main_of(response)


EXPIRED = {
    "vi": ("Hết hiệu lực", "chứng nhận này đã hết hiệu lực ngày 23/11/2026."),
    "en": ("Expired", "this certificate ended on Nov. 23, 2026."),
    "fr": ("Expiré", "ce certificat a pris fin le 23 novembre 2026."),
    "zh-hans": ("已过期", "该证书已于 2026年11月23日 失效。"),
    "ko": ("만료됨", "이 인증은 2026년 11월 23일에 종료되었습니다."),
    "ja": ("期限切れ", "この認証は 2026年11月23日 に終了しました。"),
}


@ALL_LANGUAGES
@pytest.mark.parametrize("language", list(EXPIRED))
def test_an_ended_certificate_is_never_valid_in_any_language(client, language):
    # given a certificate whose last valid day was yesterday, still "active" in the registry
    a_product("KG-21", valid_until=date(2026, 11, 22))

    html = main_of(client.get("/verify/KG-21", HTTP_ACCEPT_LANGUAGE=language))

    word, sentence = EXPIRED[language]
    assert f"<strong>{word}</strong>" in html
    assert sentence in html
    assert "verdict-valid" not in html
    assert 'class="button"' not in html  # no buy link for what may not carry the mark


REVOKED = {
    "vi": "Đã thu hồi",
    "en": "Revoked",
    "fr": "Révoqué",
    "zh-hans": "已撤销",
    "ko": "취소됨",
    "ja": "取り消し",
}


@ALL_LANGUAGES
@pytest.mark.parametrize("language", list(REVOKED))
def test_a_revoked_certificate_says_so_with_a_valid_end_date_still_ahead(client, language):
    a_product("KG-22", valid_until=date(2028, 1, 1), status="revoked")

    response = client.get("/verify/KG-22", HTTP_ACCEPT_LANGUAGE=language)

    html = main_of(response)
    assert f"<strong>{REVOKED[language]}</strong>" in html
    assert 'class="verdict verdict-revoked"' in html
    assert "verdict-valid" not in html
    assert "no-cache" in response["Cache-Control"]


UNKNOWN = {
    "vi": ("Mã không tồn tại", "Nhập mã in trên tem"),
    "en": ("Unknown code", "Type the code printed on the label"),
    "fr": ("Code inconnu", "Saisissez le code imprimé sur l’étiquette"),
    "zh-hans": ("未知代码", "输入标签上印的代码"),
    "ko": ("알 수 없는 코드", "라벨에 인쇄된 코드를 입력하세요"),
    "ja": ("不明なコード", "ラベルに印刷されたコードを入力"),
}


@ALL_LANGUAGES
@pytest.mark.parametrize("language", list(UNKNOWN))
def test_an_unknown_code_says_so_and_what_to_check(client, language):
    response = client.get("/verify/KG-0O1", HTTP_ACCEPT_LANGUAGE=language)

    html = main_of(response)
    word, prompt = UNKNOWN[language]
    assert response.status_code == 404
    assert f"<strong>{word}</strong>" in html
    assert f'<label for="verify-code">{prompt}</label>' in html
    assert 'action="/verify/"' in html
    assert 'name="code" type="text" value="KG-0O1"' in html


def test_the_unknown_code_page_names_mistyping_and_counterfeit(client):
    html = main_of(client.get("/verify/KG-0O1", HTTP_ACCEPT_LANGUAGE="en"))

    assert "A mistyped code: compare it character by character" in html
    assert "the label may be counterfeit. Do not rely on its OCOP mark" in html


def test_the_code_box_leads_to_the_code_s_page_in_the_same_language(client):
    response = client.get("/verify/", {"code": " KG-23 ", "lang": "fr"})

    assert response.status_code == 302
    assert response["Location"] == "/verify/KG-23?lang=fr"


def test_lang_switches_the_page_whatever_the_browser_says(client):
    a_product("KG-24")

    response = client.get("/verify/KG-24?lang=fr", HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert response["Content-Language"] == "fr"
    assert "<strong>Valide</strong>" in html
    assert '<a href="/verify/KG-24?lang=en" hreflang="en" lang="en">English</a>' in html
    assert '<a href="/verify/KG-24?lang=vi" hreflang="vi" lang="vi">Tiếng Việt</a>' in html


def test_a_language_the_shop_does_not_offer_is_ignored(client, settings):
    a_product("KG-25")

    html = client.get("/verify/KG-25?lang=xx", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="en">' in html


def test_the_stars_are_explained_in_one_line(client):
    a_product("KG-26", stars=5)

    html = main_of(client.get("/verify/KG-26", HTTP_ACCEPT_LANGUAGE="en"))

    assert (
        "5 stars out of 5: a national OCOP product, scored 90 to 100 out of 100 by the "
        "central council."
    ) in html


def test_without_a_photo_the_group_drawing_is_shown(client):
    a_product("KG-27", group="beverages")

    html = main_of(client.get("/verify/KG-27", HTTP_ACCEPT_LANGUAGE="en"))

    assert (
        'class="verify-photo illustration" src="/static/themes/default/illustrations/beverages.svg"'
        in html
    )


def test_a_photo_from_the_shop_s_media_is_shown(client, settings):
    settings.STOREFRONT_MEDIA_ORIGINS = ["https://media.ocop.example.vn"]
    product = a_product("KG-28")
    OcopProduct.objects.filter(pk=product.pk).update(
        content={
            "image_urls": [
                "https://elsewhere.example/a.jpg",
                "https://media.ocop.example.vn/p/1.jpg",
            ]
        }
    )

    html = main_of(client.get("/verify/KG-28", HTTP_ACCEPT_LANGUAGE="en"))

    assert (
        'class="verify-photo" src="https://media.ocop.example.vn/p/1.jpg" alt="Nước mắm Phú Quốc KG-28"'
        in html
    )


def test_the_page_sets_no_cookie(client):
    a_product("KG-29")

    response = client.get("/verify/KG-29", HTTP_ACCEPT_LANGUAGE="en")

    assert response.cookies == {}
    assert "Set-Cookie" not in str(response.serialize_headers())


def test_a_revoked_certificate_s_end_date_is_struck_through(client):
    a_product("KG-30", valid_until=date(2028, 1, 1), status="revoked")

    html = main_of(client.get("/verify/KG-30", HTTP_ACCEPT_LANGUAGE="en"))

    assert "<dt>Valid until</dt><dd><del>Jan. 1, 2028</del> (Revoked)</dd>" in html
