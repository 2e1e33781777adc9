"""Photos from a list: fetched with the feed reader's limits, checked with Pillow, uploaded to the
in-memory Saleor with a multipart request, recorded so a rerun uploads nothing.

The photos are served by a real HTTP server on 127.0.0.1 (no network beyond this machine)."""

from __future__ import annotations

import csv
import hashlib
import io
import struct
import threading
import zlib
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
import respx
from PIL import Image

from catalog_sync.models import OcopProduct, ProductPhoto, RowIssue, SyncRun
from catalog_sync.photos import PhotoError, checked_image, fetch_photo
from catalog_sync.services import EXIT_REJECTED, SyncResult, run_sync
from saleor_api import connection
from saleor_api.bootstrap import bootstrap_store
from tests.fakes.saleor import FakeSaleor

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)
HEADER = ["STT", "Tên sản phẩm", "Chủ thể", "Tỉnh", "Hạng sao", "Số quyết định", "Ngày quyết định"]
HEADER_WITH_PHOTOS = [*HEADER, "Ảnh"]


def jpeg(
    width: int = 640, height: int = 480, colour: tuple[int, int, int] = (200, 140, 40)
) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims ``width``×``height`` pixels (a decompression bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))


HONEY = jpeg(colour=(200, 140, 40))
TEA = jpeg(colour=(60, 120, 50))
BIG = jpeg(1600, 1200) + b"\0" * 40_000  # over the 40 000-byte limit these tests set


class PhotoServer(ThreadingHTTPServer):
    files: dict[str, tuple[str, bytes]]
    requests: list[str]


class Handler(BaseHTTPRequestHandler):
    server: PhotoServer

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        found = self.server.files.get(self.path)
        if found is None:
            self.send_error(404)
            return
        content_type, body = found
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def photo_server() -> Iterator[PhotoServer]:
    server = PhotoServer(("127.0.0.1", 0), Handler)
    server.files = {
        "/honey.jpg": ("image/jpeg", HONEY),
        "/tea.jpg": ("image/jpeg", TEA),
        "/copy-of-honey.jpg": ("image/jpeg", HONEY),
        "/page.html": ("text/html", b"<!doctype html><title>Not a photo</title>"),
        "/big.jpg": ("image/jpeg", BIG),
    }
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def url(server: PhotoServer, path: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


@pytest.fixture
def saleor(monkeypatch, settings):
    settings.PHOTO_MAX_BYTES = 40_000
    fake = FakeSaleor("3.23")
    client = fake.client()
    bootstrap_store(client)
    monkeypatch.setattr(connection, "_client", client)
    return fake


def write_list(path: Path, rows: list[list[object]]) -> str:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER_WITH_PHOTOS)
        writer.writerows(rows)
    return str(path)


def row(number: int, name: str, photos: str) -> list[object]:
    return [
        number,
        name,
        "HTX Ong Mèo Vạc",
        "Hà Giang",
        4,
        f"{number}/QĐ-UBND",
        "15/03/2025",
        photos,
    ]


def run_of(result: SyncResult) -> SyncRun:
    assert result.run is not None
    return result.run


def media_of(saleor: FakeSaleor, name: str) -> list[dict]:
    product = next(p for p in saleor.products.values() if p["name"] == name)
    return product.get("media") or []


def test_photos_are_uploaded_to_the_product_with_its_name_as_alt_text(
    saleor, photo_server, tmp_path
):
    source = write_list(
        tmp_path / "ds.csv",
        [
            row(
                1,
                "Mật ong bạc hà",
                f"{url(photo_server, '/honey.jpg')}; {url(photo_server, '/tea.jpg')}",
            )
        ],
    )

    result = run_sync(source, as_of=TODAY)

    media = media_of(saleor, "Mật ong bạc hà")
    assert [(m["alt"], m["content"], m["content_type"]) for m in media] == [
        ("Mật ong bạc hà", HONEY, "image/jpeg"),
        ("Mật ong bạc hà", TEA, "image/jpeg"),
    ]
    assert [m["url"] for m in media] == [
        "http://saleor.test/media/products/honey.jpg",
        "http://saleor.test/media/products/tea.jpg",
    ]
    assert result.exit_status == 0
    assert run_of(result).status == SyncRun.Status.SUCCEEDED
    assert run_of(result).counts["photos_uploaded"] == 2
    product = OcopProduct.objects.get(name="Mật ong bạc hà")
    assert sorted(product.photos.values_list("source_url", "saleor_media_id")) == sorted(
        [
            (url(photo_server, "/honey.jpg"), media[0]["id"]),
            (url(photo_server, "/tea.jpg"), media[1]["id"]),
        ]
    )


def test_failed_photos_are_row_issues_and_the_product_and_other_photos_still_import(
    saleor, photo_server, tmp_path
):
    photos = " ".join(
        url(photo_server, path) for path in ("/missing.jpg", "/page.html", "/big.jpg", "/honey.jpg")
    )
    source = write_list(
        tmp_path / "ds.csv",
        [row(1, "Chè Shan tuyết", url(photo_server, "/tea.jpg")), row(2, "Mật ong bạc hà", photos)],
    )

    result = run_sync(source, as_of=TODAY)

    assert [m["content"] for m in media_of(saleor, "Mật ong bạc hà")] == [HONEY]
    assert [m["content"] for m in media_of(saleor, "Chè Shan tuyết")] == [TEA]
    issues = list(
        RowIssue.objects.filter(run=result.run).values_list(
            "row_number", "column", "kind", "reason"
        )
    )
    assert issues == [
        (
            3,
            "image_urls",
            "photo",
            f"{url(photo_server, '/missing.jpg')}: the server answered HTTP 404",
        ),
        (
            3,
            "image_urls",
            "photo",
            f"{url(photo_server, '/page.html')}: not a JPEG, PNG or WebP image",
        ),
        (
            3,
            "image_urls",
            "photo",
            f"{url(photo_server, '/big.jpg')}: the file is larger than the 40000 bytes allowed",
        ),
    ]
    assert run_of(result).status == SyncRun.Status.PARTIAL
    assert result.exit_status == EXIT_REJECTED
    assert run_of(result).counts["create"] == 2
    counts = run_of(result).counts
    assert (counts["photos_uploaded"], counts["photos_failed"]) == (2, 3)


def test_a_rerun_uploads_nothing_and_a_later_list_adds_only_its_new_photos(
    saleor, photo_server, tmp_path
):
    honey, tea = url(photo_server, "/honey.jpg"), url(photo_server, "/tea.jpg")
    run_sync(write_list(tmp_path / "ds.csv", [row(1, "Mật ong bạc hà", honey)]), as_of=TODAY)
    photo_server.requests.clear()
    uploads_before = saleor.calls.count("ProductMediaCreate")

    rerun = run_sync(
        write_list(tmp_path / "ds.csv", [row(1, "Mật ong bạc hà", honey)]), as_of=TODAY
    )

    assert saleor.calls.count("ProductMediaCreate") == uploads_before == 1
    assert photo_server.requests == []  # a recorded address is not even downloaded again
    assert run_of(rerun).counts["photos_uploaded"] == 0

    later = run_sync(
        write_list(tmp_path / "ds2.csv", [row(1, "Mật ong bạc hà", f"{honey} {tea}")]), as_of=TODAY
    )

    assert [m["content"] for m in media_of(saleor, "Mật ong bạc hà")] == [HONEY, TEA]
    assert photo_server.requests == ["/tea.jpg"]
    assert run_of(later).counts["photos_uploaded"] == 1


def test_the_same_image_under_another_address_is_recorded_not_uploaded_again(
    saleor, photo_server, tmp_path
):
    run_sync(
        write_list(
            tmp_path / "ds.csv", [row(1, "Mật ong bạc hà", url(photo_server, "/honey.jpg"))]
        ),
        as_of=TODAY,
    )

    result = run_sync(
        write_list(
            tmp_path / "ds.csv", [row(1, "Mật ong bạc hà", url(photo_server, "/copy-of-honey.jpg"))]
        ),
        as_of=TODAY,
    )

    assert [m["content"] for m in media_of(saleor, "Mật ong bạc hà")] == [HONEY]
    counts = run_of(result).counts
    assert (counts["photos_uploaded"], counts["photos_known"]) == (0, 1)
    assert ProductPhoto.objects.filter(sha256=hashlib.sha256(HONEY).hexdigest()).count() == 2


def test_a_photo_that_failed_is_tried_again_by_the_next_run(saleor, photo_server, tmp_path):
    source = write_list(
        tmp_path / "ds.csv", [row(1, "Mật ong bạc hà", url(photo_server, "/later.jpg"))]
    )
    first = run_sync(source, as_of=TODAY)
    photo_server.files["/later.jpg"] = ("image/jpeg", HONEY)

    second = run_sync(source, as_of=TODAY)

    assert run_of(first).counts["photos_failed"] == 1
    assert run_of(second).counts["photos_uploaded"] == 1
    assert [m["content"] for m in media_of(saleor, "Mật ong bạc hà")] == [HONEY]


def test_photos_of_a_local_list_resolve_against_its_folder(saleor, tmp_path):
    (tmp_path / "anh").mkdir()
    (tmp_path / "anh" / "mat ong.jpg").write_bytes(HONEY)
    (tmp_path / "tra.jpg").write_bytes(TEA)
    source = write_list(
        tmp_path / "ds.csv", [row(1, "Mật ong bạc hà", "anh/mat%20ong.jpg file:tra.jpg")]
    )

    result = run_sync(source, as_of=TODAY)

    assert [m["content"] for m in media_of(saleor, "Mật ong bạc hà")] == [HONEY, TEA]
    assert run_of(result).counts["photos_uploaded"] == 2
    product = OcopProduct.objects.get(name="Mật ong bạc hà")
    assert sorted(product.photos.values_list("source_url", flat=True)) == [
        str(tmp_path / "anh" / "mat ong.jpg"),
        str(tmp_path / "tra.jpg"),
    ]


def test_a_local_photo_outside_the_lists_folder_is_refused(saleor, tmp_path):
    (tmp_path / "list").mkdir()
    (tmp_path / "secret.png").write_bytes(HONEY)
    source = write_list(tmp_path / "list" / "ds.csv", [row(1, "Mật ong bạc hà", "../secret.png")])

    result = run_sync(source, as_of=TODAY)

    assert [str(e) for e in result.plan.rejected] == [
        "row 2, column image_urls: '../secret.png' is outside the list's folder; refused"
    ]
    assert saleor.calls.count("ProductMediaCreate") == 0


def test_once_saleor_does_not_answer_the_photos_left_wait_for_the_next_run(
    saleor, photo_server, tmp_path
):
    photos = f"{url(photo_server, '/honey.jpg')} {url(photo_server, '/tea.jpg')}"
    run_sync(write_list(tmp_path / "ds.csv", [row(1, "Mật ong bạc hà", "")]), as_of=TODAY)
    source = write_list(tmp_path / "ds.csv", [row(1, "Mật ong bạc hà", photos)])
    saleor.fail_next = [500]  # the first upload: Saleor may have applied it, so not retried

    first = run_sync(source, as_of=TODAY)
    second = run_sync(source, as_of=TODAY)

    reasons = list(RowIssue.objects.filter(run=first.run).values_list("reason", flat=True))
    assert reasons == [
        f"{url(photo_server, '/honey.jpg')}: Saleor did not take the photo "
        "(ProductMediaCreate: HTTP 500 (after 1 tries))",
        f"{url(photo_server, '/tea.jpg')}: not tried, Saleor did not answer; the next run adds it",
    ]
    assert run_of(second).counts["photos_uploaded"] == 2
    assert [m["content"] for m in media_of(saleor, "Mật ong bạc hà")] == [HONEY, TEA]


def test_a_dry_run_fetches_and_uploads_no_photo(saleor, photo_server, tmp_path):
    source = write_list(
        tmp_path / "ds.csv", [row(1, "Mật ong bạc hà", url(photo_server, "/honey.jpg"))]
    )

    run_sync(source, as_of=TODAY, dry_run=True)

    assert photo_server.requests == []
    assert saleor.calls.count("ProductMediaCreate") == 0


# --- one photo ---------------------------------------------------------------------------------


@respx.mock
def test_a_redirect_from_https_to_http_is_refused(settings):
    respx.get("https://ocop.vn/anh.jpg").mock(
        return_value=httpx.Response(302, headers={"location": "http://cdn.ocop.vn/anh.jpg"})
    )

    with pytest.raises(PhotoError) as refused:
        fetch_photo("https://ocop.vn/anh.jpg")

    assert str(refused.value) == (
        "https://ocop.vn/anh.jpg: redirected to http://cdn.ocop.vn/anh.jpg, which is not https; refused"
    )


@respx.mock
def test_a_plain_http_photo_may_move_to_https():
    respx.get("http://ocop.vn/anh.jpg").mock(
        return_value=httpx.Response(301, headers={"location": "https://ocop.vn/anh.jpg"})
    )
    respx.get("https://ocop.vn/anh.jpg").mock(return_value=httpx.Response(200, content=HONEY))

    assert fetch_photo("http://ocop.vn/anh.jpg") == HONEY


def test_an_image_gets_the_content_type_and_extension_of_its_real_format():
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 20, 30)).save(buffer, "WEBP")

    image = checked_image("https://ocop.vn/anh/mat-ong.jpg?v=2", buffer.getvalue(), "Mật ong")

    assert (image.filename, image.content_type, image.alt) == (
        "mat-ong.webp",
        "image/webp",
        "Mật ong",
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            png_header_only(8_000, 8_000),
            "8000×8000 pixels is larger than allowed (40000000 pixels, 12000 on a side)",
        ),
        (png_header_only(30_000, 30_000), "the image has too many pixels to decode safely"),
        (
            png_header_only(20_000, 100),
            "20000×100 pixels is larger than allowed (40000000 pixels, 12000 on a side)",
        ),
        (jpeg(40, 40), "40×40 pixels is too small for a product photo (at least 64 on a side)"),
        (jpeg()[:2000], "a damaged image (image file is truncated (3 bytes not processed))"),
        (b"GIF89a" + b"\0" * 100, "not a JPEG, PNG or WebP image"),
        (b"<html>hello</html>", "not a JPEG, PNG or WebP image"),
    ],
)
def test_what_is_not_a_sensible_photo_is_refused_with_its_reason(data, reason):
    with pytest.raises(PhotoError) as refused:
        checked_image("https://ocop.vn/x", data, "x")

    assert str(refused.value) == f"https://ocop.vn/x: {reason}"
