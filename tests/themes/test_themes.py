import pytest

from themes.registry import available_themes, contrast_ratio, load_theme

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
