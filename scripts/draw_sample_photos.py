"""Draw the sample list's product photos: still lifes made with Pillow, so they are ours to ship.

    .venv/bin/python scripts/draw_sample_photos.py  # writes catalog_sync/sample/photos/*.jpg

Each photo is a product on a table (bottles, jars, pouches, fruit, crafts) or a landscape for the
tours, drawn from shapes, gradients and soft shadows at twice the size and scaled down. The output
is committed; run this again only to change the drawings. Labels use Noto Serif/Sans or DejaVu
(whichever the machine has), which draw Vietnamese.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

OUT = Path(__file__).resolve().parents[1] / "catalog_sync" / "sample" / "photos"
W, H = 1200, 900
S = 2  # drawn at twice the size, then scaled down (smooth edges)
RGB = tuple[int, int, int]
FRAME = (100, 150, 1100, 900)  # the part of the drawing the photo shows (closer on the product)
# Still lifes lying low on the table are framed closer still, so that a square crop of the photo (a
# shop's card) shows the product rather than the wall behind it.
CLOSE_FRAME = (180, 270, 1020, 900)
CLOSE_UPS = {
    "kho-ca-loc", "muc-mot-nang", "thit-trau", "cam-sanh", "buoi-da-xanh", "banh-tam-giac-mach",
    "banh-trang", "keo-dua-sau-rieng", "keo-dua-la-dua", "mat-ong-u-minh", "mat-ong-bac-ha",
    "tieu-den", "tieu-do", "che-shan-tuyet", "tra-hoa-vang", "thach-dua", "gio-xo-dua",
    "khan-tho-cam", "ngoc-trai", "mien-dong", "dau-dua",
}  # fmt: skip
FONT_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/truetype/dejavu")


def font(size: int, *, bold: bool = False, serif: bool = True) -> ImageFont.FreeTypeFont:
    names = (
        ("NotoSerif-Bold.ttf", "DejaVuSerif-Bold.ttf")
        if serif and bold
        else ("NotoSerif-Regular.ttf", "DejaVuSerif.ttf")
        if serif
        else ("NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf")
        if bold
        else ("NotoSans-Regular.ttf", "DejaVuSans.ttf")
    )
    for folder in FONT_DIRS:
        for name in names:
            path = Path(folder) / name
            if path.exists():
                return ImageFont.truetype(str(path), size * S)
    raise SystemExit("no font with Vietnamese letters found (install fonts-noto or fonts-dejavu)")


# ---------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------


def seeded(seed: int) -> random.Random:
    """The same drawing every run."""
    return random.Random(seed)  # noqa: S311 - drawings, not cryptography


def px(*values: float) -> tuple[int, ...]:
    return tuple(round(v * S) for v in values)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def scale(c: RGB, f: float) -> RGB:
    return tuple(max(0, min(255, round(v * f))) for v in c)  # type: ignore[return-value]


def vertical(size: tuple[int, int], top: RGB, bottom: RGB) -> Image.Image:
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def cylinder(
    size: tuple[int, int], base: RGB, light: float = 1.22, dark: float = 0.55
) -> Image.Image:
    """A fill lit from the upper left: brightest a third of the way across, dark at the edges."""
    width = max(2, size[0])
    row = Image.new("RGB", (width, 1))
    values = []
    for x in range(width):
        t = x / (width - 1)
        f = dark + (light - dark) * math.cos(min(1.0, abs(t - 0.33) / 0.72) * math.pi / 2) ** 0.9
        values.append(scale(base, f))
    row.putdata(values)
    return row.resize(size)


def mask_of(size: tuple[int, int], draw: Callable[[ImageDraw.ImageDraw], None]) -> Image.Image:
    mask = Image.new("L", size, 0)
    draw(ImageDraw.Draw(mask))
    return mask


def fill(img: Image.Image, mask: Image.Image, paint: Image.Image | RGB, opacity: float = 1) -> None:
    if not isinstance(paint, Image.Image):
        paint = Image.new("RGB", img.size, paint)
    if opacity < 1:
        mask = mask.point(lambda v: round(v * opacity))
    img.paste(paint, (0, 0), mask)


def shape_fill(
    img: Image.Image,
    box: tuple[float, float, float, float],
    mask_draw: Callable[[ImageDraw.ImageDraw, tuple[int, int, int, int]], None],
    base: RGB,
    *,
    light: float = 1.22,
    dark: float = 0.55,
    opacity: float = 1,
) -> Image.Image:
    """Fill a shape drawn in ``box`` with cylinder shading; returns its mask (full size)."""
    x0, y0, x1, y1 = px(*box)
    mask = mask_of(img.size, lambda d: mask_draw(d, (x0, y0, x1, y1)))
    paint = Image.new("RGB", img.size)
    paint.paste(cylinder((x1 - x0, y1 - y0), base, light, dark), (x0, y0))
    fill(img, mask, paint, opacity)
    return mask


def soft_shadow(
    img: Image.Image,
    box: tuple[float, float, float, float],
    strength: float = 0.45,
    blur: float = 18,
) -> None:
    mask = mask_of(img.size, lambda d: d.ellipse(px(*box), fill=round(255 * strength)))
    mask = mask.filter(ImageFilter.GaussianBlur(blur * S))
    fill(img, mask, (40, 28, 18))


def glow(
    img: Image.Image,
    box: tuple[float, float, float, float],
    colour: RGB = (255, 255, 255),
    strength: float = 0.5,
    blur: float = 6,
) -> None:
    mask = mask_of(
        img.size,
        lambda d: d.rounded_rectangle(px(*box), radius=px(8)[0], fill=round(255 * strength)),
    )
    fill(img, mask.filter(ImageFilter.GaussianBlur(blur * S)), colour)


def text_center(
    draw: ImageDraw.ImageDraw,
    cx: float,
    y: float,
    text: str,
    size: int,
    colour: RGB,
    *,
    bold: bool = False,
    serif: bool = True,
    width: float | None = None,
) -> None:
    f = font(size, bold=bold, serif=serif)
    while width is not None and size > 8 and f.getlength(text) > width * S:
        size -= 1
        f = font(size, bold=bold, serif=serif)
    draw.text((cx * S, y * S), text, font=f, fill=colour, anchor="mm")


def label(
    img: Image.Image,
    box: tuple[float, float, float, float],
    lines: list[tuple[str, int, bool]],
    paper: RGB,
    ink: RGB,
    accent: RGB | None = None,
    radius: float = 10,
) -> None:
    """A paper label with centred lines (text, size, bold), shaded like the object it is on."""
    x0, y0, x1, y1 = box
    shape_fill(
        img,
        box,
        lambda d, b: d.rounded_rectangle(b, radius=round(radius * S), fill=255),
        paper,
        light=1.05,
        dark=0.72,
    )
    draw = ImageDraw.Draw(img)
    if accent:
        draw.rounded_rectangle(
            px(x0 + 8, y0 + 8, x1 - 8, y1 - 8),
            radius=round(radius * S * 0.7),
            outline=accent,
            width=S * 2,
        )
    total = sum(size * 1.35 for _, size, _ in lines)
    y = (y0 + y1) / 2 - total / 2
    for text, size, bold in lines:
        text_center(
            draw, (x0 + x1) / 2, y + size * 0.67, text, size, ink, bold=bold, width=x1 - x0 - 28
        )
        y += size * 1.35


def scene(
    wall_top: RGB, wall_bottom: RGB, table_top: RGB, table_bottom: RGB, horizon: float = 0.62
) -> Image.Image:
    img = Image.new("RGB", (W * S, H * S))
    split = round(H * S * horizon)
    img.paste(vertical((W * S, split), wall_top, wall_bottom), (0, 0))
    img.paste(vertical((W * S, H * S - split), table_top, table_bottom), (0, split))
    # a window's light from the upper left, and a soft edge where wall meets table
    light = mask_of(img.size, lambda d: d.ellipse(px(-300, -400, 700, 500), fill=70))
    fill(img, light.filter(ImageFilter.GaussianBlur(160 * S)), (255, 250, 235))
    edge = mask_of(
        img.size, lambda d: d.rectangle((0, split - 3 * S, W * S, split + 6 * S), fill=60)
    )
    fill(img, edge.filter(ImageFilter.GaussianBlur(4 * S)), scale(table_top, 0.6))
    return img


def wood_grain(img: Image.Image, horizon: float, colour: RGB, seed: int) -> None:
    rnd = seeded(seed)
    draw = ImageDraw.Draw(img, "RGBA")
    top = H * horizon
    for _ in range(38):
        y = rnd.uniform(top + 6, H)
        points = [
            (x, y + 3 * math.sin(x / rnd.uniform(60, 140) + rnd.random() * 6))
            for x in range(0, W + 20, 20)
        ]
        draw.line(
            [px(*p) for p in points],
            fill=(*colour, rnd.randint(18, 40)),
            width=rnd.randint(1, 3) * S,
        )


def vignette(img: Image.Image) -> Image.Image:
    mask = mask_of(img.size, lambda d: d.rectangle((0, 0, *img.size), fill=90))
    inner = mask_of(img.size, lambda d: d.ellipse(px(-120, -160, W + 120, H + 120), fill=255))
    mask = ImageChops.subtract(mask, inner).filter(ImageFilter.GaussianBlur(90 * S))
    fill(img, mask, (20, 14, 10))
    return img


def leaf(img: Image.Image, cx: float, cy: float, length: float, angle: float, colour: RGB) -> None:
    """A leaf: an ellipse rotated, shaded, with a midrib."""
    size = (round(length * S), round(length * 0.42 * S))
    layer = Image.new("L", size, 0)
    ImageDraw.Draw(layer).ellipse((0, 0, size[0] - 1, size[1] - 1), fill=255)
    paint = cylinder(size, colour, 1.2, 0.7).rotate(90, expand=True).resize(size)
    rotated_mask = layer.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
    rotated_paint = paint.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
    x, y = round(cx * S - rotated_mask.width / 2), round(cy * S - rotated_mask.height / 2)
    img.paste(rotated_paint, (x, y), rotated_mask)
    draw = ImageDraw.Draw(img)
    dx, dy = (
        math.cos(math.radians(angle)) * length * 0.45,
        -math.sin(math.radians(angle)) * length * 0.45,
    )
    draw.line(px(cx - dx, cy - dy, cx + dx, cy + dy), fill=scale(colour, 0.7), width=S * 2)


def sphere(
    img: Image.Image, cx: float, cy: float, r: float, colour: RGB, shine: float = 0.55
) -> None:
    shape_fill(
        img,
        (cx - r, cy - r, cx + r, cy + r),
        lambda d, b: d.ellipse(b, fill=255),
        colour,
        light=1.15,
        dark=0.55,
    )
    glow(
        img,
        (cx - r * 0.55, cy - r * 0.6, cx - r * 0.1, cy - r * 0.2),
        strength=shine,
        blur=max(1.5, r / 6),
    )


# ---------------------------------------------------------------------------------------------
# Objects
# ---------------------------------------------------------------------------------------------


def bottle(
    img: Image.Image,
    cx: float,
    base: float,
    w: float,
    h: float,
    glass: RGB,
    cap: RGB,
    lines: list[tuple[str, int, bool]],
    paper: RGB,
    ink: RGB,
    *,
    neck: float = 0.22,
    accent: RGB | None = None,
) -> None:
    soft_shadow(img, (cx - w * 0.75, base - 22, cx + w * 0.95, base + 22))
    body_top = base - h * 0.62
    nw = w * neck * 1.5
    shoulder_top = base - h * 0.8

    def shoulder(d: ImageDraw.ImageDraw, b: tuple[int, int, int, int]) -> None:
        x0, y0, x1, y1 = b
        d.polygon(
            [
                (x0, y1),
                (x1, y1),
                ((x0 + x1) / 2 + nw * S / 2, y0),
                ((x0 + x1) / 2 - nw * S / 2, y0),
            ],
            fill=255,
        )

    shape_fill(img, (cx - w / 2, shoulder_top, cx + w / 2, body_top + 30), shoulder, glass)
    shape_fill(
        img,
        (cx - w / 2, body_top, cx + w / 2, base),
        lambda d, b: d.rounded_rectangle(
            b, radius=round(w * 0.16 * S), fill=255, corners=(False, False, True, True)
        ),
        glass,
    )
    shape_fill(
        img,
        (cx - nw / 2, base - h * 0.97, cx + nw / 2, shoulder_top + 4),
        lambda d, b: d.rectangle(b, fill=255),
        glass,
    )
    shape_fill(
        img,
        (cx - nw / 2 - 5, base - h, cx + nw / 2 + 5, base - h * 0.9),
        lambda d, b: d.rounded_rectangle(b, radius=S * 4, fill=255),
        cap,
    )
    label(
        img,
        (cx - w / 2 + 10, base - h * 0.5, cx + w / 2 - 10, base - h * 0.12),
        lines,
        paper,
        ink,
        accent,
    )
    glow(img, (cx - w * 0.33, body_top + 20, cx - w * 0.24, base - 30), strength=0.45, blur=5)
    glow(img, (cx - nw * 0.35, shoulder_top - 10, cx - nw * 0.1, body_top), strength=0.3, blur=3)


def jar(
    img: Image.Image,
    cx: float,
    base: float,
    w: float,
    h: float,
    content: RGB,
    lid: RGB,
    lines: list[tuple[str, int, bool]],
    paper: RGB,
    ink: RGB,
    accent: RGB | None = None,
) -> None:
    soft_shadow(img, (cx - w * 0.7, base - 20, cx + w * 0.9, base + 24))
    shape_fill(
        img,
        (cx - w / 2, base - h * 0.86, cx + w / 2, base),
        lambda d, b: d.rounded_rectangle(b, radius=round(w * 0.14 * S), fill=255),
        content,
        light=1.3,
        dark=0.5,
    )
    shape_fill(
        img,
        (cx - w * 0.47, base - h, cx + w * 0.47, base - h * 0.83),
        lambda d, b: d.rounded_rectangle(b, radius=S * 8, fill=255),
        lid,
    )
    draw = ImageDraw.Draw(img, "RGBA")
    for i in range(1, 6):
        y = base - h + h * 0.17 * i / 6
        draw.line(px(cx - w * 0.46, y, cx + w * 0.46, y), fill=(0, 0, 0, 30), width=S)
    label(
        img,
        (cx - w / 2 + 12, base - h * 0.62, cx + w / 2 - 12, base - h * 0.18),
        lines,
        paper,
        ink,
        accent,
    )
    glow(img, (cx - w * 0.38, base - h * 0.8, cx - w * 0.28, base - h * 0.1), strength=0.5, blur=6)


def pouch(
    img: Image.Image,
    cx: float,
    base: float,
    w: float,
    h: float,
    colour: RGB,
    lines: list[tuple[str, int, bool]],
    paper: RGB,
    ink: RGB,
    accent: RGB | None = None,
    window: RGB | None = None,
) -> None:
    soft_shadow(img, (cx - w * 0.7, base - 18, cx + w * 0.9, base + 22))

    def body(d: ImageDraw.ImageDraw, b: tuple[int, int, int, int]) -> None:
        x0, y0, x1, y1 = b
        inset = (x1 - x0) * 0.04
        d.polygon([(x0 + inset, y0), (x1 - inset, y0), (x1, y1), (x0, y1)], fill=255)

    shape_fill(img, (cx - w / 2, base - h, cx + w / 2, base), body, colour, light=1.18, dark=0.62)
    draw = ImageDraw.Draw(img, "RGBA")
    draw.rectangle(
        px(cx - w / 2 + w * 0.04, base - h, cx + w / 2 - w * 0.04, base - h + 26),
        fill=(*scale(colour, 0.82), 255),
    )
    for x in range(int(cx - w / 2 + w * 0.05), int(cx + w / 2 - w * 0.05), 8):
        draw.line(px(x, base - h + 4, x, base - h + 22), fill=(0, 0, 0, 40), width=S)
    if window:
        shape_fill(
            img,
            (cx - w * 0.3, base - h * 0.45, cx + w * 0.3, base - h * 0.12),
            lambda d, b: d.rounded_rectangle(b, radius=S * 14, fill=255),
            window,
            light=1.1,
            dark=0.7,
        )
    label(
        img,
        (
            cx - w / 2 + 22,
            base - h * 0.8,
            cx + w / 2 - 22,
            base - h * 0.5 if window else base - h * 0.25,
        ),
        lines,
        paper,
        ink,
        accent,
        radius=6,
    )


def box(
    img: Image.Image,
    cx: float,
    base: float,
    w: float,
    h: float,
    depth: float,
    colour: RGB,
    lines: list[tuple[str, int, bool]],
    paper: RGB,
    ink: RGB,
    accent: RGB | None = None,
) -> None:
    soft_shadow(img, (cx - w * 0.62, base - 16, cx + w * 0.75, base + 22))
    x0, x1, y0 = cx - w / 2, cx + w / 2, base - h
    draw = ImageDraw.Draw(img)
    draw.polygon(
        [
            px(x0, y0),
            px(x0 + depth, y0 - depth * 0.6),
            px(x1 + depth, y0 - depth * 0.6),
            px(x1, y0),
        ],
        fill=scale(colour, 1.15),
    )
    draw.polygon(
        [
            px(x1, y0),
            px(x1 + depth, y0 - depth * 0.6),
            px(x1 + depth, base - depth * 0.6),
            px(x1, base),
        ],
        fill=scale(colour, 0.62),
    )
    shape_fill(
        img,
        (x0, y0, x1, base),
        lambda d, b: d.rectangle(b, fill=255),
        colour,
        light=1.08,
        dark=0.82,
    )
    label(
        img, (x0 + 24, y0 + h * 0.18, x1 - 24, base - h * 0.18), lines, paper, ink, accent, radius=4
    )


def bowl(
    img: Image.Image,
    cx: float,
    cy: float,
    w: float,
    colour: RGB,
    bits: Callable[[Image.Image, float, float, float], None],
) -> None:
    soft_shadow(img, (cx - w * 0.55, cy + w * 0.12, cx + w * 0.62, cy + w * 0.34), strength=0.35)
    shape_fill(
        img,
        (cx - w / 2, cy - w * 0.1, cx + w / 2, cy + w * 0.3),
        lambda d, b: d.chord((b[0], b[1] - (b[3] - b[1]), b[2], b[3]), 0, 180, fill=255),
        colour,
        light=1.15,
        dark=0.6,
    )
    shape_fill(
        img,
        (cx - w / 2, cy - w * 0.16, cx + w / 2, cy + w * 0.04),
        lambda d, b: d.ellipse(b, fill=255),
        scale(colour, 0.8),
        light=1.0,
        dark=0.7,
    )
    bits(img, cx, cy - w * 0.06, w * 0.44)


def grains(
    colours: list[RGB], size: float, count: int, seed: int
) -> Callable[[Image.Image, float, float, float], None]:
    def draw_bits(img: Image.Image, cx: float, cy: float, rx: float) -> None:
        rnd = seeded(seed)
        for _ in range(count):
            a, r = rnd.uniform(0, 2 * math.pi), rx * math.sqrt(rnd.random())
            sphere(
                img,
                cx + r * math.cos(a),
                cy + r * math.sin(a) * 0.32 - size * 0.6,
                size * rnd.uniform(0.8, 1.15),
                rnd.choice(colours),
                shine=0.35,
            )

    return draw_bits


def scatter(
    img: Image.Image,
    seed: int,
    count: int,
    area: tuple[float, float, float, float],
    colours: list[RGB],
    size: float,
) -> None:
    rnd = seeded(seed)
    for _ in range(count):
        x, y = rnd.uniform(area[0], area[2]), rnd.uniform(area[1], area[3])
        soft_shadow(
            img, (x - size, y + size * 0.3, x + size * 1.3, y + size * 1.2), strength=0.25, blur=2
        )
        sphere(img, x, y, size * rnd.uniform(0.8, 1.2), rnd.choice(colours), shine=0.35)


def fruit(
    img: Image.Image,
    cx: float,
    cy: float,
    r: float,
    colour: RGB,
    leaf_colour: RGB,
    *,
    dimples: bool = True,
    seed: int = 0,
) -> None:
    soft_shadow(img, (cx - r * 0.95, cy + r * 0.7, cx + r * 1.2, cy + r * 1.12), strength=0.45)
    sphere(img, cx, cy, r, colour, shine=0.4)
    if dimples:
        rnd = seeded(seed)
        draw = ImageDraw.Draw(img, "RGBA")
        for _ in range(int(r * 3)):
            a, d = rnd.uniform(0, 2 * math.pi), r * 0.92 * math.sqrt(rnd.random())
            x, y = cx + d * math.cos(a), cy + d * math.sin(a)
            draw.ellipse(px(x - 1.4, y - 1.4, x + 1.4, y + 1.4), fill=(0, 0, 0, 26))
    draw = ImageDraw.Draw(img)
    draw.line(px(cx, cy - r * 0.95, cx + 4, cy - r * 1.12), fill=(90, 70, 40), width=S * 4)
    leaf(img, cx + r * 0.32, cy - r * 1.08, r * 0.7, 20, leaf_colour)


def plate(img: Image.Image, cx: float, cy: float, w: float, colour: RGB = (238, 232, 220)) -> None:
    soft_shadow(img, (cx - w * 0.52, cy - w * 0.1, cx + w * 0.6, cy + w * 0.26), strength=0.35)
    shape_fill(
        img,
        (cx - w / 2, cy - w * 0.2, cx + w / 2, cy + w * 0.2),
        lambda d, b: d.ellipse(b, fill=255),
        colour,
        light=1.05,
        dark=0.78,
    )
    shape_fill(
        img,
        (cx - w * 0.38, cy - w * 0.14, cx + w * 0.38, cy + w * 0.14),
        lambda d, b: d.ellipse(b, fill=255),
        scale(colour, 0.95),
        light=1.02,
        dark=0.86,
    )


def strips(
    img: Image.Image,
    cx: float,
    cy: float,
    w: float,
    colour: RGB,
    count: int,
    seed: int,
    *,
    thickness: float = 20,
) -> None:
    rnd = seeded(seed)
    for _ in range(count):
        x = cx + rnd.uniform(-w * 0.3, w * 0.3)
        y = cy + rnd.uniform(-w * 0.07, w * 0.07)
        length = rnd.uniform(w * 0.35, w * 0.55)
        angle = rnd.uniform(-25, 25)
        layer = Image.new("L", (round(length * S), round(thickness * S)), 0)
        ImageDraw.Draw(layer).rounded_rectangle(
            (0, 0, layer.width - 1, layer.height - 1), radius=layer.height // 2, fill=255
        )
        paint = (
            cylinder(layer.size, scale(colour, rnd.uniform(0.85, 1.1)), 1.15, 0.6)
            .rotate(90, expand=True)
            .resize(layer.size)
        )
        m, p = (
            layer.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC),
            paint.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC),
        )
        img.paste(p, (round(x * S - m.width / 2), round(y * S - m.height / 2)), m)


def flowers(
    img: Image.Image,
    seed: int,
    count: int,
    area: tuple[float, float, float, float],
    petal: RGB,
    centre: RGB,
    size: float,
) -> None:
    rnd = seeded(seed)
    draw = ImageDraw.Draw(img)
    for _ in range(count):
        x, y = rnd.uniform(area[0], area[2]), rnd.uniform(area[1], area[3])
        s = size * rnd.uniform(0.7, 1.2)
        turn = rnd.uniform(0, math.pi)
        for k in range(5):
            a = turn + k * 2 * math.pi / 5
            px_, py_ = x + s * 0.6 * math.cos(a), y + s * 0.6 * math.sin(a)
            draw.ellipse(
                px(px_ - s * 0.5, py_ - s * 0.5, px_ + s * 0.5, py_ + s * 0.5),
                fill=scale(petal, rnd.uniform(0.9, 1.05)),
            )
        draw.ellipse(px(x - s * 0.28, y - s * 0.28, x + s * 0.28, y + s * 0.28), fill=centre)


# ---------------------------------------------------------------------------------------------
# Landscapes (the tours and the homestay)
# ---------------------------------------------------------------------------------------------


def hills(
    img: Image.Image, base: float, height: float, colour: RGB, seed: int, wave: float = 160
) -> None:
    rnd = seeded(seed)
    phase, phase2 = rnd.random() * 6, rnd.random() * 6
    points = [(0.0, float(H))]
    for x in range(0, W + 10, 10):
        y = base - height * (
            0.55 + 0.3 * math.sin(x / wave + phase) + 0.15 * math.sin(x / (wave / 2.7) + phase2)
        )
        points.append((float(x), y))
    points.append((float(W), float(H)))
    paint = vertical((W * S, H * S), scale(colour, 1.1), scale(colour, 0.75))
    fill(img, mask_of(img.size, lambda d: d.polygon([px(*p) for p in points], fill=255)), paint)


def sky(
    top: RGB,
    bottom: RGB,
    sun: tuple[float, float, float] | None = None,
    sun_colour: RGB = (255, 236, 190),
) -> Image.Image:
    img = Image.new("RGB", (W * S, H * S))
    img.paste(vertical((W * S, H * S), top, bottom), (0, 0))
    if sun:
        x, y, r = sun
        halo = mask_of(
            img.size, lambda d: d.ellipse(px(x - r * 4, y - r * 4, x + r * 4, y + r * 4), fill=120)
        )
        fill(img, halo.filter(ImageFilter.GaussianBlur(60 * S)), sun_colour)
        ImageDraw.Draw(img).ellipse(px(x - r, y - r, x + r, y + r), fill=sun_colour)
    return img


def clouds(img: Image.Image, seed: int, count: int) -> None:
    rnd = seeded(seed)
    for _ in range(count):
        x, y, w = rnd.uniform(0, W), rnd.uniform(60, 300), rnd.uniform(140, 300)
        puffs = [
            px(x + i * w / 5 - w / 4, y - rnd.uniform(10, 40), x + i * w / 5 + w / 4, y + 25)
            for i in range(4)
        ]

        def cloud(d: ImageDraw.ImageDraw, puffs: list[tuple[int, ...]] = puffs) -> None:
            for puff in puffs:
                d.ellipse(puff, fill=140)

        mask = mask_of(img.size, cloud)
        fill(img, mask.filter(ImageFilter.GaussianBlur(14 * S)), (255, 255, 255))


def boat(img: Image.Image, cx: float, cy: float, w: float, colour: RGB) -> None:
    draw = ImageDraw.Draw(img)
    draw.polygon(
        [
            px(cx - w / 2, cy),
            px(cx + w / 2, cy),
            px(cx + w * 0.38, cy + w * 0.16),
            px(cx - w * 0.38, cy + w * 0.16),
        ],
        fill=colour,
    )
    draw.polygon(
        [
            px(cx - w * 0.2, cy),
            px(cx + w * 0.15, cy),
            px(cx + w * 0.1, cy - w * 0.13),
            px(cx - w * 0.16, cy - w * 0.13),
        ],
        fill=scale(colour, 1.4),
    )
    draw.line(px(cx, cy - w * 0.13, cx, cy - w * 0.5), fill=(60, 40, 30), width=S * 3)
    draw.polygon(
        [px(cx + 2, cy - w * 0.5), px(cx + w * 0.3, cy - w * 0.2), px(cx + 2, cy - w * 0.18)],
        fill=(205, 90, 60),
    )


def palm(img: Image.Image, x: float, base: float, height: float, lean: float, colour: RGB) -> None:
    draw = ImageDraw.Draw(img)
    top = (x + lean, base - height)
    steps = 14
    for i in range(steps):
        t0, t1 = i / steps, (i + 1) / steps
        p0 = (x + lean * t0**1.6, base - height * t0)
        p1 = (x + lean * t1**1.6, base - height * t1)
        draw.line(px(*p0, *p1), fill=(88, 66, 44), width=round(S * (9 - 4 * t0)))
    for angle in range(-160, 30, 28):
        a = math.radians(angle)
        tip = (top[0] + 120 * math.cos(a), top[1] + 40 * math.sin(a) + 30 + abs(angle + 65) * 0.25)
        mid = ((top[0] + tip[0]) / 2, min(top[1], tip[1]) - 20)
        draw.line([px(*top), px(*mid), px(*tip)], fill=colour, width=S * 7, joint="curve")


# ---------------------------------------------------------------------------------------------
# The sample's products
# ---------------------------------------------------------------------------------------------

CREAM, INK, RED, GOLD = (246, 238, 220), (60, 38, 24), (160, 40, 32), (176, 132, 52)


def fish_sauce(degrees: str, seed: int, label_colour: RGB) -> Image.Image:
    img = scene((226, 214, 196), (206, 190, 168), (150, 108, 72), (112, 78, 50))
    wood_grain(img, 0.62, (70, 45, 25), seed)
    bowl(
        img,
        870,
        700,
        200,
        (236, 232, 224),
        lambda im, cx, cy, r: fill(
            im,
            mask_of(
                im.size,
                lambda d: d.ellipse(px(cx - r, cy - r * 0.3, cx + r, cy + r * 0.3), fill=255),
            ),
            (150, 78, 28),
        ),
    )
    for i, (x, y) in enumerate([(300, 760), (345, 795), (260, 800)]):
        sphere(img, x, y, 16 - i * 2, (200, 40, 30), shine=0.5)
    leaf(img, 300, 730, 60, 140, (80, 140, 60))
    bottle(
        img,
        560,
        800,
        200,
        560,
        (150, 72, 22),
        (170, 40, 30),
        [("NƯỚC MẮM", 30, True), ("Phú Quốc", 26, False), (degrees, 40, True)],
        CREAM,
        INK,
        accent=label_colour,
    )
    return img


def honey(name: str, place: str, seed: int, lid: RGB) -> Image.Image:
    img = scene((236, 222, 190), (214, 196, 160), (170, 128, 84), (128, 90, 58))
    wood_grain(img, 0.62, (80, 50, 25), seed)
    # a honey dipper and a piece of comb
    draw = ImageDraw.Draw(img)
    soft_shadow(img, (760, 770, 1010, 805), strength=0.35, blur=8)
    draw.line(px(760, 760, 960, 700), fill=(190, 150, 100), width=S * 10)
    for i in range(5):
        shape_fill(
            img,
            (900 + i * 12, 676 + i * 5 - 30, 930 + i * 12, 760 + i * 5 - 40),
            lambda d, b: d.rounded_rectangle(b, radius=S * 6, fill=255),
            (200, 160, 106),
        )
    rnd = seeded(seed)
    for row in range(3):
        for col in range(4):
            x, y = 250 + col * 46 + (row % 2) * 23, 735 + row * 38
            hexagon = [
                px(x + 24 * math.cos(math.radians(a)), y + 22 * math.sin(math.radians(a)))
                for a in range(30, 390, 60)
            ]
            shade = scale((230, 160, 40), rnd.uniform(0.85, 1.05))
            draw.polygon(hexagon, fill=shade, outline=(170, 110, 30))
    jar(
        img,
        560,
        810,
        300,
        430,
        (214, 140, 28),
        lid,
        [("MẬT ONG", 34, True), (name, 24, False), (place, 20, False)],
        CREAM,
        INK,
        accent=GOLD,
    )
    return img


def pepper(red: bool, seed: int) -> Image.Image:
    img = scene((222, 218, 208), (200, 194, 182), (120, 96, 76), (84, 64, 48))
    wood_grain(img, 0.62, (40, 28, 18), seed)
    corns = (
        [(150, 40, 30), (120, 28, 22), (176, 60, 40)]
        if red
        else [(40, 34, 30), (58, 48, 40), (30, 26, 24)]
    )
    bowl(img, 860, 690, 250, (230, 226, 214), grains(corns, 9, 90, seed))
    scatter(img, seed + 1, 26, (220, 760, 520, 850), corns, 8)
    jar(
        img,
        480,
        790,
        250,
        380,
        corns[0] if red else (52, 44, 38),
        (40, 40, 40),
        [("TIÊU " + ("ĐỎ" if red else "ĐEN"), 32, True), ("Phú Quốc", 24, False)],
        CREAM,
        INK,
        accent=RED if red else (40, 40, 40),
    )
    return img


def wine(title: str, place: str, glass: RGB, cap: RGB, seed: int, *, props: str) -> Image.Image:
    img = scene((214, 200, 190), (190, 174, 164), (108, 78, 62), (74, 52, 40))
    wood_grain(img, 0.62, (40, 25, 18), seed)
    if props == "sim":
        scatter(
            img, seed, 22, (780, 740, 1000, 830), [(70, 30, 60), (90, 40, 80), (60, 24, 50)], 14
        )
        leaf(img, 830, 720, 90, 160, (70, 120, 60))
    elif props == "corn":
        for i in range(2):
            x = 800 + i * 110
            soft_shadow(img, (x - 60, 790, x + 80, 820), strength=0.35, blur=8)
            shape_fill(
                img,
                (x - 38, 640, x + 38, 810),
                lambda d, b: d.ellipse(b, fill=255),
                (236, 196, 70),
                light=1.2,
                dark=0.7,
            )
            dots = ImageDraw.Draw(img, "RGBA")
            for r in range(12):
                for c in range(4):
                    dots.ellipse(
                        px(x - 26 + c * 15, 655 + r * 12, x - 16 + c * 15, 664 + r * 12),
                        fill=(255, 240, 170, 60),
                    )
            leaf(img, x + 30, 770, 160, 70, (150, 170, 90))
    else:  # coconut
        fruit(img, 860, 730, 90, (110, 80, 50), (90, 150, 70), seed=seed)
        shape_fill(
            img, (960, 760, 1110, 830), lambda d, b: d.chord(b, 0, 180, fill=255), (100, 70, 44)
        )
        ImageDraw.Draw(img).ellipse(px(968, 770, 1102, 800), fill=(246, 244, 236))
    # a small cup beside the bottle
    soft_shadow(img, (230, 800, 360, 830), strength=0.35, blur=8)
    shape_fill(
        img,
        (250, 720, 340, 815),
        lambda d, b: d.rounded_rectangle(b, radius=S * 10, fill=255),
        glass,
        light=1.3,
        dark=0.6,
        opacity=0.85,
    )
    bottle(
        img,
        560,
        820,
        190,
        600,
        glass,
        cap,
        [(title, 28, True), (place, 22, False)],
        CREAM,
        INK,
        accent=GOLD,
        neck=0.2,
    )
    return img


def tea(title: str, subtitle: str, colour: RGB, seed: int, *, golden: bool = False) -> Image.Image:
    img = scene((226, 226, 214), (204, 206, 190), (136, 112, 84), (98, 78, 58))
    wood_grain(img, 0.62, (50, 35, 20), seed)
    # a cup of tea and fresh leaves
    soft_shadow(img, (780, 780, 1010, 822))
    shape_fill(
        img,
        (800, 700, 980, 810),
        lambda d, b: d.chord((b[0], b[1] - (b[3] - b[1]), b[2], b[3]), 0, 180, fill=255),
        (240, 238, 230),
        light=1.1,
        dark=0.7,
    )
    ImageDraw.Draw(img).ellipse(
        px(800, 686, 980, 716), fill=(226, 190, 60) if golden else (176, 150, 50)
    )
    rnd = seeded(seed)
    for _ in range(7):
        leaf(
            img,
            rnd.uniform(200, 400),
            rnd.uniform(760, 830),
            rnd.uniform(70, 100),
            rnd.uniform(0, 180),
            (70, 130, 60),
        )
    if golden:
        flowers(img, seed, 5, (220, 740, 420, 820), (236, 190, 50), (200, 140, 30), 22)
    pouch(
        img,
        580,
        820,
        290,
        470,
        colour,
        [(title, 28, True), (subtitle, 20, False)],
        CREAM,
        INK,
        accent=GOLD,
        window=(90, 110, 50),
    )
    return img


def coconut_candy(title: str, colour: RGB, seed: int, *, candy: RGB) -> Image.Image:
    img = scene((230, 222, 206), (208, 198, 178), (150, 118, 86), (110, 84, 60))
    wood_grain(img, 0.62, (70, 45, 25), seed)
    plate(img, 880, 760, 300)
    rnd = seeded(seed)
    for i in range(9):
        x, y = 790 + (i % 3) * 60 + rnd.uniform(-6, 6), 730 + (i // 3) * 24
        shape_fill(
            img,
            (x, y, x + 52, y + 26),
            lambda d, b: d.rounded_rectangle(b, radius=S * 6, fill=255),
            scale(candy, rnd.uniform(0.95, 1.05)),
            light=1.15,
            dark=0.72,
        )
    fruit(img, 250, 740, 70, (100, 74, 48), (80, 140, 60), seed=seed)
    box(
        img,
        520,
        830,
        380,
        300,
        60,
        colour,
        [("KẸO DỪA", 34, True), (title, 22, False), ("Bến Tre", 20, False)],
        CREAM,
        INK,
        accent=GOLD,
    )
    return img


def pearl_bracelet(seed: int) -> Image.Image:
    img = scene((60, 70, 84), (40, 48, 60), (34, 52, 70), (22, 34, 48), horizon=0.5)
    rnd = seeded(seed)
    count = 30
    for k in range(count):
        a = 2 * math.pi * k / count
        x, y = 600 + 260 * math.cos(a), 600 + 130 * math.sin(a)
        soft_shadow(img, (x - 18, y + 10, x + 26, y + 30), strength=0.5, blur=5)
    for k in sorted(range(count), key=lambda k: math.sin(2 * math.pi * k / count)):
        a = 2 * math.pi * k / count
        x, y = 600 + 260 * math.cos(a), 600 + 130 * math.sin(a)
        sphere(
            img,
            x,
            y,
            26 + 3 * math.sin(a),
            scale((236, 228, 214), rnd.uniform(0.95, 1.04)),
            shine=0.85,
        )
    # a scallop shell beside it
    draw = ImageDraw.Draw(img)
    for i in range(9):
        a = math.radians(200 + i * 17)
        draw.polygon(
            [
                px(980, 770),
                px(980 + 110 * math.cos(a), 770 + 90 * math.sin(a)),
                px(980 + 110 * math.cos(a + 0.3), 770 + 90 * math.sin(a + 0.3)),
            ],
            fill=scale((232, 206, 190), 0.85 + 0.03 * i),
        )
    return img


def creature_shape(
    img: Image.Image, cx: float, cy: float, length: float, angle: float, colour: RGB, kind: str
) -> None:
    """A dried fish (split and flattened, its tail fanned) or a sun-dried squid, lying down."""
    w, h = round(length * S), round(length * (0.34 if kind == "fish" else 0.3) * S)
    mask = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(mask)
    if kind == "fish":
        d.ellipse((0, h * 0.12, w * 0.8, h * 0.88), fill=255)
        d.polygon([(w * 0.7, h * 0.5), (w, h * 0.05), (w * 0.93, h * 0.5), (w, h * 0.95)], fill=255)
    else:
        d.ellipse((0, h * 0.22, w * 0.62, h * 0.78), fill=255)
        d.polygon([(0, h * 0.5), (w * 0.12, 0), (w * 0.2, h * 0.5), (w * 0.12, h)], fill=255)
        for k in range(8):
            y = h * (0.3 + 0.4 * k / 7)
            d.line(
                [
                    (w * 0.58, h * 0.5),
                    (w * 0.8, y),
                    (w * (0.95 + 0.05 * (k % 2)), y + h * 0.08 * (k - 3.5) / 3.5),
                ],
                fill=255,
                width=max(3, h // 22),
                joint="curve",
            )
    paint = cylinder((h, w), colour, 1.2, 0.62).rotate(90, expand=True).resize((w, h))
    texture = ImageDraw.Draw(paint, "RGBA")
    if kind == "fish":
        for k in range(0, w, max(6, w // 40)):
            texture.line([(k, h * 0.15), (k + w * 0.03, h * 0.85)], fill=(90, 50, 20, 40), width=2)
        texture.line(
            [(w * 0.05, h * 0.5), (w * 0.75, h * 0.5)],
            fill=(120, 60, 30, 90),
            width=max(2, h // 30),
        )
    else:
        for k in range(30):
            x = w * 0.05 + (k * 37 % 100) / 100 * w * 0.5
            y = h * 0.3 + (k * 53 % 100) / 100 * h * 0.4
            texture.ellipse((x, y, x + 5, y + 4), fill=(190, 110, 90, 70))
    rotated_mask = mask.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
    rotated_paint = paint.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
    x, y = round(cx * S - rotated_mask.width / 2), round(cy * S - rotated_mask.height / 2)
    shadow = Image.new("L", img.size, 0)
    shadow.paste(rotated_mask.point(lambda v: v * 0.5), (x + 6 * S, y + 10 * S))
    fill(img, shadow.filter(ImageFilter.GaussianBlur(8 * S)), (40, 28, 18))
    img.paste(rotated_paint, (x, y), rotated_mask)


def dried(
    title: str,
    colour: RGB,
    seed: int,
    *,
    count: int = 7,
    thickness: float = 26,
    creature: str = "",
) -> Image.Image:
    img = scene((222, 210, 192), (200, 184, 162), (110, 86, 62), (80, 60, 42))
    wood_grain(img, 0.62, (40, 28, 18), seed)
    # a bamboo tray
    soft_shadow(img, (220, 600, 1000, 880), strength=0.45, blur=20)
    shape_fill(
        img,
        (230, 590, 990, 850),
        lambda d, b: d.ellipse(b, fill=255),
        (196, 160, 100),
        light=1.1,
        dark=0.7,
    )
    draw = ImageDraw.Draw(img, "RGBA")
    for k in range(0, 760, 14):
        draw.line(px(230 + k, 600, 230 + k, 840), fill=(120, 90, 50, 45), width=S)
    if creature:
        rnd = seeded(seed)
        spots = [(450, 690, -12), (650, 740, 8), (800, 680, -4), (560, 650, 4)][:count]
        for x, y, angle in spots:
            creature_shape(img, x, y, 300 * rnd.uniform(0.92, 1.05), angle, colour, creature)
    else:
        strips(img, 610, 720, 700, colour, count, seed, thickness=thickness)
    for i in range(3):
        sphere(img, 880 + i * 26, 640 + (i % 2) * 18, 13, (210, 40, 30), shine=0.6)
    return img


def fruit_still(colour: RGB, leaf_colour: RGB, seed: int, *, big: bool, cut: RGB) -> Image.Image:
    img = scene((236, 230, 210), (216, 208, 184), (168, 136, 98), (124, 98, 68))
    wood_grain(img, 0.62, (80, 55, 30), seed)
    r = 150 if big else 95
    fruit(img, 470, 840 - r * 1.05, r, colour, leaf_colour, seed=seed)
    if not big:
        fruit(img, 720, 840 - r * 0.95, r * 0.92, scale(colour, 1.05), leaf_colour, seed=seed + 1)
    # a cut half showing the segments
    cx, cy, cr = 890 if big else 940, 790, 100 if big else 80
    soft_shadow(img, (cx - cr, cy, cx + cr * 1.2, cy + cr * 0.5), strength=0.4)
    draw = ImageDraw.Draw(img)
    draw.ellipse(px(cx - cr, cy - cr * 0.55, cx + cr, cy + cr * 0.55), fill=scale(colour, 0.9))
    draw.ellipse(
        px(cx - cr * 0.9, cy - cr * 0.48, cx + cr * 0.9, cy + cr * 0.48), fill=(244, 238, 214)
    )
    for k in range(10):
        a0, a1 = k * 36 + 3, k * 36 + 33
        draw.pieslice(
            px(cx - cr * 0.84, cy - cr * 0.44, cx + cr * 0.84, cy + cr * 0.44), a0, a1, fill=cut
        )
    return img


def textile(seed: int) -> Image.Image:
    img = scene((226, 220, 210), (206, 198, 186), (126, 100, 78), (90, 70, 52))
    wood_grain(img, 0.62, (50, 32, 20), seed)
    colours = [(30, 50, 110), (170, 40, 50), (230, 180, 60), (36, 110, 90), (240, 232, 214)]
    for layer in range(4):
        y0 = 560 + layer * 70
        x0, x1 = 230 + layer * 16, 970 - layer * 10
        soft_shadow(img, (x0, y0 + 60, x1 + 30, y0 + 100), strength=0.3, blur=10)
        base = colours[layer % 4]
        shape_fill(
            img,
            (x0, y0, x1, y0 + 80),
            lambda d, b: d.rounded_rectangle(b, radius=S * 10, fill=255),
            base,
            light=1.15,
            dark=0.7,
        )
        draw = ImageDraw.Draw(img)
        for k in range(int((x1 - x0) / 40)):
            x = x0 + 20 + k * 40
            c = colours[(k + layer) % len(colours)]
            draw.polygon(
                [px(x, y0 + 40), px(x + 14, y0 + 24), px(x + 28, y0 + 40), px(x + 14, y0 + 56)],
                fill=c,
            )
        draw.line(px(x0 + 6, y0 + 14, x1 - 6, y0 + 14), fill=colours[(layer + 2) % 5], width=S * 4)
        draw.line(px(x0 + 6, y0 + 66, x1 - 6, y0 + 66), fill=colours[(layer + 2) % 5], width=S * 4)
    return img


def buckwheat_cakes(seed: int) -> Image.Image:
    img = scene((234, 222, 226), (214, 200, 206), (140, 110, 92), (100, 78, 64))
    wood_grain(img, 0.62, (60, 40, 30), seed)
    plate(img, 600, 760, 520)
    rnd = seeded(seed)
    for i, (x, y) in enumerate([(480, 740), (620, 770), (740, 735), (560, 700), (690, 700)]):
        r = 80 - i * 3
        soft_shadow(img, (x - r, y + 6, x + r * 1.1, y + 30), strength=0.3, blur=6)
        shape_fill(
            img,
            (x - r, y - 28, x + r, y + 24),
            lambda d, b: d.ellipse(b, fill=255),
            (150, 110, 80),
            light=1.2,
            dark=0.7,
        )
        ImageDraw.Draw(img, "RGBA").ellipse(
            px(x - r * 0.8, y - 24, x + r * 0.8, y + 6), fill=(120, 84, 60, 80)
        )
    flowers(img, seed, 40, (160, 600, 1040, 660), (232, 150, 190), (250, 230, 240), 9)
    flowers(img, seed + 1, 16, (150, 820, 1050, 870), (236, 170, 200), (250, 230, 240), 8)
    _ = rnd
    return img


def buffalo(seed: int) -> Image.Image:
    img = dried("Thịt trâu gác bếp", (104, 44, 34), seed, count=9, thickness=30)
    leaf(img, 330, 690, 80, 30, (80, 140, 60))
    return img


def vermicelli(seed: int) -> Image.Image:
    img = scene((230, 224, 214), (208, 200, 188), (140, 112, 84), (100, 80, 60))
    wood_grain(img, 0.62, (60, 40, 25), seed)
    rnd = seeded(seed)
    pouch(
        img,
        760,
        700,
        280,
        420,
        (200, 60, 50),
        [("MIẾN DONG", 28, True), ("Vị Xuyên", 20, False)],
        CREAM,
        INK,
        accent=GOLD,
        window=(214, 190, 160),
    )
    for bundle, cx in enumerate((400, 640)):
        soft_shadow(img, (cx - 170, 790, cx + 190, 830), strength=0.4, blur=10)
        draw = ImageDraw.Draw(img, "RGBA")
        for _ in range(160):
            x0 = cx - 150 + rnd.uniform(0, 20)
            y0 = 760 + rnd.uniform(-40, 40)
            draw.line(
                [
                    px(x0, y0),
                    px(cx, 760 + rnd.uniform(-24, 24)),
                    px(cx + 150 + rnd.uniform(0, 20), 760 + rnd.uniform(-40, 40)),
                ],
                fill=(200, 170, 140, 150),
                width=S * 2,
                joint="curve",
            )
        draw.rectangle(px(cx - 14, 720, cx + 14, 800), fill=(170, 40, 40))
        _ = bundle
    return img


def rice_paper(seed: int) -> Image.Image:
    img = scene((232, 226, 210), (212, 204, 184), (150, 120, 88), (110, 86, 62))
    wood_grain(img, 0.62, (70, 45, 25), seed)
    rnd = seeded(seed)
    for i in range(8):
        y = 780 - i * 12
        soft_shadow(img, (300, y + 8, 920, y + 40), strength=0.12, blur=6)
        shape_fill(
            img,
            (300, y - 60, 900, y + 30),
            lambda d, b: d.ellipse(b, fill=255),
            (236, 222, 190),
            light=1.08,
            dark=0.85,
        )
    draw = ImageDraw.Draw(img)
    for _ in range(120):
        sx, sy = rnd.uniform(360, 840), rnd.uniform(660, 730)
        draw.ellipse(
            px(sx - 2.5, sy - 1.5, sx + 2.5, sy + 1.5),
            fill=rnd.choice([(60, 50, 40), (240, 230, 200)]),
        )
    return img


def coconut_oil(seed: int) -> Image.Image:
    img = scene((230, 232, 226), (208, 212, 204), (150, 126, 96), (108, 90, 66))
    wood_grain(img, 0.62, (70, 50, 30), seed)
    fruit(img, 860, 720, 95, (110, 80, 50), (80, 140, 60), seed=seed)
    shape_fill(img, (960, 760, 1110, 830), lambda d, b: d.chord(b, 0, 180, fill=255), (100, 70, 44))
    ImageDraw.Draw(img).ellipse(px(968, 770, 1102, 800), fill=(246, 244, 236))
    bottle(
        img,
        520,
        820,
        200,
        520,
        (236, 226, 180),
        (60, 110, 60),
        [("DẦU DỪA", 30, True), ("tinh khiết", 22, False), ("Bến Tre", 20, False)],
        CREAM,
        INK,
        accent=(60, 110, 60),
        neck=0.26,
    )
    return img


def coconut_jelly(seed: int) -> Image.Image:
    img = scene((232, 236, 232), (210, 216, 210), (160, 134, 100), (118, 96, 70))
    wood_grain(img, 0.62, (70, 50, 30), seed)
    rnd = seeded(seed)

    def cubes(im: Image.Image, cx: float, cy: float, r: float) -> None:
        for _ in range(14):
            x, y = cx + rnd.uniform(-r, r * 0.7), cy + rnd.uniform(-16, 6)
            shape_fill(
                im,
                (x, y - 24, x + 32, y + 6),
                lambda d, b: d.rounded_rectangle(b, radius=S * 5, fill=255),
                (238, 238, 222),
                light=1.1,
                dark=0.75,
            )

    bowl(img, 860, 700, 240, (240, 240, 236), cubes)
    jar(
        img,
        480,
        810,
        260,
        400,
        (232, 230, 210),
        (60, 120, 80),
        [("THẠCH DỪA", 30, True), ("Bến Tre", 22, False)],
        CREAM,
        INK,
        accent=(60, 120, 80),
    )
    return img


def basket(seed: int) -> Image.Image:
    img = scene((228, 222, 208), (206, 198, 180), (150, 120, 90), (110, 86, 64))
    wood_grain(img, 0.62, (70, 48, 28), seed)
    soft_shadow(img, (300, 800, 960, 860), strength=0.5, blur=16)
    shape_fill(
        img,
        (320, 520, 900, 840),
        lambda d, b: d.rounded_rectangle(b, radius=S * 70, fill=255),
        (156, 108, 62),
        light=1.15,
        dark=0.6,
    )
    draw = ImageDraw.Draw(img, "RGBA")
    for row in range(10):
        y = 540 + row * 30
        for col in range(20):
            x = 340 + col * 28 + (row % 2) * 14
            draw.arc(px(x, y, x + 30, y + 26), 200, 340, fill=(90, 60, 30, 120), width=S * 3)
    shape_fill(
        img,
        (320, 500, 900, 560),
        lambda d, b: d.ellipse(b, fill=255),
        (120, 82, 46),
        light=1.1,
        dark=0.7,
    )
    draw.arc(px(420, 330, 800, 640), 190, 350, fill=(120, 84, 48, 255), width=S * 16)
    leaf(img, 980, 800, 120, 160, (80, 140, 60))
    return img


def bonsai(seed: int) -> Image.Image:
    img = scene((232, 228, 214), (212, 206, 188), (140, 118, 92), (100, 82, 64))
    rnd = seeded(seed)
    soft_shadow(img, (380, 820, 880, 860), strength=0.5)
    shape_fill(
        img,
        (400, 720, 820, 840),
        lambda d, b: d.polygon(
            [(b[0], b[1]), (b[2], b[1]), (b[2] - 40 * S, b[3]), (b[0] + 40 * S, b[3])], fill=255
        ),
        (60, 90, 120),
        light=1.2,
        dark=0.6,
    )
    draw = ImageDraw.Draw(img)
    trunk = [(610, 720), (580, 640), (640, 560), (600, 470), (660, 400)]
    for a, b in itertools.pairwise(trunk):
        draw.line(px(*a, *b), fill=(90, 66, 48), width=S * 26, joint="curve")
    draw.line(px(620, 580, 760, 520), fill=(90, 66, 48), width=S * 14)
    draw.line(px(600, 500, 470, 450), fill=(90, 66, 48), width=S * 12)
    for cx, cy, r in [(660, 360, 120), (780, 480, 100), (460, 420, 100), (560, 300, 90)]:
        for _ in range(8):
            x, y = cx + rnd.uniform(-r * 0.6, r * 0.6), cy + rnd.uniform(-r * 0.3, r * 0.3)
            shape_fill(
                img,
                (x - r * 0.5, y - r * 0.35, x + r * 0.5, y + r * 0.35),
                lambda d, b: d.ellipse(b, fill=255),
                (70, 120, 50),
                light=1.3,
                dark=0.7,
            )
        flowers(
            img,
            rnd.randint(0, 999),
            16,
            (cx - r * 0.8, cy - r * 0.45, cx + r * 0.8, cy + r * 0.4),
            (248, 200, 40),
            (210, 120, 20),
            11,
        )
    return img


def landscape_village(seed: int) -> Image.Image:
    img = sky((120, 170, 210), (250, 206, 160), sun=(880, 330, 48))
    clouds(img, seed, 5)
    hills(img, 520, 120, (80, 110, 120), seed, 220)
    # the sea
    fill(
        img,
        mask_of(img.size, lambda d: d.rectangle(px(0, 520, W, H), fill=255)),
        vertical((W * S, H * S), (90, 150, 180), (40, 90, 120)),
    )
    draw = ImageDraw.Draw(img, "RGBA")
    rnd = seeded(seed)
    for _ in range(60):
        y = rnd.uniform(540, 880)
        x = rnd.uniform(0, W)
        draw.line(px(x, y, x + rnd.uniform(30, 90), y), fill=(255, 240, 210, 70), width=S * 2)
    draw.rectangle(px(860, 430, 870, 540), fill=(255, 230, 170, 60))
    # stilt houses on the shore
    for i in range(6):
        x = 60 + i * 70
        draw.rectangle(px(x, 470 - (i % 2) * 14, x + 58, 520), fill=(150 - i * 6, 100, 70, 255))
        draw.polygon(
            [
                px(x - 8, 470 - (i % 2) * 14),
                px(x + 29, 440 - (i % 2) * 14),
                px(x + 66, 470 - (i % 2) * 14),
            ],
            fill=(120, 60, 40, 255),
        )
        for k in range(3):
            draw.line(
                px(x + 8 + k * 20, 520, x + 8 + k * 20, 560), fill=(70, 50, 40, 255), width=S * 3
            )
    for x, y, w in [(520, 640, 150), (760, 720, 190), (330, 780, 120)]:
        boat(img, x, y, w, (40, 80, 120))
    return img


def landscape_terraces(seed: int) -> Image.Image:
    img = sky((150, 190, 220), (236, 232, 210), sun=(920, 180, 40))
    clouds(img, seed, 4)
    hills(img, 360, 160, (90, 120, 140), seed, 240)
    hills(img, 470, 170, (70, 120, 80), seed + 1, 180)
    draw = ImageDraw.Draw(img)
    for band in range(14):
        y = 470 + band * 32
        colour = mix((200, 190, 60), (120, 170, 60), (band % 4) / 3)
        points = (
            [px(0, H)]
            + [px(x, y + 20 * math.sin(x / 140 + band * 0.6)) for x in range(0, W + 20, 20)]
            + [px(W, H)]
        )
        draw.polygon(points, fill=colour)
        draw.line(
            [px(x, y + 20 * math.sin(x / 140 + band * 0.6)) for x in range(0, W + 20, 20)],
            fill=scale(colour, 0.7),
            width=S * 3,
        )
    # a homestay with a warm window
    draw.rectangle(px(820, 500, 960, 580), fill=(130, 90, 60))
    draw.polygon([px(800, 500), px(890, 440), px(980, 500)], fill=(90, 60, 40))
    draw.rectangle(px(860, 525, 900, 560), fill=(250, 200, 110))
    return img


def landscape_islet(seed: int) -> Image.Image:
    img = sky((140, 190, 214), (240, 226, 190), sun=(300, 240, 44))
    clouds(img, seed, 4)
    fill(
        img,
        mask_of(img.size, lambda d: d.rectangle(px(0, 560, W, H), fill=255)),
        vertical((W * S, H * S), (150, 130, 90), (110, 96, 64)),
    )
    hills(img, 600, 70, (70, 120, 60), seed, 120)
    for i in range(9):
        palm(
            img,
            80 + i * 130,
            600 - (i % 3) * 10,
            230 + (i % 4) * 30,
            30 - (i % 5) * 15,
            (50, 110, 50),
        )
    draw = ImageDraw.Draw(img, "RGBA")
    rnd = seeded(seed)
    for _ in range(50):
        y = rnd.uniform(680, 880)
        x = rnd.uniform(0, W)
        draw.line(px(x, y, x + rnd.uniform(30, 90), y), fill=(255, 240, 200, 50), width=S * 2)
    boat(img, 720, 760, 200, (60, 90, 60))
    return img


PHOTOS: dict[str, Callable[[], Image.Image]] = {
    "nuoc-mam-40": lambda: fish_sauce("40°N", 1, RED),
    "nuoc-mam-35": lambda: fish_sauce("35°N", 2, (40, 90, 140)),
    "tieu-den": lambda: pepper(False, 3),
    "tieu-do": lambda: pepper(True, 4),
    "ruou-sim": lambda: wine("RƯỢU SIM", "Phú Quốc", (90, 30, 70), (60, 20, 40), 5, props="sim"),
    "ngoc-trai": lambda: pearl_bracelet(6),
    "kho-ca-loc": lambda: dried("Khô cá lóc Hòn Đất", (176, 112, 62), 7, count=3, creature="fish"),
    "mat-ong-u-minh": lambda: honey("rừng U Minh", "Kiên Giang", 8, (120, 70, 30)),
    "lang-chai-ham-ninh": lambda: landscape_village(9),
    "muc-mot-nang": lambda: dried(
        "Mực một nắng Phú Quốc", (238, 210, 180), 10, count=3, creature="squid"
    ),
    "che-shan-tuyet": lambda: tea("CHÈ SHAN TUYẾT", "Lũng Cú · Hà Giang", (40, 90, 60), 11),
    "banh-tam-giac-mach": lambda: buckwheat_cakes(12),
    "tra-hoa-vang": lambda: tea(
        "TRÀ HOA VÀNG", "Quản Bạ · Hà Giang", (170, 120, 30), 13, golden=True
    ),
    "mat-ong-bac-ha": lambda: honey("bạc hà", "Mèo Vạc · Hà Giang", 14, (80, 120, 70)),
    "khan-tho-cam": lambda: textile(15),
    "thit-trau": lambda: buffalo(16),
    "cam-sanh": lambda: fruit_still(
        (90, 140, 50), (60, 120, 50), 17, big=False, cut=(236, 150, 40)
    ),
    "homestay-hoang-su-phi": lambda: landscape_terraces(18),
    "ruou-ngo": lambda: wine(
        "RƯỢU NGÔ", "Xín Mần", (220, 226, 214), (150, 40, 30), 19, props="corn"
    ),
    "mien-dong": lambda: vermicelli(20),
    "keo-dua-sau-rieng": lambda: coconut_candy(
        "sầu riêng", (140, 110, 40), 21, candy=(226, 196, 120)
    ),
    "banh-trang": lambda: rice_paper(22),
    "dau-dua": lambda: coconut_oil(23),
    "gio-xo-dua": lambda: basket(24),
    "mai-vang": lambda: bonsai(25),
    "buoi-da-xanh": lambda: fruit_still(
        (90, 150, 60), (60, 120, 50), 26, big=True, cut=(236, 120, 110)
    ),
    "keo-dua-la-dua": lambda: coconut_candy("lá dứa", (50, 120, 60), 27, candy=(150, 200, 110)),
    "con-phung": lambda: landscape_islet(28),
    "ruou-dua": lambda: wine(
        "RƯỢU DỪA", "Bến Tre", (200, 190, 150), (90, 60, 30), 29, props="coconut"
    ),
    "thach-dua": lambda: coconut_jelly(30),
}


def main() -> None:
    """Draw every photo, or those named on the command line."""
    import sys

    OUT.mkdir(parents=True, exist_ok=True)
    wanted = set(sys.argv[1:]) or set(PHOTOS)
    for name, draw in PHOTOS.items():
        if name not in wanted:
            continue
        big = draw()
        left, top, right, bottom = px(*(CLOSE_FRAME if name in CLOSE_UPS else FRAME))
        photo = (
            vignette(big).crop((left, top, right, bottom)).resize((W, H), Image.Resampling.LANCZOS)
        )
        path = OUT / f"{name}.jpg"
        photo.save(path, "JPEG", quality=87, optimize=True, progressive=True)
        print(f"{path.relative_to(OUT.parents[2])}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
