"""Themes are data: design tokens (colours, type) plus optional template overrides.

A theme is a folder under ``themes/`` with a ``theme.json`` (name, tokens, the text/background token
pairs that must keep WCAG AA contrast) and optionally ``templates/`` that override storefront templates
by lookup order. ``default`` always exists; province themes add folders.
"""

from __future__ import annotations

import json
import re
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

    @property
    def template_dir(self) -> Path:
        return THEMES_DIR / self.slug / "templates"

    def illustration(self, group: str) -> str:
        """The static path of the group's illustration (shown where a product has no photo):
        this theme's own drawing when it has one, else the default theme's."""
        name = f"themes/{{}}/illustrations/{group}.svg"
        for slug in (self.slug, DEFAULT_THEME):
            if (THEMES_DIR / slug / "static" / name.format(slug)).exists():
                return name.format(slug)
        return name.format(DEFAULT_THEME).replace(group, "unclassified")

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
    if slug != DEFAULT_THEME:  # a province theme changes some tokens and inherits the rest
        tokens = {**load_theme(DEFAULT_THEME).tokens, **tokens}
    return Theme(
        slug=slug,
        name=data["name"],
        tokens=tokens,
        contrast_pairs=[(a, b) for a, b in data.get("contrast_pairs", [])],
    )


def available_themes() -> list[str]:
    return sorted(p.parent.name for p in THEMES_DIR.glob("*/theme.json"))


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
