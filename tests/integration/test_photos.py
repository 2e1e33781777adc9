"""Photos from a list uploaded to a real Saleor: served from a local HTTP server and from the
list's own folder, found on the product with thumbnails that load; a rerun uploads nothing."""

from __future__ import annotations

import csv
import shutil
import threading
from collections.abc import Iterator
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from catalog_sync.models import OcopProduct, ProductPhoto, RowIssue
from catalog_sync.services import run_sync
from saleor_api import catalogue, connection
from tests.support.saleor import delete_product

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLE_PHOTOS = Path(__file__).resolve().parents[2] / "catalog_sync" / "sample" / "photos"
HEADER = ["STT", "Tên sản phẩm", "Chủ thể", "Tỉnh", "Nhóm", "Hạng sao", "Số quyết định"]
HEADER += ["Ngày quyết định", "Giá", "Ảnh"]


@pytest.fixture
def live(saleor, layout, monkeypatch):
    monkeypatch.setattr(connection, "_client", saleor)
    yield saleor
    for product in OcopProduct.objects.exclude(saleor_product_id=""):
        delete_product(saleor, product.saleor_product_id)


@pytest.fixture
def photo_server(tmp_path) -> Iterator[str]:
    """The sample's honey and tea photos served over HTTP from 127.0.0.1; its base URL."""
    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(SAMPLE_PHOTOS / "mat-ong-bac-ha.jpg", served / "honey.jpg")
    shutil.copy(SAMPLE_PHOTOS / "che-shan-tuyet.jpg", served / "tea.jpg")

    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(served), **kwargs)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def write_list(folder: Path, rows: list[list[object]]) -> str:
    (folder / "photos").mkdir(exist_ok=True)
    shutil.copy(SAMPLE_PHOTOS / "nuoc-mam-40.jpg", folder / "photos" / "nuoc-mam.jpg")
    path = folder / "list.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return str(path)


def product_images(saleor, name: str) -> tuple[catalogue.Image, ...]:
    slug = OcopProduct.objects.get(name=name).slug
    request = catalogue.product_request("vn", "vi", slug)
    page = catalogue.parse_product(saleor.execute(request.operation, request.variables))
    assert page is not None, f"{name} is not on sale in channel vn"
    return page.images


def test_photos_are_uploaded_with_thumbnails_and_a_rerun_uploads_nothing(
    live, photo_server, tmp_path, unique
):
    honey, sauce = f"Mật ong bạc hà {unique}", f"Nước mắm Phú Quốc {unique}"
    decided = date.today().replace(day=1).strftime("%d/%m/%Y")
    source = write_list(
        tmp_path,
        [
            [1, honey, f"HTX Ong {unique}", "Hà Giang", "Thực phẩm", 4, "7/QĐ-UBND", decided,
             120000, f"{photo_server}/honey.jpg {photo_server}/tea.jpg {photo_server}/gone.jpg"],
            [2, sauce, f"HTX Mắm {unique}", "Kiên Giang", "Thực phẩm", 5, "8/QĐ-UBND", decided,
             185000, "photos/nuoc-mam.jpg"],
        ],
    )  # fmt: skip

    first = run_sync(source, client=live)

    assert first.run is not None
    assert (first.run.counts["photos_uploaded"], first.run.counts["photos_failed"]) == (3, 1)
    assert list(RowIssue.objects.filter(run=first.run).values_list("row_number", "reason")) == [
        (2, f"{photo_server}/gone.jpg: the server answered HTTP 404")
    ]
    honey_images = product_images(live, honey)
    sauce_images = product_images(live, sauce)
    assert [image.alt for image in honey_images] == [honey, honey]
    assert [image.alt for image in sauce_images] == [sauce]
    for image in (*honey_images, *sauce_images):
        for address in (image.thumb, image.small, image.url):
            answer = httpx.get(address, follow_redirects=True, timeout=60)
            assert answer.status_code == 200, address
            assert answer.headers["content-type"].startswith("image/"), address
            assert len(answer.content) > 1000, address
    assert ProductPhoto.objects.count() == 3

    again = run_sync(source, client=live)

    assert again.run is not None
    assert (again.run.counts["photos_uploaded"], again.run.counts["photos_failed"]) == (0, 1)
    assert len(product_images(live, honey)) == 2
    assert len(product_images(live, sauce)) == 1
