"""Labels drawn once (in millimetres, origin top left) and written as SVG or as a print-ready PDF.

The QR code: error correction H (30 % of the code may be hidden or smudged and it still reads), a
quiet zone of 4 modules, and the code itself at least ``QR_CODE_MM`` wide so that a phone reads
it at arm's length. The sheet is A4 with 21 labels of 63.5 × 38.1 mm (3 × 7, the usual A4 label
sheet, e.g. Avery L7160); a single label is a PDF page of the label's size.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from traceability.fonts import SVG_FAMILY, LabelFonts, label_fonts
from traceability.labels import Label

LABEL_W, LABEL_H = 63.5, 38.1
QR_CODE_MM = 26.0  # the code without its quiet zone
QUIET_ZONE = 4  # modules
QR_LEFT = 0.6
TEXT_RIGHT_MARGIN = 2.0
PT = 0.3528  # one typographic point in millimetres
ASCENT, DESCENT = 0.95, 0.25  # of a line of Noto/DejaVu Sans, in em (diacritics included)

# The A4 sheet: columns, rows, margins and pitch (Avery L7160 and its many equivalents).
SHEET_COLUMNS, SHEET_ROWS = 3, 7
SHEET_LEFT, SHEET_TOP = 7.21, 15.15
SHEET_PITCH_X, SHEET_PITCH_Y = 66.04, 38.1
LABELS_PER_SHEET = SHEET_COLUMNS * SHEET_ROWS

INK = "#1a1a1a"
MARK_RED = "#c8102e"
STAR_GOLD = "#f2b705"
GUIDE = "#d0d0d0"


# --- The drawing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str
    radius: float = 0.0
    stroke: str = ""


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: float  # em size in mm
    bold: bool = False
    fill: str = INK


@dataclass(frozen=True)
class Polygon:
    points: tuple[tuple[float, float], ...]
    fill: str


@dataclass(frozen=True)
class QrCode:
    x: float
    y: float
    module: float  # mm
    modules: int  # across, quiet zone included
    rows: tuple[tuple[int, int, int], ...]  # (row, first column, length) of each dark run

    @property
    def size(self) -> float:
        """Width of the code with its quiet zone, in mm."""
        return self.module * self.modules


Shape = Box | Text | Polygon | QrCode


def qr_code(url: str, x: float, y: float) -> QrCode:
    qr = segno.make_qr(url, error="h", boost_error=False)
    symbol = int(qr.symbol_size(scale=1, border=0)[0])
    module = QR_CODE_MM / symbol
    runs: list[tuple[int, int, int]] = []
    for r, row in enumerate(qr.matrix_iter(scale=1, border=QUIET_ZONE, verbose=False)):
        start = None
        cells = list(row)
        for c, dark in enumerate([*cells, False]):
            if dark and start is None:
                start = c
            elif not dark and start is not None:
                runs.append((r, start, c - start))
                start = None
    return QrCode(x, y, module, symbol + 2 * QUIET_ZONE, tuple(runs))


def star(cx: float, cy: float, outer: float) -> Polygon:
    inner = outer * 0.4
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return Polygon(tuple(points), STAR_GOLD)


def wrap(
    fonts: LabelFonts, text: str, size: float, width: float, max_lines: int, *, bold: bool = False
) -> list[str]:
    """Lines of ``text`` no wider than ``width``; the last ends with "…" if some did not fit."""
    if max_lines <= 0:
        return []
    lines: list[str] = []
    words = text.split()
    current = ""
    while words:
        word = words.pop(0)
        candidate = f"{current} {word}".strip()
        if fonts.width_mm(candidate, size, bold=bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
            words.insert(0, word)
        else:  # one word wider than the line: cut it
            cut = len(word)
            while cut > 1 and fonts.width_mm(word[:cut], size, bold=bold) > width:
                cut -= 1
            lines.append(word[:cut])
            if word[cut:]:
                words.insert(0, word[cut:])
        if len(lines) == max_lines:
            break
    if current and len(lines) < max_lines:
        lines.append(current)
        current = ""
    if words or current:
        last = lines[-1]
        while last and fonts.width_mm(last + "…", size, bold=bold) > width:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
    return lines


def draw_label(label: Label, fonts: LabelFonts) -> list[Shape]:
    """One label's shapes, relative to its top-left corner."""
    shapes: list[Shape] = [Box(0, 0, LABEL_W, LABEL_H, "#ffffff", radius=2.0, stroke=GUIDE)]
    code = qr_code(label.url, QR_LEFT, 0)
    code = QrCode(code.x, (LABEL_H - code.size) / 2, code.module, code.modules, code.rows)
    shapes.append(code)

    left = code.x + code.size - code.module * 2  # text may sit on half the quiet zone
    width = LABEL_W - left - TEXT_RIGHT_MARGIN
    y = 3.2
    # The OCOP mark: a red plate with "OCOP" and one gold star per star.
    mark_h = 5.2
    mark_text = 8.5 * PT
    ocop_w = fonts.width_mm("OCOP", mark_text, bold=True)
    star_r = 1.35
    mark_w = 1.2 + ocop_w + 0.9 + label.stars * (star_r * 2 + 0.25) + 0.8
    shapes.append(Box(left, y, mark_w, mark_h, MARK_RED, radius=1.0))
    shapes.append(Text(left + 1.2, y + mark_h - 1.45, "OCOP", mark_text, bold=True, fill="#ffffff"))
    star_x = left + 1.2 + ocop_w + 0.9 + star_r
    for i in range(label.stars):
        shapes.append(star(star_x + i * (star_r * 2 + 0.25), y + mark_h / 2 + 0.15, star_r))
    y += mark_h + 3.4

    # The bottom lines first (end date, "scan to check", the code), then the names above them in
    # what room is left: a long name loses lines (ending in "…"), never overlaps.
    small, tiny, name_size = 6.2 * PT, 5.4 * PT, 7.6 * PT
    baseline = LABEL_H - 2.4
    bottom_lines: list[Text] = []
    for line in reversed([*wrap(fonts, label.scan_text, tiny, width, 1), label.code]):
        bottom_lines.append(Text(left, baseline, line, tiny, fill="#444444"))
        baseline -= tiny * 1.2
    baseline -= 0.3
    for line in reversed(wrap(fonts, label.valid_until_text, small, width, 2, bold=True)):
        bottom_lines.append(Text(left, baseline, line, small, bold=True))
        baseline -= small * 1.2
    ceiling = bottom_lines[-1].y - small * ASCENT - 0.6

    def room(top: float, size: float, leading: float) -> int:
        return max(0, int((ceiling - top - size * DESCENT) // (size * leading)) + 1)

    for line in wrap(
        fonts, label.product_name, name_size, width, min(3, room(y, name_size, 1.18)), bold=True
    ):
        shapes.append(Text(left, y, line, name_size, bold=True))
        y += name_size * 1.18
    y += 0.5
    producer_lines = min(2, room(y, small, 1.2))
    if producer_lines:
        for line in wrap(fonts, label.producer_name, small, width, producer_lines):
            shapes.append(Text(left, y, line, small))
            y += small * 1.2
    shapes.extend(bottom_lines)
    return shapes


# --- SVG ------------------------------------------------------------------------------------------


def _svg_shapes(shapes: Iterable[Shape]) -> Iterator[str]:
    for shape in shapes:
        if isinstance(shape, Box):
            stroke = f' stroke="{shape.stroke}" stroke-width="0.2"' if shape.stroke else ""
            yield (
                f'<rect x="{shape.x:.2f}" y="{shape.y:.2f}" width="{shape.w:.2f}" '
                f'height="{shape.h:.2f}" rx="{shape.radius:.2f}" fill="{shape.fill}"{stroke}/>'
            )
        elif isinstance(shape, Text):
            weight = ' font-weight="bold"' if shape.bold else ""
            yield (
                f'<text x="{shape.x:.2f}" y="{shape.y:.2f}" font-size="{shape.size:.2f}"'
                f'{weight} fill="{shape.fill}">{escape(shape.text)}</text>'
            )
        elif isinstance(shape, Polygon):
            points = " ".join(f"{x:.2f},{y:.2f}" for x, y in shape.points)
            yield f'<polygon points="{points}" fill="{shape.fill}"/>'
        else:
            path = "".join(f"M{c},{r}h{n}v1h-{n}z" for r, c, n in shape.rows)
            modules = shape.modules
            yield (
                f'<svg x="{shape.x:.3f}" y="{shape.y:.3f}" width="{shape.size:.3f}" '
                f'height="{shape.size:.3f}" viewBox="0 0 {modules} {modules}" '
                f'shape-rendering="crispEdges"><rect width="{modules}" height="{modules}" '
                f'fill="#fff"/><path d="{path}" fill="#000"/></svg>'
            )


def label_svg(label: Label) -> str:
    """One label as a standalone SVG document, drawn at its printed size."""
    fonts = label_fonts()
    body = "\n".join(_svg_shapes(draw_label(label, fonts)))
    title = escape(f"OCOP {label.stars}★ — {label.product_name} — {label.url}")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{LABEL_W}mm" height="{LABEL_H}mm" '
        f'viewBox="0 0 {LABEL_W} {LABEL_H}" font-family="{SVG_FAMILY}">\n'
        f"<title>{title}</title>\n{body}\n</svg>\n"
    )


# --- PDF ------------------------------------------------------------------------------------------


def _pdf_shapes(canvas: Canvas, shapes: Iterable[Shape], fonts: LabelFonts, top: float) -> None:
    """Draw ``shapes`` whose origin is the label's top-left corner at ``top`` mm from the page's
    bottom (PDF's y axis points up)."""

    def y_of(y: float) -> float:
        return (top - y) * mm

    for shape in shapes:
        if isinstance(shape, Box):
            canvas.setFillColor(shape.fill)
            if shape.stroke:
                canvas.setStrokeColor(shape.stroke)
                canvas.setLineWidth(0.2 * mm)
            canvas.roundRect(
                shape.x * mm,
                y_of(shape.y + shape.h),
                shape.w * mm,
                shape.h * mm,
                shape.radius * mm,
                stroke=1 if shape.stroke else 0,
                fill=1,
            )
        elif isinstance(shape, Text):
            canvas.setFillColor(shape.fill)
            canvas.setFont(fonts.bold if shape.bold else fonts.regular, shape.size * mm)
            canvas.drawString(shape.x * mm, y_of(shape.y), shape.text)
        elif isinstance(shape, Polygon):
            canvas.setFillColor(shape.fill)
            path = canvas.beginPath()
            first, *rest = shape.points
            path.moveTo(first[0] * mm, y_of(first[1]))
            for x, y in rest:
                path.lineTo(x * mm, y_of(y))
            path.close()
            canvas.drawPath(path, stroke=0, fill=1)
        else:
            canvas.setFillColor("#ffffff")
            canvas.rect(
                shape.x * mm, y_of(shape.y + shape.size), shape.size * mm, shape.size * mm, 0, 1
            )
            canvas.setFillColor("#000000")
            m = shape.module
            for r, c, n in shape.rows:
                # a hair wider than the module, so that no white seam shows between runs
                canvas.rect(
                    (shape.x + c * m) * mm,
                    y_of(shape.y + (r + 1) * m) - 0.01,
                    n * m * mm,
                    m * mm + 0.02,
                    stroke=0,
                    fill=1,
                )


def _translated(shapes: Sequence[Shape], dx: float, dy: float) -> list[Shape]:
    moved: list[Shape] = []
    for shape in shapes:
        if isinstance(shape, Box):
            moved.append(
                Box(
                    shape.x + dx,
                    shape.y + dy,
                    shape.w,
                    shape.h,
                    shape.fill,
                    shape.radius,
                    shape.stroke,
                )
            )
        elif isinstance(shape, Text):
            moved.append(
                Text(shape.x + dx, shape.y + dy, shape.text, shape.size, shape.bold, shape.fill)
            )
        elif isinstance(shape, Polygon):
            moved.append(Polygon(tuple((x + dx, y + dy) for x, y in shape.points), shape.fill))
        else:
            moved.append(
                QrCode(shape.x + dx, shape.y + dy, shape.module, shape.modules, shape.rows)
            )
    return moved


def _canvas(buffer: io.BytesIO, size: tuple[float, float], title: str) -> Canvas:
    canvas = Canvas(buffer, pagesize=size, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("OCOP shop")
    canvas.setCreator("OCOP shop — traceability labels")
    return canvas


def label_pdf(label: Label) -> bytes:
    """One label on a page of its own size (for a label printer or a single sticker)."""
    fonts = label_fonts()
    buffer = io.BytesIO()
    canvas = _canvas(buffer, (LABEL_W * mm, LABEL_H * mm), f"OCOP label {label.code}")
    _pdf_shapes(canvas, draw_label(label, fonts), fonts, LABEL_H)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def sheet_pdf(labels: Sequence[Label], title: str = "OCOP labels") -> bytes:
    """The labels on A4 sheets, 21 a page, left to right then top to bottom."""
    fonts = label_fonts()
    buffer = io.BytesIO()
    page_w, page_h = A4
    canvas = _canvas(buffer, (page_w, page_h), title)
    page_height_mm = page_h / mm
    for index, label in enumerate(labels):
        slot = index % LABELS_PER_SHEET
        if index and slot == 0:
            canvas.showPage()
        column, row = slot % SHEET_COLUMNS, slot // SHEET_COLUMNS
        dx = SHEET_LEFT + column * SHEET_PITCH_X
        dy = SHEET_TOP + row * SHEET_PITCH_Y
        _pdf_shapes(canvas, _translated(draw_label(label, fonts), dx, dy), fonts, page_height_mm)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
