"""The share image of an event's page (Open Graph, 1200×630 PNG), drawn with Pillow in the
event's theme colours: its name, its dates and the OCOP mark. Cached until the event changes."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as django_cache
from PIL import Image, ImageDraw, ImageFont

from storefront.cache import CACHE_DOWN, cache_down
from themes.registry import load_theme

WIDTH, HEIGHT = 1200, 630
CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
CACHE_SECONDS = 86400

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@cache
def _font_path(cjk: bool, bold: bool) -> str | None:
    candidates: list[str] = list(CJK_FONTS) if cjk else []
    for regular in settings.LABEL_FONT_PATHS:
        path = Path(regular)
        if bold:
            candidates.append(str(path.with_name(path.name.replace("-Regular", "-Bold"))))
        candidates.append(str(path))
    return next((c for c in candidates if Path(c).is_file()), None)


def _font(size: int, *, cjk: bool = False, bold: bool = False) -> Font:
    path = _font_path(cjk, bold)
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _wrapped(draw: ImageDraw.ImageDraw, text: str, font: Font, width: int) -> list[str]:
    """Lines of ``text`` that fit ``width`` pixels (by words; CJK text, which has no spaces, by
    characters)."""
    units = text.split(" ") if " " in text else list(text)
    joiner = " " if " " in text else ""
    lines: list[str] = []
    line = ""
    for unit in units:
        candidate = f"{line}{joiner}{unit}" if line else unit
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = unit
    if line:
        lines.append(line)
    return lines


def draw_share_image(*, title: str, dates: str, place: str, theme_slug: str, cjk: bool) -> bytes:
    theme = load_theme(theme_slug)
    primary = _rgb(theme.tokens.get("color-primary", "#a3161a"))
    on_primary = _rgb(theme.tokens.get("color-on-primary", "#ffffff"))
    star = _rgb(theme.tokens.get("color-star", "#8d6200"))
    image = Image.new("RGB", (WIDTH, HEIGHT), primary)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - 24, WIDTH, HEIGHT), fill=star)
    margin = 72
    mark = _font(40, bold=True)
    draw.text((margin, 60), "OCOP ★★★★★", font=mark, fill=on_primary)
    size = 76
    title_font = _font(size, cjk=cjk, bold=True)
    lines = _wrapped(draw, title, title_font, WIDTH - 2 * margin)
    while len(lines) > 3 and size > 40:
        size -= 8
        title_font = _font(size, cjk=cjk, bold=True)
        lines = _wrapped(draw, title, title_font, WIDTH - 2 * margin)
    y = 160
    for line in lines[:4]:
        draw.text((margin, y), line, font=title_font, fill=on_primary)
        y += int(size * 1.2)
    small = _font(40, cjk=cjk)
    draw.text((margin, HEIGHT - 170), dates, font=small, fill=on_primary)
    if place:
        draw.text((margin, HEIGHT - 110), place, font=small, fill=on_primary)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def share_image(key: str, **kwargs: object) -> bytes:
    """The PNG, drawn once per ``key`` (the event, its last change and the language)."""
    cache_key = f"events:share:{key}"
    try:
        cached = django_cache.get(cache_key)
    except CACHE_DOWN as exc:
        cache_down(exc)
        cached = None
    if cached is not None:
        return bytes(cached)
    png = draw_share_image(**kwargs)  # type: ignore[arg-type]
    try:
        django_cache.set(cache_key, png, CACHE_SECONDS)
    except CACHE_DOWN as exc:
        cache_down(exc)
    return png
