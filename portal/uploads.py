"""Photos sent by the phone straight to S3 (boto3, presigned POST), read back by the shop.

The browser asks the shop for a presigned POST (:func:`presign`): an object key of its own under
``portal/<product>/``, the photo's declared type, at most ``PORTAL_PHOTO_MAX_BYTES`` (S3 refuses
more), valid ``PORTAL_UPLOAD_URL_SECONDS``. With it comes a token, signed by the shop, naming the
key, the product and the user: the shop reads back only keys it handed out to that user for that
product (:func:`claim`), checks the photo as any other (portal.photos) and deletes the upload.

Settings: ``PORTAL_UPLOAD_BUCKET``, ``PORTAL_UPLOAD_REGION``, ``PORTAL_UPLOAD_ENDPOINT_URL``
(moto, minio; the browser must reach it too), credentials as boto3 finds them (``AWS_*``). The
bucket must let the shop's pages POST to it (CORS): ``manage.py portal_uploads_bucket`` sets it.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

from portal.photos import PhotoRefused

logger = logging.getLogger(__name__)

SALT = "portal.photo-upload"
PREFIX = "portal"


def enabled() -> bool:
    return settings.PORTAL_PHOTO_UPLOADS == "s3" and bool(settings.PORTAL_UPLOAD_BUCKET)


def upload_origin() -> str:
    """The origin the browser POSTs photos to, which the pages' Content-Security-Policy must let
    it reach (connect-src); "" when photos do not go to S3. Taken from a presigned POST itself,
    so it is the address boto3 hands out (virtual-hosted or path style, a region's or minio's)."""
    if not enabled():
        return ""
    try:
        return _upload_origin(
            settings.PORTAL_UPLOAD_BUCKET,
            settings.PORTAL_UPLOAD_REGION,
            settings.PORTAL_UPLOAD_ENDPOINT_URL,
        )
    except Exception:  # no credentials yet: pages still answer; the upload reports its failure
        logger.exception("no presigned POST for the photo bucket: its origin is not in the CSP")
        return ""


@lru_cache(maxsize=8)
def _upload_origin(bucket: str, _region: str, _endpoint: str) -> str:
    url = s3_client().generate_presigned_post(Bucket=bucket, Key=f"{PREFIX}/origin")["url"]
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def s3_client() -> Any:
    import boto3
    from botocore.config import Config

    endpoint = settings.PORTAL_UPLOAD_ENDPOINT_URL or None
    return boto3.client(
        "s3",
        region_name=settings.PORTAL_UPLOAD_REGION or None,
        endpoint_url=endpoint,
        aws_access_key_id=settings.AWS_ACCESS_KEY_ID or None,
        aws_secret_access_key=settings.AWS_SECRET_ACCESS_KEY or None,
        config=Config(
            signature_version="s3v4",
            s3={"addressing_style": "path" if endpoint else "auto"},
            connect_timeout=5,
            read_timeout=30,
            retries={"max_attempts": 2},
        ),
    )


@dataclass(frozen=True)
class Presigned:
    url: str
    fields: dict[str, str]
    token: str


def presign(product_id: int, user_id: int, content_type: str) -> Presigned:
    """Where and how the browser POSTs one photo for this product."""
    if not content_type.startswith("image/") or len(content_type) > 60:
        raise PhotoRefused(_("Only photos can be sent: JPEG, PNG or WebP images."))
    key = f"{PREFIX}/{product_id}/{uuid.uuid4().hex}"
    post = s3_client().generate_presigned_post(
        Bucket=settings.PORTAL_UPLOAD_BUCKET,
        Key=key,
        Fields={"Content-Type": content_type},
        Conditions=[
            {"Content-Type": content_type},
            ["content-length-range", 1, int(settings.PORTAL_PHOTO_MAX_BYTES)],
        ],
        ExpiresIn=int(settings.PORTAL_UPLOAD_URL_SECONDS),
    )
    token = signing.dumps({"key": key, "product": product_id, "user": user_id}, salt=SALT)
    return Presigned(post["url"], dict(post["fields"]), token)


def claim(token: str, product_id: int, user_id: int) -> str | None:
    """The object key the token names, if the shop gave it to this user for this product and
    it has not expired; None otherwise."""
    try:
        data = signing.loads(
            token, salt=SALT, max_age=int(settings.PORTAL_UPLOAD_URL_SECONDS) + 300
        )
    except signing.BadSignature:
        return None
    if data.get("product") != product_id or data.get("user") != user_id:
        return None
    key = str(data.get("key") or "")
    return key if key.startswith(f"{PREFIX}/{product_id}/") else None


def take(key: str) -> bytes:
    """The uploaded object's bytes (no more than the limit), then the object is deleted."""
    from botocore.exceptions import BotoCoreError, ClientError

    limit = int(settings.PORTAL_PHOTO_MAX_BYTES)
    client = s3_client()
    bucket = settings.PORTAL_UPLOAD_BUCKET
    try:
        response = client.get_object(Bucket=bucket, Key=key)
        if int(response.get("ContentLength") or 0) > limit:
            raise PhotoRefused(
                _("The photo is larger than %(size)s MB: send a smaller photo.")
                % {"size": limit // (1024 * 1024)}
            )
        data = response["Body"].read(limit + 1)
    except ClientError as error:
        raise PhotoRefused(_("The photo did not arrive. Send it again.")) from error
    except BotoCoreError as error:
        raise UploadStoreDown(str(error)) from error
    finally:
        # If this fails, the bucket's lifecycle rule removes what is left after a day.
        with contextlib.suppress(ClientError, BotoCoreError):
            client.delete_object(Bucket=bucket, Key=key)
    if len(data) > limit:
        raise PhotoRefused(
            _("The photo is larger than %(size)s MB: send a smaller photo.")
            % {"size": limit // (1024 * 1024)}
        )
    return data


class UploadStoreDown(Exception):
    """S3 did not answer."""


def prepare_bucket(origins: list[str]) -> None:
    """Create the bucket if missing, let these origins POST to it (CORS), and expire uploads
    the shop never read after a day."""
    from botocore.exceptions import ClientError

    client = s3_client()
    bucket = settings.PORTAL_UPLOAD_BUCKET
    try:
        client.head_bucket(Bucket=bucket)
    except ClientError:
        region = settings.PORTAL_UPLOAD_REGION
        extra = (
            {"CreateBucketConfiguration": {"LocationConstraint": region}}
            if region and region != "us-east-1"
            else {}
        )
        client.create_bucket(Bucket=bucket, **extra)
    client.put_bucket_cors(
        Bucket=bucket,
        CORSConfiguration={
            "CORSRules": [
                {
                    "AllowedMethods": ["POST"],
                    "AllowedOrigins": origins,
                    "AllowedHeaders": ["*"],
                    "MaxAgeSeconds": 3600,
                }
            ]
        },
    )
    client.put_bucket_lifecycle_configuration(
        Bucket=bucket,
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": "portal-uploads-expire",
                    "Filter": {"Prefix": f"{PREFIX}/"},
                    "Status": "Enabled",
                    "Expiration": {"Days": 1},
                }
            ]
        },
    )
