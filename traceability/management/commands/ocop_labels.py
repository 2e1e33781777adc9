"""python manage.py ocop_labels (--producer ID | --province NAME | --product CODE ...) [--format pdf|svg]
[--layout sheet|single] [--out PATH] [--language vi] [--as-of DATE]: print OCOP traceability labels.

Until the producers' portal and the province console offer them for download, this writes them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalog_sync.management.commands.ocop_sync import date_option
from catalog_sync.models import Producer
from traceability.fonts import LabelFontMissing
from traceability.labels import (
    LabelBatch,
    labels_for_codes,
    labels_for_producer,
    labels_for_province,
)
from traceability.render import LABELS_PER_SHEET, label_pdf, label_svg, sheet_pdf


class Command(BaseCommand):
    help = (
        "Write printable OCOP labels (QR code of /verify/<code>, stars, names, end date) for the "
        "products whose certificate is valid: an A4 sheet PDF, one PDF per label, or SVGs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--producer", type=int, help="the producer's id (see the admin)")
        which.add_argument("--province", help='a province, e.g. "Kiên Giang"')
        which.add_argument(
            "--product", action="append", metavar="CODE", help="a product code (repeatable)"
        )
        parser.add_argument("--format", choices=("pdf", "svg"), default="pdf")
        parser.add_argument(
            "--layout",
            choices=("sheet", "single"),
            default="sheet",
            help="pdf: an A4 sheet of 21 labels a page, or one file per label at its own size",
        )
        parser.add_argument(
            "--out",
            default="",
            help="the sheet's file (default ocop-labels.pdf), or the folder of one-label files "
            "(default ocop-labels/)",
        )
        parser.add_argument("--language", default="vi", help="the labels' language (default vi)")
        parser.add_argument("--as-of", default=None, help="judge validity on this day")

    def handle(self, *args: Any, **options: Any) -> None:
        language = options["language"]
        if language not in {code for code, _name in settings.KNOWN_LANGUAGES}:
            known = ", ".join(code for code, _name in settings.KNOWN_LANGUAGES)
            raise CommandError(f"unknown language {language!r}: one of {known}")
        today = date_option(options["as_of"]) if options["as_of"] else None
        batch = self._batch(options, today, language)
        for skipped in batch.skipped:
            name = f" {skipped.product_name}" if skipped.product_name else ""
            self.stdout.write(f"skipped {skipped.code}{name}: {skipped.reason}")
        if not batch.labels:
            raise CommandError("no label to print: no product with a valid certificate")
        try:
            written = self._write(batch, options)
        except LabelFontMissing as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(written))

    def _batch(self, options: dict[str, Any], today: Any, language: str) -> LabelBatch:
        if options["producer"] is not None:
            producer = Producer.objects.filter(pk=options["producer"]).first()
            if producer is None:
                raise CommandError(f"no producer has the id {options['producer']}")
            return labels_for_producer(producer, today=today, language=language)
        if options["province"]:
            batch = labels_for_province(options["province"], today=today, language=language)
            if not batch.labels and not batch.skipped:
                raise CommandError(f"no OCOP product in the province {options['province']!r}")
            return batch
        return labels_for_codes(options["product"], today=today, language=language)

    def _write(self, batch: LabelBatch, options: dict[str, Any]) -> str:
        labels = batch.labels
        if options["format"] == "pdf" and options["layout"] == "sheet":
            path = Path(options["out"] or "ocop-labels.pdf")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(sheet_pdf(labels))
            pages = -(-len(labels) // LABELS_PER_SHEET)
            return f"wrote {len(labels)} labels on {pages} A4 page(s) to {path}"
        folder = Path(options["out"] or "ocop-labels")
        folder.mkdir(parents=True, exist_ok=True)
        for label in labels:
            safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in label.code)
            if options["format"] == "svg":
                (folder / f"{safe}.svg").write_text(label_svg(label), encoding="utf-8")
            else:
                (folder / f"{safe}.pdf").write_bytes(label_pdf(label))
        return f"wrote {len(labels)} {options['format'].upper()} labels to {folder}/"
