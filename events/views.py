"""Officer pages: a province officer runs its province's events, staff every event.

Every event is looked up through ``Event.objects.manageable_by`` (a 404 outside the user's
scope); tests/events/test_isolation.py fails when a URL here has no isolation test.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import policy
from events.forms import EventForm
from events.models import Event
from events.tasks import schedule_sync
from storefront.channels import default_channel


def _scope(user: Any) -> tuple[str | None, str, bool]:
    """(province key, province name, may run national events) of who may create events; 404
    for anyone who may not."""
    if user.is_staff:
        return None, "", True
    officer = policy.officer_of(user)
    if officer is None:
        raise Http404("not a province officer")
    return officer.province_key, officer.province, False


def _event(request: HttpRequest, slug: str) -> Event:
    return get_object_or_404(Event.objects.manageable_by(request.user), slug=slug)


def _push(request: HttpRequest, event: Event) -> None:
    """Write the event to Saleor now; when Saleor fails, say so (it is tried again soon)."""
    if schedule_sync(event.pk):
        messages.success(request, _("Saved. Prices and the collection are up to date in Saleor."))
    else:
        messages.warning(
            request,
            _(
                "Saved. The shop could not update Saleor just now (the discount and the "
                "collection); it tries again every few minutes, and this page shows when it is "
                "done."
            ),
        )


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    _scope(request.user)
    events = Event.objects.manageable_by(request.user).prefetch_related("entries")
    now = timezone.now()
    rows = [(event, event.phase(now)) for event in events]
    return render(request, "events/manage.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    province_key, province, may_be_national = _scope(request.user)
    national = may_be_national and request.POST.get("national", request.GET.get("national")) == "1"
    if may_be_national and not national:
        province_key = request.POST.get("province_key", request.GET.get("province_key", ""))
        province = _province_name(province_key)
        if not province_key or not province:
            return render(request, "events/choose_province.html", {"provinces": _provinces()})
    form = EventForm(
        request.POST or None, province_key=province_key, province=province, national=national
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            event = form.save(commit=False)
            event.created_by = cast(Any, request.user)
            event.save(update_fields=["created_by"])
        _push(request, event)
        return redirect("events:edit", slug=event.slug)
    return render(
        request,
        "events/form.html",
        {"form": form, "province": province, "national": national, "province_key": province_key},
    )


def _provinces() -> list[tuple[str, str]]:
    from catalog_sync.public import certified_on
    from catalog_sync.validity import ocop_today

    pairs = certified_on(ocop_today()).values_list("province_key", "province").distinct()
    return sorted({(key, name) for key, name in pairs if key}, key=lambda p: p[1])


def _province_name(key: str) -> str:
    return dict(_provinces()).get(key, "") if key else ""


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    now = timezone.now()
    read_only = event.cancelled or event.phase(now) == "after"
    form = EventForm(
        None if read_only else (request.POST or None),
        instance=event,
        province_key=event.province_key or None,
        province=event.province,
        national=event.is_national,
    )
    if request.method == "POST" and not read_only and form.is_valid():
        with transaction.atomic():
            event = form.save()
        _push(request, event)
        return redirect("events:edit", slug=event.slug)
    return render(
        request,
        "events/form.html",
        {
            "form": form,
            "event": event,
            "phase": event.phase(now),
            "read_only": read_only,
            "province": event.province,
            "national": event.is_national,
            "removed": event.entries.filter(removed_at__isnull=False).select_related("product"),
            "landing_url": reverse(
                "event_pages:landing",
                kwargs={"channel": default_channel(get_language() or "vi"), "slug": event.slug},
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    if event.cancelled or event.phase(timezone.now()) == "after":
        messages.info(request, _("This event has ended; there is nothing to cancel."))
        return redirect("events:edit", slug=event.slug)
    if request.method == "POST":
        Event.objects.filter(pk=event.pk).update(
            status=Event.Status.CANCELLED, saleor_state=Event.SaleorState.PENDING
        )
        event.refresh_from_db()
        _push(request, event)
        messages.info(request, _("The event is cancelled: its discount has ended."))
        return redirect("events:manage")
    return render(request, "events/cancel.html", {"event": event})


@login_required
@require_http_methods(["GET", "POST"])
def retry(request: HttpRequest, slug: str) -> HttpResponse:
    """Try the Saleor writes again now (POST; a GET just goes back to the event)."""
    event = _event(request, slug)
    if request.method == "POST":
        _push(request, event)
    return redirect("events:edit", slug=event.slug)
