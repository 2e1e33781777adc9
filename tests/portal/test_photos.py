"""A member's photos: checked from their content, cleaned of EXIF (location), resized, added to
the product's media in Saleor (in memory here), reordered, deleted and described; every change
audited and the storefront's cache made stale. The presigned S3 path runs against moto's server."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import httpx
import pytest
from django.test import TestCase
from PIL import Image

from catalog_sync.models import AuditEvent
from catalog_sync.signals import catalogue_changed
from portal.photos import PhotoRefused, prepared_photo
from saleor_api.errors import SaleorUnavailable
from tests.portal.conftest import PRODUCT_A, PRODUCT_B, member_of, photo_bytes, product

pytestmark = pytest.mark.django_db


def media(shop, name: str) -> list[dict]:
    return shop.products[product(name).saleor_product_id].get("media") or []


def upload(client, pk: int, *files: tuple[str, bytes]):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/vi/portal/products/{pk}/photos/",
        {"photos": [SimpleUploadedFile(name, data, "image/jpeg") for name, data in files]},
    )


@pytest.fixture
def changed():
    seen: list[object] = []

    def receiver(sender, **kwargs):
        seen.append(sender)

    catalogue_changed.connect(receiver)
    yield seen
    catalogue_changed.disconnect(receiver)


# --- The gate every photo passes ---------------------------------------------------------------


def test_a_photo_with_gps_exif_comes_out_without_any_exif(settings):
    settings.PORTAL_PHOTO_MAX_SIDE = 2000
    data = photo_bytes((4000, 3000), gps=True)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the phone's location

    image = prepared_photo(data, "IMG_0001.JPG", "Nước mắm")

    cleaned = Image.open(io.BytesIO(image.content))
    assert cleaned.format == "JPEG"
    assert max(cleaned.size) == 2000
    assert dict(cleaned.getexif()) == {}
    assert not cleaned.getexif().get_ifd(0x8825)
    assert b"Exif" not in image.content[:4096]
    assert b"PhoneMaker" not in image.content
    assert (image.filename, image.content_type, image.alt) == (
        "IMG_0001.jpg",
        "image/jpeg",
        "Nước mắm",
    )


def test_a_photo_taken_sideways_is_turned_upright():
    data = photo_bytes((800, 600), exif=_orientation(6))  # "rotate 90° clockwise to view"

    cleaned = Image.open(io.BytesIO(prepared_photo(data, "a.jpg", "x").content))

    assert cleaned.size == (600, 800)


def _orientation(value: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = value
    return exif.tobytes()


def test_a_transparent_png_stays_a_png_without_its_text_chunks():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "10.2271,103.9617")
    image = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)

    cleaned = prepared_photo(out.getvalue(), "logo.png", "x")

    assert cleaned.content_type == "image/png"
    assert b"103.9617" not in cleaned.content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not a photo at all" * 100, "không phải là ảnh"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 5000, "không phải là ảnh"),  # a JPEG's first bytes only
        (photo_bytes((40, 40)), "hỏng, quá nhỏ hoặc quá lớn"),
    ],
)
def test_what_is_not_a_usable_photo_is_refused_by_its_content(data, message):
    from django.utils import translation

    with translation.override("vi"), pytest.raises(PhotoRefused, match=message):
        prepared_photo(data, "photo.jpg", "x")


def test_a_photo_over_the_size_limit_is_refused(settings):
    settings.PORTAL_PHOTO_MAX_BYTES = 10_000

    with pytest.raises(PhotoRefused, match="MB"):
        prepared_photo(photo_bytes((2000, 2000)), "big.jpg", "x")


# --- Sent to the shop itself (no S3: the local default) ------------------------------------------


def test_a_member_adds_photos_to_its_product_and_the_shop_shows_them(
    client, shop, member_a, changed, settings
):
    client.force_login(member_a)
    listed = product(PRODUCT_A)
    before = len(media(shop, PRODUCT_A))

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = upload(
            client, listed.pk, ("mam.jpg", photo_bytes(gps=True)), ("chai.jpg", photo_bytes())
        )

    assert response.status_code == 302
    added = media(shop, PRODUCT_A)[before:]
    assert len(added) == 2
    assert all(m["alt"] == PRODUCT_A for m in added)
    assert all(dict(Image.open(io.BytesIO(m["content"])).getexif()) == {} for m in added)
    event = AuditEvent.objects.get(user=member_a, action=AuditEvent.Action.EDITED)
    assert event.actor == "a@htx-a.vn"
    assert len(event.before["photos"]) == before
    assert [p["id"] for p in event.after["photos"]][before:] == [m["id"] for m in added]
    assert changed  # the storefront's cached pages are stale
    page = client.get(response["Location"])
    assert "2 ảnh đã được thêm" in page.content.decode()
    assert added[0]["url"] in page.content.decode()
    shop_page = client.get(f"/vi/vn/products/{listed.slug}/").content.decode()
    assert added[0]["url"].rsplit("/", 1)[-1] in shop_page


def test_a_file_that_is_not_a_photo_is_explained_and_the_good_ones_still_added(
    client, shop, member_a
):
    client.force_login(member_a)
    listed = product(PRODUCT_A)
    before = len(media(shop, PRODUCT_A))

    response = upload(
        client, listed.pk, ("hoa-don.pdf", b"%PDF-1.7 an invoice" * 50), ("mam.jpg", photo_bytes())
    )

    html = client.get(response["Location"]).content.decode()
    assert "hoa-don.pdf không phải là ảnh" in html
    assert len(media(shop, PRODUCT_A)) == before + 1


def test_choosing_no_photo_is_explained(client, shop, member_a):
    client.force_login(member_a)

    response = client.post(f"/vi/portal/products/{product(PRODUCT_A).pk}/photos/", {})

    assert "Hãy chọn hoặc chụp một ảnh trước" in client.get(response["Location"]).content.decode()


# --- Reorder, delete, alt text --------------------------------------------------------------------


@pytest.fixture
def three_photos(client, shop, member_a):
    client.force_login(member_a)
    pk = product(PRODUCT_A).pk
    upload(client, pk, ("1.jpg", photo_bytes()), ("2.jpg", photo_bytes()), ("3.jpg", photo_bytes()))
    AuditEvent.objects.all().delete()
    return pk, [m["id"] for m in media(shop, PRODUCT_A)]


def test_a_photo_moves_earlier_and_later(client, shop, three_photos, changed):
    pk, ids = three_photos

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(f"/vi/portal/products/{pk}/photos/{ids[-1]}/move/", {"direction": "earlier"})
    assert [m["id"] for m in media(shop, PRODUCT_A)] == [*ids[:-2], ids[-1], ids[-2]]
    client.post(f"/vi/portal/products/{pk}/photos/{ids[0]}/move/", {"direction": "later"})
    assert [m["id"] for m in media(shop, PRODUCT_A)][:2] == [ids[1], ids[0]]

    first, _second = AuditEvent.objects.order_by("pk")
    assert [p["id"] for p in first.before["photos"]] == ids
    assert [p["id"] for p in first.after["photos"]] == [*ids[:-2], ids[-1], ids[-2]]
    assert changed


def test_moving_the_first_photo_earlier_changes_nothing(client, shop, three_photos):
    pk, ids = three_photos

    client.post(f"/vi/portal/products/{pk}/photos/{ids[0]}/move/", {"direction": "earlier"})

    assert [m["id"] for m in media(shop, PRODUCT_A)] == ids
    assert not AuditEvent.objects.exists()


def test_a_photo_is_deleted_and_audited(client, shop, three_photos):
    pk, ids = three_photos

    response = client.post(f"/vi/portal/products/{pk}/photos/{ids[1]}/delete/")

    assert [m["id"] for m in media(shop, PRODUCT_A)] == [ids[0], *ids[2:]]
    event = AuditEvent.objects.get()
    assert ids[1] in [p["id"] for p in event.before["photos"]]
    assert ids[1] not in [p["id"] for p in event.after["photos"]]
    assert "Đã xoá ảnh" in client.get(response["Location"]).content.decode()


def test_a_photo_gets_its_alt_text(client, shop, three_photos):
    pk, ids = three_photos

    client.post(
        f"/vi/portal/products/{pk}/photos/{ids[0]}/alt/", {"alt": "  Chai nước mắm  40 độ "}
    )
    client.post(f"/vi/portal/products/{pk}/photos/{ids[0]}/alt/", {"alt": "Chai nước mắm 40 độ"})
    empty = client.post(f"/vi/portal/products/{pk}/photos/{ids[1]}/alt/", {"alt": "  "})

    assert media(shop, PRODUCT_A)[0]["alt"] == "Chai nước mắm 40 độ"
    assert media(shop, PRODUCT_A)[1]["alt"] == PRODUCT_A
    event = AuditEvent.objects.get()  # the second, unchanged, wrote nothing
    assert event.before["photos"][0]["alt"] == PRODUCT_A
    assert event.after["photos"][0]["alt"] == "Chai nước mắm 40 độ"
    assert "Hãy nói ngắn gọn ảnh cho thấy gì" in client.get(empty["Location"]).content.decode()


def test_a_saleor_failure_is_said_and_audited(client, shop, three_photos, monkeypatch):
    pk, ids = three_photos

    def down(*args, **kwargs):
        raise SaleorUnavailable("ProductMediaDelete", "HTTP 503")

    monkeypatch.setattr("saleor_api.gateway.delete_product_media", down)
    response = client.post(f"/vi/portal/products/{pk}/photos/{ids[0]}/delete/")

    assert len(media(shop, PRODUCT_A)) == len(ids)
    event = AuditEvent.objects.get()
    assert event.action == AuditEvent.Action.FAILED
    assert event.before == event.after
    assert "thử lại sau một phút" in client.get(response["Location"]).content.decode()


def test_another_products_photo_is_a_404_through_ones_own_product(client, shop, three_photos):
    """A's product in the URL, B's photo id: the photo is not one of A's, so it does not exist."""
    pk, _ids = three_photos
    b = member_of("Công ty TNHH Tiêu Phú Quốc", "b@cty-b.vn")
    from django.test import Client

    other = Client()
    other.force_login(b)
    upload(other, product(PRODUCT_B).pk, ("tieu.jpg", photo_bytes()))
    [b_photo] = media(shop, PRODUCT_B)[-1:]

    for action, data in (("move", {"direction": "earlier"}), ("delete", {}), ("alt", {"alt": "x"})):
        response = client.post(f"/vi/portal/products/{pk}/photos/{b_photo['id']}/{action}/", data)
        assert response.status_code == 404
    assert media(shop, PRODUCT_B)[-1] == b_photo


# --- Straight from the phone to S3 (moto's server) ------------------------------------------------


def presign(client, pk: int, content_type: str = "image/jpeg"):
    return client.post(
        f"/vi/portal/products/{pk}/photos/presign/",
        {"content_type": content_type},
        HTTP_ACCEPT="application/json",
    )


def post_to_s3(answer: dict, data: bytes, content_type: str = "image/jpeg") -> httpx.Response:
    """What the browser does with the presigned POST."""
    return httpx.post(
        answer["url"], data=answer["fields"], files={"file": ("photo.jpg", data, content_type)}
    )


def test_a_photo_sent_to_s3_is_taken_cleaned_and_added(
    client, shop, member_a, s3_uploads, settings
):
    client.force_login(member_a)
    pk = product(PRODUCT_A).pk
    before = len(media(shop, PRODUCT_A))

    answer = presign(client, pk).json()
    stored = post_to_s3(answer, photo_bytes((3000, 2000), gps=True))
    key = answer["fields"]["key"]
    assert stored.status_code in (200, 201, 204), stored.text
    assert s3_uploads.head_object(Bucket=settings.PORTAL_UPLOAD_BUCKET, Key=key)
    assert key.startswith(f"portal/{pk}/")
    done = client.post(
        f"/vi/portal/products/{pk}/photos/uploaded/",
        {"token": answer["token"], "name": "IMG_2041.JPG"},
        HTTP_ACCEPT="application/json",
    )

    assert done.status_code == 200, done.content
    [added] = media(shop, PRODUCT_A)[before:]
    cleaned = Image.open(io.BytesIO(added["content"]))
    assert dict(cleaned.getexif()) == {}
    assert max(cleaned.size) == settings.PORTAL_PHOTO_MAX_SIDE
    listing = s3_uploads.list_objects_v2(Bucket=settings.PORTAL_UPLOAD_BUCKET)
    assert listing.get("KeyCount", 0) == 0  # the upload is deleted once taken
    assert AuditEvent.objects.filter(user=member_a, action=AuditEvent.Action.EDITED).exists()


def test_the_product_page_offers_the_presigned_path_only_with_s3(
    client, shop, member_a, s3_uploads
):
    client.force_login(member_a)
    pk = product(PRODUCT_A).pk

    html = client.get(f"/vi/portal/products/{pk}/").content.decode()

    assert f'data-presign="/vi/portal/products/{pk}/photos/presign/"' in html
    assert 'capture="environment"' in html
    assert 'accept="image/*"' in html


def test_the_pages_let_the_browser_reach_the_bucket_the_presigned_post_names(
    client, shop, member_a, s3_uploads, settings
):
    client.force_login(member_a)
    pk = product(PRODUCT_A).pk

    page = client.get(f"/vi/portal/products/{pk}/")
    answer = presign(client, pk).json()

    policy = dict(d.split(" ", 1) for d in page["Content-Security-Policy"].split("; "))
    bucket = urlsplit(answer["url"])
    assert f"{bucket.scheme}://{bucket.netloc}" in policy["connect-src"].split()
    assert settings.PORTAL_UPLOAD_ENDPOINT_URL.startswith(f"{bucket.scheme}://{bucket.netloc}")


def test_without_s3_the_pages_reach_no_bucket(client, shop, member_a, settings):
    settings.PORTAL_PHOTO_UPLOADS = "direct"
    client.force_login(member_a)

    page = client.get(f"/vi/portal/products/{product(PRODUCT_A).pk}/")

    policy = dict(d.split(" ", 1) for d in page["Content-Security-Policy"].split("; "))
    assert policy["connect-src"] == "'self' https://api.stripe.com"


def test_a_file_in_s3_that_is_not_a_photo_is_refused_and_deleted(
    client, shop, member_a, s3_uploads, settings
):
    client.force_login(member_a)
    pk = product(PRODUCT_A).pk
    before = len(media(shop, PRODUCT_A))
    answer = presign(client, pk).json()
    post_to_s3(answer, b"<?php system($_GET['c']); ?>" * 20)

    done = client.post(
        f"/vi/portal/products/{pk}/photos/uploaded/",
        {"token": answer["token"]},
        HTTP_ACCEPT="application/json",
    )

    assert done.status_code == 400
    assert "không phải là ảnh" in done.json()["error"]
    assert len(media(shop, PRODUCT_A)) == before
    assert s3_uploads.list_objects_v2(Bucket=settings.PORTAL_UPLOAD_BUCKET).get("KeyCount", 0) == 0


def test_an_object_over_the_limit_is_refused_even_if_s3_took_it(
    client, shop, member_a, s3_uploads, settings
):
    client.force_login(member_a)
    pk = product(PRODUCT_A).pk
    answer = presign(client, pk).json()
    settings.PORTAL_PHOTO_MAX_BYTES = 1000  # the limit the shop reads back with
    s3_uploads.put_object(
        Bucket=settings.PORTAL_UPLOAD_BUCKET, Key=answer["fields"]["key"], Body=photo_bytes()
    )

    done = client.post(
        f"/vi/portal/products/{pk}/photos/uploaded/",
        {"token": answer["token"]},
        HTTP_ACCEPT="application/json",
    )

    assert done.status_code == 400
    assert "MB" in done.json()["error"]


def test_presigning_refuses_what_does_not_say_it_is_an_image(client, shop, member_a, s3_uploads):
    client.force_login(member_a)

    response = presign(client, product(PRODUCT_A).pk, "application/pdf")

    assert response.status_code == 400
    assert response.json()["error"]


def test_a_token_works_only_for_its_user_and_product(client, shop, member_a, s3_uploads):
    client.force_login(member_a)
    answer = presign(client, product(PRODUCT_A).pk).json()
    post_to_s3(answer, photo_bytes())
    b = member_of("Công ty TNHH Tiêu Phú Quốc", "b@cty-b.vn")
    from django.test import Client

    other = Client()
    other.force_login(b)
    before_b = len(media(shop, PRODUCT_B))

    # B presents A's token on B's own product, and A's own product: both unknown to B.
    on_b = other.post(
        f"/vi/portal/products/{product(PRODUCT_B).pk}/photos/uploaded/", {"token": answer["token"]}
    )
    on_a = other.post(
        f"/vi/portal/products/{product(PRODUCT_A).pk}/photos/uploaded/", {"token": answer["token"]}
    )
    forged = client.post(
        f"/vi/portal/products/{product(PRODUCT_A).pk}/photos/uploaded/",
        {"token": answer["token"][:-2] + "xx"},
    )

    assert (on_b.status_code, on_a.status_code, forged.status_code) == (404, 404, 404)
    assert len(media(shop, PRODUCT_B)) == before_b
    assert presign(other, product(PRODUCT_A).pk).status_code == 404


def test_without_s3_the_presigned_path_does_not_exist(client, shop, member_a):
    client.force_login(member_a)

    assert presign(client, product(PRODUCT_A).pk).status_code == 404


def test_the_bucket_command_lets_the_shops_pages_post_photos(s3_uploads, settings):
    from django.core.management import call_command

    settings.SHOP_PUBLIC_URL = "https://ocop.example.vn/"
    out = io.StringIO()

    call_command("portal_uploads_bucket", "--origin", "http://127.0.0.1:8206", stdout=out)

    [rule] = s3_uploads.get_bucket_cors(Bucket=settings.PORTAL_UPLOAD_BUCKET)["CORSRules"]
    assert rule["AllowedOrigins"] == ["https://ocop.example.vn", "http://127.0.0.1:8206"]
    assert rule["AllowedMethods"] == ["POST"]
    assert "ready" in out.getvalue()


def test_the_bucket_command_says_when_no_bucket_is_set(settings):
    from django.core.management import CommandError, call_command

    settings.PORTAL_UPLOAD_BUCKET = ""

    with pytest.raises(CommandError, match="PORTAL_UPLOAD_BUCKET is not set"):
        call_command("portal_uploads_bucket")
