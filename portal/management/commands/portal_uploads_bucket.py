"""python manage.py portal_uploads_bucket [--origin URL ...]: make the photo bucket ready.

Creates ``PORTAL_UPLOAD_BUCKET`` if it is missing, lets the shop's pages POST photos to it (CORS,
from ``SHOP_PUBLIC_URL`` and any ``--origin``) and expires uploads never read after a day.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal import uploads


class Command(BaseCommand):
    help = "Create the producers' photo bucket and its CORS rule (S3, minio or moto)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--origin", action="append", default=[], help="another page origin")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.PORTAL_UPLOAD_BUCKET:
            raise CommandError("PORTAL_UPLOAD_BUCKET is not set: there is no bucket to prepare")
        shop = urlsplit(str(settings.SHOP_PUBLIC_URL))
        origins = [f"{shop.scheme}://{shop.netloc}", *options["origin"]]
        uploads.prepare_bucket(origins)
        self.stdout.write(
            self.style.SUCCESS(
                f"bucket {settings.PORTAL_UPLOAD_BUCKET} ready; POST allowed from "
                + ", ".join(origins)
            )
        )
