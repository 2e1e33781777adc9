"""The province console's work: keep an uploaded list, plan it (the catalogue sync's dry run),
and apply exactly that file later (the same sync, restricted to the province, in a Celery task).

There is one importer, :func:`catalog_sync.services.run_sync`; this module only feeds it files.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from datetime import date
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import Province
from catalog_sync import validity
from catalog_sync.domain import FeedDefaults
from catalog_sync.models import SyncRun
from catalog_sync.planner import Plan
from catalog_sync.reporting import plan_as_json
from catalog_sync.services import SyncFailed, run_sync
from console.models import ListUpload

logger = logging.getLogger(__name__)

FORMATS = {".xlsx": "xlsx", ".csv": "csv"}
_ZIP_MAGIC = b"PK\x03\x04"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
MAX_LISTED_ACTIONS = 500  # a plan's actions kept for the page (the counts are always whole)


class UploadRefused(Exception):
    """The file is not a list the console takes; the message is for the officer."""


def upload_storage() -> Storage:
    """Where uploaded lists are kept: the S3 bucket CONSOLE_UPLOAD_BUCKET (django-storages),
    else the folder CONSOLE_UPLOAD_ROOT."""
    if settings.CONSOLE_UPLOAD_BUCKET:
        from storages.backends.s3 import S3Storage

        return S3Storage(
            bucket_name=settings.CONSOLE_UPLOAD_BUCKET,
            endpoint_url=settings.AWS_ENDPOINT_URL or None,
            region_name=settings.AWS_DEFAULT_REGION or None,
            file_overwrite=False,
            default_acl="private",
        )
    return FileSystemStorage(location=settings.CONSOLE_UPLOAD_ROOT)


def list_source(storage: Storage, name: str) -> str:
    """The address the sync reads a kept list from: its path on disk, or s3://bucket/key."""
    bucket = getattr(storage, "bucket_name", "")
    if bucket:
        location = str(getattr(storage, "location", "") or "").strip("/")
        return f"s3://{bucket}/{location + '/' if location else ''}{name}"
    return storage.path(name)


def check_upload(upload: UploadedFile) -> tuple[str, bytes]:
    """The list's format and its bytes, or UploadRefused: too big, not .xlsx/.csv, or content
    that is not what its name says (an xlsx is a zip; a csv is text)."""
    limit = settings.CONSOLE_UPLOAD_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise UploadRefused(
            _("The file is larger than %(mb)s MB. Split the list, or remove pictures from it.")
            % {"mb": limit // (1024 * 1024)}
        )
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in FORMATS:
        raise UploadRefused(
            _("Only Excel workbooks (.xlsx) and CSV files (.csv) are taken. Save the list as one.")
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise UploadRefused(_("The file is larger than %(mb)s MB.") % {"mb": limit // 1048576})
    if not data.strip():
        raise UploadRefused(_("The file is empty."))
    fmt = FORMATS[suffix]
    is_zip = data.startswith(_ZIP_MAGIC)
    if fmt == "xlsx" and not is_zip:
        raise UploadRefused(
            _("This file is named .xlsx but is not an Excel workbook. Open it and save it again.")
        )
    if fmt == "csv" and (is_zip or (b"\x00" in data[:8192] and not data.startswith(_UTF16_BOMS))):
        raise UploadRefused(
            _("This file is named .csv but is not text. Save the list as CSV, or upload the .xlsx.")
        )
    return fmt, data


def plan_upload(
    user: Any,
    province: Province,
    upload: UploadedFile,
    *,
    decision_number: str = "",
    decided_on: date | None = None,
    issuing_authority: str = "",
) -> ListUpload:
    """Keep the file, plan it as a dry run restricted to the province (nothing written in the
    registry or Saleor), and record the plan to show. UploadRefused if it cannot be read."""
    fmt, data = check_upload(upload)
    storage = upload_storage()
    suffix = "." + fmt
    stored = storage.save(f"{province.slug}/{uuid.uuid4().hex}{suffix}", ContentFile(data))
    as_of = validity.ocop_today()
    defaults = _defaults(province, decision_number, decided_on, issuing_authority)
    try:
        result = run_sync(
            list_source(storage, stored),
            defaults=defaults,
            as_of=as_of,
            dry_run=True,
            fmt=fmt,
            only_province=province.name,
        )
    except SyncFailed as exc:
        storage.delete(stored)
        raise UploadRefused(_("The list could not be read: %(reason)s") % {"reason": exc}) from exc
    plan = json.loads(plan_as_json(result))
    plan["writes"] = len(result.plan.writes)
    plan["actions"] = plan["actions"][:MAX_LISTED_ACTIONS]
    return ListUpload.objects.create(
        province=province.name,
        province_key=province.key,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
        original_name=PurePath(upload.name or "list").name[:255],
        stored_name=stored,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        decision_number=decision_number,
        decided_on=decided_on,
        issuing_authority=issuing_authority,
        as_of=as_of,
        plan=plan,
    )


def _defaults(
    province: Province, decision_number: str, decided_on: date | None, issuing_authority: str
) -> FeedDefaults:
    return FeedDefaults(
        province=province.name,
        decision_number=decision_number.strip(),
        decided_on=decided_on,
        issuing_authority=issuing_authority.strip(),
    )


def request_apply(user: Any, upload: ListUpload) -> bool:
    """Queue the apply of a planned list (once: a second press queues nothing). The task starts
    when the transaction commits."""
    from console.tasks import apply_list_upload

    with transaction.atomic():
        queued = ListUpload.objects.filter(pk=upload.pk, status=ListUpload.Status.PLANNED).update(
            status=ListUpload.Status.QUEUED, applied_by=user, total=upload.plan.get("writes", 0)
        )
        if queued:
            transaction.on_commit(lambda: _enqueue(apply_list_upload, upload.pk))
    return bool(queued)


def _enqueue(task: Any, upload_id: int) -> None:
    try:
        task.delay(upload_id)
    except Exception as exc:  # the broker is down: say so on the page rather than wait forever
        logger.exception("console upload %s could not be queued", upload_id)
        ListUpload.objects.filter(pk=upload_id, status=ListUpload.Status.QUEUED).update(
            status=ListUpload.Status.FAILED,
            error=f"the task queue did not take the work: {exc}"[:5000],
            finished_at=timezone.now(),
        )


def apply_upload(upload_id: int) -> ListUpload | None:
    """Apply a queued list: the file as planned (its checksum is checked), through the same sync,
    restricted to its province, with progress recorded on the upload. Safe to call twice."""
    started = ListUpload.objects.filter(pk=upload_id, status=ListUpload.Status.QUEUED).update(
        status=ListUpload.Status.APPLYING
    )
    if not started:
        return None
    upload = ListUpload.objects.select_related("applied_by").get(pk=upload_id)
    storage = upload_storage()
    try:
        with storage.open(upload.stored_name, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        digest = ""
    if digest != upload.sha256:
        return _failed(upload, "the uploaded file is gone or changed since it was planned")
    source = list_source(storage, upload.stored_name)

    def on_plan(plan: Plan):
        ListUpload.objects.filter(pk=upload.pk).update(total=len(plan.writes), processed=0)

        def advance(done: int) -> None:
            ListUpload.objects.filter(pk=upload.pk).update(processed=F("processed") + done)

        return advance

    actor = upload.applied_by.email if upload.applied_by else "province console"
    try:
        result = run_sync(
            source,
            defaults=_defaults(
                Province(upload.province, upload.province_key),
                upload.decision_number,
                upload.decided_on,
                upload.issuing_authority,
            ),
            as_of=validity.ocop_today(),
            fmt=PurePath(upload.stored_name).suffix.lstrip("."),
            only_province=upload.province,
            actor=actor[:200],
            on_plan=on_plan,
        )
    except Exception as exc:  # the run is recorded failed by run_sync; the page says so
        logger.exception("console upload %s failed", upload.pk)
        run = SyncRun.objects.filter(source=source[:1000]).order_by("-pk").first()
        return _failed(upload, str(exc) if isinstance(exc, SyncFailed) else repr(exc), run)
    upload.refresh_from_db(fields=["total"])
    ListUpload.objects.filter(pk=upload.pk).update(
        status=ListUpload.Status.DONE,
        run=result.run,
        processed=upload.total,
        finished_at=timezone.now(),
    )
    upload.refresh_from_db()
    return upload


def _failed(upload: ListUpload, error: str, run: SyncRun | None = None) -> ListUpload:
    ListUpload.objects.filter(pk=upload.pk).update(
        status=ListUpload.Status.FAILED, error=error[:5000], run=run, finished_at=timezone.now()
    )
    upload.refresh_from_db()
    return upload
