"""A producer's photos: checked, cleaned and written to the Saleor product's media.

Every photo, whether the phone sent it to S3 (:mod:`portal.uploads`) or to the shop itself, passes
the same gate: at most ``PORTAL_PHOTO_MAX_BYTES``, a real JPEG, PNG or WebP image judged from its
content (catalog_sync.photos.checked_image: decoded whole, decompression bombs refused), then
turned upright, resized to ``PORTAL_PHOTO_MAX_SIDE`` pixels and saved anew without any of its
metadata (EXIF with the phone's location, XMP, comments). It is then uploaded with the gateway's
``add_product_image``. Reordering, deleting and alt text are Saleor's media mutations.

Each change is audited (who, when, the photos before and after, a failure too) and makes the
storefront's cache stale, like the portal's other edits (portal.services).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from catalog_sync.models import OcopProduct
from catalog_sync.photos import PhotoError, checked_image
from portal.services import record_edit
from saleor_api import gateway
from saleor_api.errors import SaleorError
from saleor_api.types import Listing, ListingPhoto, ProductImage

if TYPE_CHECKING:
    from saleor_api.client import SaleorClient

MAX_FILES = 10  # photos in one upload


class PhotoRefused(Exception):
    """Why a photo was not taken, in the user's language."""


def prepared_photo(data: bytes, filename: str, alt: str) -> ProductImage:
    """The photo as the shop keeps it: checked, upright, resized, without metadata."""
    name = PurePosixPath(filename or "photo").name[:80] or "photo"
    limit = int(settings.PORTAL_PHOTO_MAX_BYTES)
    if len(data) > limit:
        raise PhotoRefused(
            _("%(name)s is larger than %(size)s MB: send a smaller photo.")
            % {"name": name, "size": limit // (1024 * 1024)}
        )
    try:
        checked_image(name, data, alt)
    except PhotoError as error:
        if isinstance(error.__cause__, UnidentifiedImageError):
            raise PhotoRefused(
                _("%(name)s is not a photo: send a JPEG, PNG or WebP image.") % {"name": name}
            ) from error
        raise PhotoRefused(
            _("%(name)s could not be used: the image is damaged, too small or too large.")
            % {"name": name}
        ) from error
    side = int(settings.PORTAL_PHOTO_MAX_SIDE)
    with Image.open(io.BytesIO(data)) as original:
        icc = original.info.get("icc_profile")
        image = ImageOps.exif_transpose(original)  # upright, as the phone showed it
        image.thumbnail((side, side), Image.Resampling.LANCZOS)
        transparent = image.mode in ("RGBA", "LA") or (
            image.mode == "P" and "transparency" in image.info
        )
        clean = image.convert("RGBA" if transparent else "RGB")
    clean.info = {}  # nothing of the original's metadata is carried over
    out = io.BytesIO()
    extra: dict[str, Any] = {"icc_profile": icc} if icc else {}
    if transparent:
        clean.save(out, "PNG", optimize=True, **extra)
        content_type, extension = "image/png", ".png"
    else:
        clean.save(out, "JPEG", quality=85, optimize=True, progressive=True, **extra)
        content_type, extension = "image/jpeg", ".jpg"
    stem = PurePosixPath(name).stem[:60] or "photo"
    return ProductImage(out.getvalue(), stem + extension, content_type, alt[:250])


def default_alt(product: OcopProduct) -> str:
    """What a photo says to a screen reader until the producer writes better: its product."""
    return product.name[:250]


# --- Changes, audited --------------------------------------------------------------------------


def _records(photos: Sequence[ListingPhoto]) -> list[dict[str, str]]:
    return [photo.as_record() for photo in photos]


def _audit(
    user: Any,
    product: OcopProduct,
    what: str,
    before: list[dict[str, str]],
    after: list[dict[str, str]],
    error: SaleorError | None,
) -> None:
    record_edit(
        user,
        product,
        f"portal: photos: {what}" + (f"; failed: {error}" if error else ""),
        before={"photos": before},
        after={"photos": after},
        error=error,
        changed=before != after,
    )


def add_photos(
    client: SaleorClient,
    user: Any,
    product: OcopProduct,
    listing: Listing,
    images: Sequence[ProductImage],
) -> list[str]:
    """Append the photos to the product's media; their media ids. Audited once for the batch;
    on a Saleor error the photos added until then are audited with the failure, and it raised."""
    before = _records(listing.photos)
    after = list(before)
    added: list[str] = []
    error: SaleorError | None = None
    for image in images:
        try:
            media_id = gateway.add_product_image(client, listing.product_id, image)
        except SaleorError as exc:
            error = exc
            break
        added.append(media_id)
        after.append({"id": media_id, "alt": image.alt})
    _audit(user, product, f"{len(added)} added", before, after, error)
    if error is not None:
        raise error
    return added


def move_photo(
    client: SaleorClient,
    user: Any,
    product: OcopProduct,
    listing: Listing,
    media_id: str,
    step: int,
) -> bool:
    """Move the photo ``step`` places (-1: earlier, 1: later); False when it is already at
    that end. The first photo is the one shown on cards."""
    photos = list(listing.photos)
    index = next(i for i, p in enumerate(photos) if p.id == media_id)
    target = index + step
    if not 0 <= target < len(photos):
        return False
    photos.insert(target, photos.pop(index))
    error: SaleorError | None = None
    try:
        gateway.reorder_product_media(client, listing.product_id, [p.id for p in photos])
    except SaleorError as exc:
        error = exc
    after = _records(photos) if error is None else _records(listing.photos)
    _audit(
        user, product, f"{media_id} moved to {target + 1}", _records(listing.photos), after, error
    )
    if error is not None:
        raise error
    return True


def delete_photo(
    client: SaleorClient, user: Any, product: OcopProduct, listing: Listing, media_id: str
) -> None:
    error: SaleorError | None = None
    try:
        gateway.delete_product_media(client, media_id)
    except SaleorError as exc:
        error = exc
    before = _records(listing.photos)
    after = before if error else [r for r in before if r["id"] != media_id]
    _audit(user, product, f"{media_id} deleted", before, after, error)
    if error is not None:
        raise error


def set_photo_alt(
    client: SaleorClient,
    user: Any,
    product: OcopProduct,
    listing: Listing,
    media_id: str,
    alt: str,
) -> bool:
    """The photo's alt text (one, in Vietnamese: Saleor's media have no translations); False
    when it is unchanged."""
    alt = " ".join(alt.split())[:250]
    before = _records(listing.photos)
    if next(r for r in before if r["id"] == media_id)["alt"] == alt:
        return False
    error: SaleorError | None = None
    try:
        gateway.set_product_media_alt(client, media_id, alt)
    except SaleorError as exc:
        error = exc
    after = before if error else [({**r, "alt": alt} if r["id"] == media_id else r) for r in before]
    _audit(user, product, f"{media_id} alt text", before, after, error)
    if error is not None:
        raise error
    return True
