"""Builders and decoders for the traceability tests: registry rows, and QR codes read back from
the generated images with zbar (Debian's zbarimg), never trusted from the generator."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from catalog_sync.models import Certificate, OcopProduct, Producer
from catalog_sync.normalise import matching_key

ZBARIMG = shutil.which("zbarimg")
needs_zbar = pytest.mark.skipif(
    ZBARIMG is None, reason="zbarimg is not installed (apt-get install zbar-tools)"
)
TODAY = date(2026, 11, 23)


def a_producer(name: str = "HTX Nước mắm Khải Hoàn", province: str = "Kiên Giang") -> Producer:
    producer, _ = Producer.objects.get_or_create(
        province_key=matching_key(province),
        name_key=matching_key(name),
        defaults={
            "name": name,
            "kind": "cooperative",
            "province": province,
            "commune": "Dương Đông",
            "address_scheme": "post_2025",
        },
    )
    return producer


def a_product(
    code: str,
    *,
    producer: Producer | None = None,
    name: str = "",
    stars: int = 4,
    valid_until: date = date(2027, 11, 23),
    status: str = "active",
    group: str = "food",
    shown: bool = True,
    slug: str = "",
) -> OcopProduct:
    producer = producer or a_producer()
    product = OcopProduct.objects.create(
        product_key=code.lower(),
        code=code,
        name=name or f"Nước mắm Phú Quốc {code}",
        producer=producer,
        province=producer.province,
        province_key=producer.province_key,
        shown=shown,
        slug=slug,
    )
    Certificate.objects.create(
        product=product,
        stars=stars,
        group=group,
        decision_number="2751/QĐ-UBND",
        decided_on=date(2024, 11, 24),
        valid_until=valid_until,
        recognition_level="province",
        status=status,
        status_reason="vi phạm an toàn thực phẩm" if status == "revoked" else "",
        issuing_authority="UBND tỉnh Kiên Giang",
    )
    return product


def decode_png(path: Path) -> list[str]:
    """Every QR code zbar finds in the image, as text."""
    assert ZBARIMG is not None
    result = subprocess.run(  # noqa: S603
        [ZBARIMG, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    return [line for line in result.stdout.splitlines() if line]


def decode_pdf_pages(pdf: bytes, dpi: int = 150) -> list[list[str]]:
    """Render each page as a printer would (PDFium) and decode its QR codes."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    pages = []
    with tempfile.TemporaryDirectory() as folder:
        for number in range(len(document)):
            path = Path(folder) / f"page-{number}.png"
            document[number].render(scale=dpi / 72).to_pil().save(path)
            pages.append(decode_png(path))
    document.close()
    return pages


def pdf_page_sizes_mm(pdf: bytes) -> list[tuple[float, float]]:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    sizes = [
        (round(w / 72 * 25.4, 1), round(h / 72 * 25.4, 1))
        for w, h in (document[n].get_size() for n in range(len(document)))
    ]
    document.close()
    return sizes


def pdf_text(pdf: bytes) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    text = "\n".join(document[n].get_textpage().get_text_range() for n in range(len(document)))
    document.close()
    return text


SVG_QR = re.compile(
    r'<svg x="(?P<x>[\d.]+)" y="(?P<y>[\d.]+)" width="(?P<size>[\d.]+)" height="[\d.]+" '
    r'viewBox="0 0 (?P<modules>\d+) \d+"[^>]*><rect[^>]*/><path d="(?P<path>[^"]+)"'
)


def rasterise_svg_qr(svg: str, path: Path, pixels_per_module: int = 8) -> None:
    """Draw the label's QR code exactly as its SVG path says (M x,y h n v1 h-n z per dark run)."""
    match = SVG_QR.search(svg)
    assert match, "no QR code in the SVG"
    modules = int(match["modules"])
    image = Image.new("L", (modules * pixels_per_module,) * 2, 255)
    draw = ImageDraw.Draw(image)
    for x, y, n in re.findall(r"M(\d+),(\d+)h(\d+)v1h-\d+z", match["path"]):
        left, top = int(x) * pixels_per_module, int(y) * pixels_per_module
        right = left + int(n) * pixels_per_module - 1
        draw.rectangle((left, top, right, top + pixels_per_module - 1), fill=0)
    image.save(path)
