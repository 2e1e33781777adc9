"""An event's landing page, in the event's theme, and its share image.

Prices are Saleor's (``storefront.catalog.cards``): during the event its promotion has lowered
them, before and after it they are today's prices; nothing here computes a price.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from catalog_sync import validity
from events.models import Event
from events.share import share_image
from saleor_api.catalogue import Choice, ProductCard
from storefront import catalog
from storefront.channels import CHANNELS, language
from storefront.views import in_channel
from themes.selection import choose_theme


@dataclass(frozen=True)
class Producer:
    choice: Choice
    commune: str
    province: str
    products: int


def _producers(cards: list[ProductCard]) -> list[Producer]:
    found: dict[str, Producer] = {}
    for card in cards:
        producer = card.ocop.producer
        if producer is None:
            continue
        seen = found.get(producer.slug)
        found[producer.slug] = Producer(
            producer,
            card.ocop.commune,
            card.ocop.province.name if card.ocop.province else "",
            (seen.products if seen else 0) + 1,
        )
    return sorted(found.values(), key=lambda p: p.choice.name)


def _event(slug: str) -> Event:
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        raise Http404("no such event")
    return event


@require_GET
@in_channel
def landing(request: HttpRequest, channel: str, slug: str) -> HttpResponse:
    event = _event(slug)
    choose_theme(request, event.theme)
    now = timezone.now()
    phase = event.phase(now)
    code = get_language() or "vi"
    entries = list(event.featured())
    cards = catalog.cards(
        channel,
        language(),
        validity.ocop_today(),
        [e.product.saleor_product_id for e in entries if e.product.saleor_product_id],
    )
    left = max(int((event.starts_at - now).total_seconds()), 0)
    share_url = (
        request.build_absolute_uri(
            reverse("event_pages:share_image", kwargs={"channel": channel, "slug": event.slug})
        )
        + f"?v={int(event.updated_at.timestamp())}"
    )
    return render(
        request,
        "events/landing.html",
        {
            "event": event,
            "title": event.name_in(code),
            "title_translated": event.name_translated(code) or code == "vi",
            "phase": phase,
            "cards": cards,
            "producers": _producers(cards),
            "share_url": share_url,
            "days_to_start": left // 86400,
            "hours_to_start": left // 3600,
        },
        status=410 if phase == "cancelled" else 200,
    )


def _dates(event: Event) -> str:
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    return (
        f"{formats.date_format(start, 'DATE_FORMAT')} – {formats.date_format(end, 'DATE_FORMAT')}"
    )


@require_GET
def share(request: HttpRequest, channel: str, slug: str) -> HttpResponse:
    if channel not in CHANNELS:
        raise Http404("unknown channel")
    event = _event(slug)
    code = get_language() or "vi"
    cjk = code.split("-")[0] in {"zh", "ko", "ja"}
    png = share_image(
        f"{event.pk}:{int(event.updated_at.timestamp())}:{code}",
        title=event.name_in(code),
        dates=_dates(event),
        place=event.province,
        theme_slug=event.theme,
        cjk=cjk,
    )
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def running_events(moment: Any = None) -> list[Event]:
    """The events running now, for the home page's block."""
    return list(Event.objects.running_at(moment or timezone.now()).order_by("ends_at")[:4])
