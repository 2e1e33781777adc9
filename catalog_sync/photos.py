"""Photos a list names for its products, added to the products' media in Saleor.

After a run has created (or found) its products in Saleor, each row's photos that the registry has
not recorded for that product are fetched with the feed reader's bounded download (size limit,
per-read timeout, overall deadline, no https→http redirect; local paths and ``s3://`` too),
checked to be a real JPEG, PNG or WebP image of sensible size (Pillow, decompression bombs
refused), and uploaded with the product's name as alt text. What was uploaded is recorded
(``ProductPhoto``: address, sha256, media id), so a rerun uploads nothing and a later list with new
addresses adds only those; the same image under a new address is recorded, not uploaded again.

A photo that cannot be had (404, not an image, too big) becomes a row issue of the run, with its
row number and reason; the product and the other photos are imported all the same.
"""

from __future__ import annotations

import hashlib
import io
import logging
import threading
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from PIL import Image, UnidentifiedImageError

from catalog_sync.domain import FeedRow
from catalog_sync.feeds import FeedError, open_source
from catalog_sync.models import OcopProduct, ProductPhoto, RowIssue, SyncRun
from saleor_api import gateway
from saleor_api.client import SaleorClient, chunked
from saleor_api.errors import SaleorAuthError, SaleorError, SaleorUnavailable
from saleor_api.types import ProductImage

logger = logging.getLogger(__name__)

ISSUE_KIND = "photo"
BATCH = 20  # products whose photos are recorded together
MIN_SIDE = 64  # pixels: smaller is an icon or a tracking pixel, not a product photo
MAX_SIDE = 12_000
FORMATS = {  # Pillow's format -> (content type, extension)
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}


class PhotoError(Exception):
    """Why one photo cannot be added; the message is the row issue's reason."""


@dataclass(frozen=True)
class PhotoJob:
    """The photos to add to one product: addresses not yet recorded for it, in the list's order."""

    product_key: str
    saleor_product_id: str
    alt: str
    row_number: int
    sheet: str
    urls: tuple[str, ...]
    # sha256 -> media id of the photos it has already: the same image is not uploaded twice.
    uploaded: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PhotoDone:
    url: str
    sha256: str
    media_id: str
    uploaded: bool  # False: the same image was there already under another address


@dataclass
class PhotoReport:
    uploaded: int = 0
    known: int = 0  # new addresses of images the product had already
    failures: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "photos_uploaded": self.uploaded,
            "photos_known": self.known,
            "photos_failed": len(self.failures),
        }


# ---------------------------------------------------------------------------------------------
# What to do (pure)
# ---------------------------------------------------------------------------------------------


def plan_photos(
    rows: Iterable[FeedRow],
    products: Mapping[str, tuple[str, str]],
    recorded: Mapping[tuple[str, str], Mapping[str, str]],
) -> list[PhotoJob]:
    """The photo jobs of a run's rows.

    ``products``: product key -> (Saleor product id, name shown) for products in Saleor;
    ``recorded``: (product key, Saleor product id) -> {address: sha256} of photos added already.
    A product on several rows gets the union of their photos, reported on its first row.
    """
    jobs: dict[str, PhotoJob] = {}
    for row in rows:
        if not row.image_urls or row.product_key not in products:
            continue
        product_id, name = products[row.product_key]
        if not product_id:
            continue
        done = recorded.get((row.product_key, product_id), {})
        job = jobs.get(row.product_key)
        urls = tuple(dict.fromkeys((*(job.urls if job else ()), *row.image_urls)))
        urls = tuple(url for url in urls if url not in done)
        if job is None:
            job = PhotoJob(row.product_key, product_id, name, row.row_number, row.sheet, urls)
        jobs[row.product_key] = PhotoJob(
            job.product_key, product_id, name, job.row_number, job.sheet, urls
        )
    return [job for job in jobs.values() if job.urls]


# ---------------------------------------------------------------------------------------------
# Fetching and checking one photo
# ---------------------------------------------------------------------------------------------


def fetch_photo(url: str) -> bytes:
    """The photo's bytes, read with the feed reader's limits; PhotoError if it cannot be had."""
    max_bytes = int(settings.PHOTO_MAX_BYTES)
    try:
        with open_source(
            url,
            max_bytes=max_bytes,
            timeout=settings.FEED_READ_TIMEOUT_SECONDS,
            deadline=settings.PHOTO_DOWNLOAD_DEADLINE_SECONDS,
            allow_http=True,
        ) as stream:
            data = stream.read(max_bytes + 1)
    except FeedError as error:
        raise PhotoError(str(error)) from error
    if len(data) > max_bytes:
        raise PhotoError(f"{url}: the file is larger than the {max_bytes} bytes allowed")
    return data


def checked_image(url: str, data: bytes, alt: str) -> ProductImage:
    """``data`` as a photo for Saleor, if it really is a JPEG, PNG or WebP image of sensible
    size, decoded whole (a truncated or forged file is refused, so is a decompression bomb)."""
    max_pixels = int(settings.PHOTO_MAX_PIXELS)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
                kind = str(image.format)
                width, height = image.size
                if width * height > max_pixels or max(width, height) > MAX_SIDE:
                    raise PhotoError(
                        f"{url}: {width}×{height} pixels is larger than allowed "
                        f"({max_pixels} pixels, {MAX_SIDE} on a side)"
                    )
                if min(width, height) < MIN_SIDE:
                    raise PhotoError(
                        f"{url}: {width}×{height} pixels is too small for a product photo "
                        f"(at least {MIN_SIDE} on a side)"
                    )
                image.verify()
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                image.load()
    except PhotoError:
        raise
    except UnidentifiedImageError as error:
        raise PhotoError(f"{url}: not a JPEG, PNG or WebP image") from error
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise PhotoError(f"{url}: the image has too many pixels to decode safely") from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise PhotoError(f"{url}: a damaged image ({error})") from error
    content_type, extension = FORMATS[kind]
    stem = PurePosixPath(urlsplit(url).path).stem[:80] or "photo"
    return ProductImage(data, stem + extension, content_type, alt)


# ---------------------------------------------------------------------------------------------
# Carrying it out
# ---------------------------------------------------------------------------------------------


def _carry_out(
    client: SaleorClient, job: PhotoJob, saleor_down: threading.Event
) -> tuple[PhotoJob, list[PhotoDone], list[str]]:
    """Fetch, check and upload a product's photos (no database here: this runs in threads).

    Once Saleor has not answered, the photos left are not tried (the next run adds them)."""
    done: list[PhotoDone] = []
    failures: list[str] = []
    uploaded = dict(job.uploaded)
    for url in job.urls:
        if saleor_down.is_set():
            failures.append(f"{url}: not tried, Saleor did not answer; the next run adds it")
            continue
        try:
            data = fetch_photo(url)
            digest = hashlib.sha256(data).hexdigest()
            if digest in uploaded:
                done.append(PhotoDone(url, digest, uploaded[digest], uploaded=False))
                continue
            image = checked_image(url, data, job.alt)
            media_id = gateway.add_product_image(client, job.saleor_product_id, image)
        except PhotoError as error:
            failures.append(str(error))
            continue
        except SaleorError as error:
            if isinstance(error, SaleorUnavailable | SaleorAuthError):
                saleor_down.set()
            failures.append(f"{url}: Saleor did not take the photo ({error})")
            continue
        uploaded[digest] = media_id
        done.append(PhotoDone(url, digest, media_id, uploaded=True))
    return job, done, failures


def sync_photos(
    rows: Sequence[FeedRow],
    client: SaleorClient | Callable[[], SaleorClient],
    *,
    run: SyncRun | None = None,
) -> PhotoReport:
    """Add the photos the rows name to their products in Saleor (see the module's docstring).

    ``client`` may be a function giving one: it is called only when there is a photo to add.
    Uploads are recorded batch by batch, so a crash loses at most one batch of bookkeeping.
    """
    report = PhotoReport()
    keys = {row.product_key for row in rows if row.image_urls}
    if not keys:
        return report
    products = {
        key: (product_id, name)
        for key, product_id, name in OcopProduct.objects.filter(
            product_key__in=keys, saleor_product_id__gt=""
        ).values_list("product_key", "saleor_product_id", "name")
    }
    recorded: dict[tuple[str, str], dict[str, str]] = {}
    hashes: dict[tuple[str, str], dict[str, str]] = {}
    for key, product_id, url, digest, media_id in ProductPhoto.objects.filter(
        product__product_key__in=keys
    ).values_list(
        "product__product_key", "saleor_product_id", "source_url", "sha256", "saleor_media_id"
    ):
        recorded.setdefault((key, product_id), {})[url] = digest
        hashes.setdefault((key, product_id), {})[digest] = media_id
    jobs = [
        PhotoJob(
            job.product_key,
            job.saleor_product_id,
            job.alt,
            job.row_number,
            job.sheet,
            job.urls,
            hashes.get((job.product_key, job.saleor_product_id), {}),
        )
        for job in plan_photos(rows, products, recorded)
    ]
    if not jobs:
        return report
    saleor = client if isinstance(client, SaleorClient) else client()
    ids = dict(
        OcopProduct.objects.filter(product_key__in=[j.product_key for j in jobs]).values_list(
            "product_key", "pk"
        )
    )
    saleor_down = threading.Event()
    for batch in chunked(jobs, BATCH):
        results = saleor.map_concurrent(lambda job: _carry_out(saleor, job, saleor_down), batch)
        _record(results, ids, report, run)
    return report


def _record(
    results: Sequence[tuple[PhotoJob, list[PhotoDone], list[str]]],
    ids: Mapping[str, int],
    report: PhotoReport,
    run: SyncRun | None,
) -> None:
    photos: list[ProductPhoto] = []
    issues: list[RowIssue] = []
    for job, done, failures in results:
        for photo in done:
            if photo.uploaded:
                report.uploaded += 1
            else:
                report.known += 1
            photos.append(
                ProductPhoto(
                    product_id=ids[job.product_key],
                    saleor_product_id=job.saleor_product_id,
                    source_url=photo.url[:2000],
                    sha256=photo.sha256,
                    saleor_media_id=photo.media_id,
                    run=run,
                )
            )
        for reason in failures:
            report.failures.append(f"row {job.row_number}: {reason}")
            logger.warning("photo not added, row %s: %s", job.row_number, reason)
            if run is not None:
                issues.append(
                    RowIssue(
                        run=run,
                        row_number=job.row_number,
                        sheet=job.sheet[:200],
                        column="image_urls",
                        kind=ISSUE_KIND,
                        reason=reason[:1000],
                    )
                )
    with transaction.atomic():
        ProductPhoto.objects.bulk_create(photos, ignore_conflicts=True)
        RowIssue.objects.bulk_create(issues)
