from django.http import HttpRequest

from themes.loader import shop_theme
from themes.registry import load_theme
from themes.selection import request_theme


def theme(request: HttpRequest) -> dict[str, object]:
    """``theme``: the page's theme (its tokens, stylesheets, drawings); ``shop_theme``: the shop's
    own, whose name is the shop's brand whichever theme a page is drawn in."""
    return {"theme": request_theme(request), "shop_theme": load_theme(shop_theme())}
