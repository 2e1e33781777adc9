"""Themes are data: design tokens (colours, type) plus optional template overrides.

A theme is a folder under ``themes/`` with a ``theme.json`` (name, tokens, the text/background token
pairs that must keep WCAG AA contrast) and optionally ``templates/`` that override storefront templates
by lookup order. ``default`` always exists; province themes add folders.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.safestring import SafeString, mark_safe

THEMES_DIR = Path(__file__).resolve().parent
_SAFE_TOKEN = re.compile(r"[a-z][a-z0-9-]*")
DEFAULT_THEME = "default"


@dataclass(frozen=True)
class Theme:
    slug: str
    name: str
    tokens: dict[str, str]
    contrast_pairs: list[tuple[str, str]] = field(default_factory=list)
    provinces: tuple[str, ...] = ()
    # Static paths of the theme's CSS, linked after the shop's (theme.json "stylesheets").
    stylesheets: tuple[str, ...] = ()

    @property
    def template_dir(self) -> Path:
        return THEMES_DIR / self.slug / "templates"

    def illustration(self, group: str) -> str:
        """The static path of the group's illustration (shown where a product has no photo):
        this theme's own drawing when it has one, else the default theme's."""
        return _illustration(self.slug, group)

    def css_variables(self) -> SafeString:
        """The tokens as CSS custom properties, for a <style> element (checked when loaded)."""
        return mark_safe("; ".join(f"--{name}: {value}" for name, value in self.tokens.items()))  # noqa: S308


@cache
def load_theme(slug: str) -> Theme:
    path = THEMES_DIR / slug / "theme.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    tokens = {str(name): str(value) for name, value in data["tokens"].items()}
    for name, value in tokens.items():
        if not _SAFE_TOKEN.fullmatch(name) or any(ch in value for ch in "<>;{}\\"):
            raise ValueError(f"theme {slug}: token {name!r} has a value CSS cannot hold safely")
    pairs = [(str(a), str(b)) for a, b in data.get("contrast_pairs", [])]
    if slug != DEFAULT_THEME:  # a province theme changes some tokens and inherits the rest
        default = load_theme(DEFAULT_THEME)
        tokens = {**default.tokens, **tokens}
        pairs = list(dict.fromkeys([*default.contrast_pairs, *pairs]))
    unknown = [name for pair in pairs for name in pair if name not in tokens]
    if unknown:
        raise ValueError(f"theme {slug}: contrast pairs name unknown tokens {unknown}")
    return Theme(
        slug=slug,
        name=data["name"],
        tokens=tokens,
        contrast_pairs=pairs,
        provinces=tuple(str(name) for name in data.get("provinces", [])),
        stylesheets=tuple(str(path) for path in data.get("stylesheets", [])),
    )


def available_themes() -> list[str]:
    """The installed themes (read once: every request and template lookup asks)."""
    return list(_installed_themes())


@cache
def _installed_themes() -> tuple[str, ...]:
    return tuple(sorted(p.parent.name for p in THEMES_DIR.glob("*/theme.json")))


def province_key(name: str) -> str:
    """A province's name as themes match it: "Quảng Ninh", "tỉnh Quảng Ninh", "QUANG NINH" and the
    URL slug "quang-ninh" all give "quang-ninh"."""
    text = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"^\s*(tinh|thanh pho|tp\.?)\s+", "", text)
    return "-".join(re.findall(r"[a-z0-9]+", text))


@cache
def _themes_by_province() -> dict[str, str]:
    found: dict[str, str] = {}
    for slug in available_themes():
        for province in load_theme(slug).provinces:
            key = province_key(province)
            if key in found:
                raise ValueError(f"province {province!r} is in themes {found[key]} and {slug}")
            found[key] = slug
    return found


def theme_for_province(name: str) -> str | None:
    """The slug of the theme that draws this province's pages (by name or slug), or None."""
    return _themes_by_province().get(province_key(name))


def relative_luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


@cache
def _illustration(theme: str, group: str) -> str:
    # Looked up once per theme and group (a listing asks for each card without a photo); the
    # installed themes do not change while the shop runs (see available_themes).
    name = f"themes/{{}}/illustrations/{group}.svg"
    for slug in (theme, DEFAULT_THEME):
        if (THEMES_DIR / slug / "static" / name.format(slug)).exists():
            return name.format(slug)
    return name.format(DEFAULT_THEME).replace(group, "unclassified")
