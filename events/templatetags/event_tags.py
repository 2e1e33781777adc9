"""{% running_events %}: the home page's small block of the events running now."""

from __future__ import annotations

from typing import Any

from django import template

from events.public_views import running_events as running

register = template.Library()


@register.inclusion_tag("events/_running.html", takes_context=True)
def running_events(context: dict[str, Any]) -> dict[str, Any]:
    from django.utils.translation import get_language

    return {
        "events": [(event, event.name_in(get_language() or "vi")) for event in running()],
        "channel": context.get("channel"),
    }
