from django.http import HttpRequest

from themes.registry import DEFAULT_THEME, load_theme


def theme(request: HttpRequest) -> dict[str, object]:
    slug = getattr(request, "theme_slug", DEFAULT_THEME)
    return {"theme": load_theme(slug)}
