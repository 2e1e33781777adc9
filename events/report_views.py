"""An event's sales report, for the officers of its province and staff:
``/<language>/province/events/<slug>/report/`` (``?format=csv`` or ``xlsx`` to download).

The event is looked up through ``Event.objects.manageable_by`` (a 404 outside the user's scope),
as every officer page is; the report itself is ``reports``'.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from events.models import Event
from reports.sales import ReportSpec
from reports.views import report_response


def event_report_spec(event: Event, language: str) -> ReportSpec:
    """The event's featured products (those taken out during it too: they sold while in it) over
    its dates; while it runs, up to now, so the days before compare as many hours."""
    now = timezone.now()
    ends_at = event.ends_at
    if event.starts_at < now < ends_at:
        ends_at = now
    product_ids = [
        entry.product.saleor_product_id
        for entry in event.entries.select_related("product").order_by("position", "id")
        if entry.product.saleor_product_id
    ]
    return ReportSpec(
        title=event.name_in(language),
        product_ids=product_ids,
        starts_at=event.starts_at,
        ends_at=ends_at,
        channels=None,
    )


@login_required
@require_GET
def event_report(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.manageable_by(request.user), slug=slug)
    spec = event_report_spec(event, get_language() or "vi")
    return report_response(request, spec, request.GET.get("format", "html"))
