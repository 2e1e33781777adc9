import re
from pathlib import Path

import pytest

from themes.registry import THEMES_DIR, available_themes, contrast_ratio, load_theme

WCAG_AA_TEXT = 4.5


def test_contrast_ratio_matches_the_wcag_formula():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#fff", "#fff") == pytest.approx(1.0)


@pytest.mark.parametrize("slug", available_themes())
def test_every_theme_keeps_wcag_aa_contrast_for_text(slug):
    theme = load_theme(slug)

    failing = [
        (text, background, round(contrast_ratio(theme.tokens[text], theme.tokens[background]), 2))
        for text, background in theme.contrast_pairs
        if contrast_ratio(theme.tokens[text], theme.tokens[background]) < WCAG_AA_TEXT
    ]

    assert theme.contrast_pairs, f"{slug} declares no text/background pairs to check"
    assert failing == []


@pytest.mark.parametrize("slug", available_themes())
def test_every_theme_has_a_visible_focus_colour(slug):
    theme = load_theme(slug)

    assert contrast_ratio(theme.tokens["color-focus"], theme.tokens["color-background"]) >= 3.0


def test_the_default_theme_exists_and_exposes_css_variables():
    theme = load_theme("default")

    assert "default" in available_themes()
    assert "--color-primary: #a3161a" in theme.css_variables()


SHOP_CSS = Path(__file__).resolve().parents[2] / "storefront" / "static" / "storefront" / "shop.css"


def stylesheet_text(static_path: str) -> str:
    slug = static_path.split("/")[1]
    return (THEMES_DIR / slug / "static" / static_path).read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", available_themes())
def test_every_colour_the_pages_use_is_one_of_the_themes_tokens(slug):
    theme = load_theme(slug)
    css = SHOP_CSS.read_text(encoding="utf-8") + "".join(map(stylesheet_text, theme.stylesheets))

    used = set(re.findall(r"var\(--([a-z0-9-]+)", css))

    assert used - set(theme.tokens) == set()


def untranslated_text(template: str) -> str:
    """A template's text left once comments, tags, variables, drawings and markup are taken out."""
    text = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", "", template, flags=re.DOTALL)
    return re.sub(r"<svg.*?</svg>|<[^>]+>", "", text, flags=re.DOTALL).strip()


@pytest.mark.parametrize("slug", available_themes())
def test_a_themes_templates_show_no_untranslated_text(slug):
    """What a visitor reads in an override is in {% translate %} (names come from the data)."""
    untranslated = {}
    for template in (THEMES_DIR / slug / "templates").rglob("*.html"):
        text = untranslated_text(template.read_text(encoding="utf-8"))
        if text:
            untranslated[template.name] = text[:80]

    assert untranslated == {}


def test_untranslated_text_in_a_template_is_noticed():
    """The check above can fail: a stray sentence survives the stripping."""
    template = '{% load i18n %}<p class="x">{% translate "Kept" %} Stray words</p><svg><g/></svg>'

    assert untranslated_text(template) == "Stray words"
