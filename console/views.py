"""The province console: each view asks accounts.policy which province and objects the user may
reach (a 404 outside them), and leaves the work to console.services and catalog_sync."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts import policy
from accounts.policy import Province
from catalog_sync import validity
from catalog_sync.models import Certificate, SyncRun
from catalog_sync.services import expiring_soon
from catalog_sync.services import revoke as revoke_certificate
from console.forms import RevokeForm, UploadForm
from console.models import ListUpload
from console.problems import AUDIT_ACTIONS, explain, explain_audit
from console.services import UploadRefused, plan_upload, request_apply
from saleor_api.errors import SaleorError

PAGE_SIZE = 30
View = Callable[..., HttpResponse]


def events_url(province: Province) -> str:
    """The province's events (agriculture weeks, fairs): the events app's officer pages."""
    return reverse("events:manage")


def officer_view(view: View) -> View:
    """Signed-in staff and province officers only (others: 403); the URL's province must be one
    the user oversees (else 404)."""

    @wraps(view)
    @login_required
    @never_cache
    def wrapped(request: HttpRequest, province: str, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy.may_enter_console(request.user):
            raise PermissionDenied
        found = policy.overseen_province(request.user, province)
        if found is None:
            return render(request, "console/not_found.html", status=404)
        return view(request, found, *args, **kwargs)

    return wrapped


def _page(request: HttpRequest, province: Province, template: str, **context: Any) -> HttpResponse:
    status = context.pop("status", 200)
    return render(
        request,
        template,
        {
            "province": province,
            "provinces": policy.overseen_provinces(request.user) if request.user.is_staff else [],
            "events_url": events_url(province),
            **context,
        },
        status=status,
    )


@login_required
@never_cache
def home(request: HttpRequest) -> HttpResponse:
    """An officer goes to their province; staff choose one."""
    if not policy.may_enter_console(request.user):
        raise PermissionDenied
    provinces = policy.overseen_provinces(request.user)
    if len(provinces) == 1:
        return redirect("console:province", province=provinces[0].slug)
    with_products = set(
        policy.visible_producers(request.user)
        .exclude(province_key="")
        .values_list("province_key", flat=True)
    )
    return render(
        request,
        "console/choose.html",
        {"provinces": provinces, "with_products": with_products},
    )


@officer_view
def province(request: HttpRequest, province: Province) -> HttpResponse:
    products = policy.province_products(request.user, province)
    today = validity.ocop_today()
    ending = expiring_soon(today, products=products)
    return _page(
        request,
        province,
        "console/province.html",
        products=products.count(),
        shown=products.filter(shown=True).count(),
        ending=[(days, len(certs)) for days, certs in ending.items()],
        runs=policy.province_runs(request.user, province).order_by("-started_at")[:5],
        uploads=ListUpload.objects.of_province(province.key).filter(
            status=ListUpload.Status.PLANNED
        )[:5],
    )


@officer_view
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, province: Province) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                planned = plan_upload(
                    request.user,
                    province,
                    form.cleaned_data["file"],
                    decision_number=form.cleaned_data["decision_number"],
                    decided_on=form.cleaned_data["decided_on"],
                    issuing_authority=form.cleaned_data["issuing_authority"],
                )
            except UploadRefused as exc:
                form.add_error("file", str(exc))
            else:
                return redirect("console:upload_detail", province=province.slug, pk=planned.pk)
        return _page(request, province, "console/upload.html", form=form, status=400)
    return _page(request, province, "console/upload.html", form=form)


def _upload_of(province: Province, pk: int) -> ListUpload:
    return get_object_or_404(
        ListUpload.objects.of_province(province.key).select_related("run", "uploaded_by"), pk=pk
    )


@officer_view
def upload_detail(request: HttpRequest, province: Province, pk: int) -> HttpResponse:
    """The dry-run plan of an uploaded list, then (once applied) its progress and result."""
    planned = _upload_of(province, pk)
    plan = planned.plan
    return _page(
        request,
        province,
        "console/upload_detail.html",
        upload=planned,
        plan=plan,
        counts=plan.get("counts", {}),
        feed=plan.get("feed") or {},
        problems=[explain(r) for r in plan.get("rejected", [])],
        actions=plan.get("actions", []),
        status_url=reverse(
            "console:upload_status", kwargs={"province": province.slug, "pk": planned.pk}
        ),
    )


@officer_view
def apply(request: HttpRequest, province: Province, pk: int) -> HttpResponse:
    planned = _upload_of(province, pk)  # another province's upload is a 404, whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request_apply(request.user, planned):
        messages.success(request, _("The list is being applied. This page shows how far it is."))
    else:
        messages.info(request, _("This list was applied already."))
    return redirect("console:upload_detail", province=province.slug, pk=planned.pk)


def status_message(upload: ListUpload) -> str:
    if upload.status == ListUpload.Status.QUEUED:
        return _("Waiting to start…")
    if upload.status == ListUpload.Status.APPLYING:
        return _("Writing to the shop: %(done)s of %(total)s products.") % {
            "done": upload.processed,
            "total": upload.total,
        }
    if upload.status == ListUpload.Status.DONE:
        if upload.run and upload.run.status == SyncRun.Status.PARTIAL:
            return _("Done, with problems: see the run.")
        return _("Done: the list is in the shop.")
    if upload.status == ListUpload.Status.FAILED:
        return _("The run failed; nothing more will be written. See the reason below.")
    return ""


@officer_view
def upload_status(request: HttpRequest, province: Province, pk: int) -> HttpResponse:
    """What the upload page polls while the list is applied."""
    planned = _upload_of(province, pk)
    run = planned.run
    finished = planned.status in (ListUpload.Status.DONE, ListUpload.Status.FAILED)
    return JsonResponse(
        {
            "status": planned.status,
            "processed": planned.processed,
            "total": planned.total,
            "finished": finished,
            "message": status_message(planned),
            "error": planned.error if planned.status == ListUpload.Status.FAILED else "",
            "run": run.pk if run else None,
            "run_status": run.status if run else None,
            "counts": run.counts if run else {},
            "run_url": reverse("console:run", kwargs={"province": province.slug, "pk": run.pk})
            if run
            else "",
        }
    )


def _who(run: SyncRun) -> str:
    upload = run.uploads.select_related("applied_by").first()
    if upload and upload.applied_by:
        return str(upload.applied_by.email)
    actor = run.options.get("actor") if isinstance(run.options, dict) else None
    if actor:
        return str(actor)
    return _("the expiry sweep") if run.kind == "expire" else _("the command line")


def _source_name(run: SyncRun) -> str:
    upload = run.uploads.first()
    if upload:
        return upload.original_name
    return PurePath(run.source).name if run.source else ""


@officer_view
def runs(request: HttpRequest, province: Province) -> HttpResponse:
    found = policy.province_runs(request.user, province).order_by("-started_at", "-pk")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "run": run,
            "who": _who(run),
            "source": _source_name(run),
            "changes": policy.province_audit(request.user, province, run).count(),
        }
        for run in page.object_list
    ]
    return _page(request, province, "console/runs.html", page=page, rows=rows)


@officer_view
def run_detail(request: HttpRequest, province: Province, pk: int) -> HttpResponse:
    run = get_object_or_404(policy.province_runs(request.user, province), pk=pk)
    audit = policy.province_audit(request.user, province, run).select_related("product", "user")
    own = policy.run_is_the_provinces_own(run, province)
    issues = [
        explain(
            {
                "row": i.row_number,
                "sheet": i.sheet,
                "column": i.column,
                "kind": i.kind,
                "reason": i.reason,
            }
        )
        for i in (run.row_issues.all() if own else [])
    ]
    page = Paginator(audit, 100).get_page(request.GET.get("page"))
    events = [
        (event, AUDIT_ACTIONS.get(event.action, event.action), explain_audit(event.reason))
        for event in page.object_list
    ]
    return _page(
        request,
        province,
        "console/run.html",
        run=run,
        who=_who(run),
        source=_source_name(run),
        page=page,
        events=events,
        issues=issues,
        upload=run.uploads.first() if own else None,
    )


@officer_view
def products(request: HttpRequest, province: Province) -> HttpResponse:
    """The province's products with their current certificate, to find one to revoke."""
    query = request.GET.get("q", "").strip()[:100]
    found = policy.province_products(request.user, province).select_related("producer")
    if query:
        found = found.filter(Q(name__icontains=query) | Q(producer__name__icontains=query))
    page = Paginator(found.order_by("name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    today = validity.ocop_today()
    rows = []
    for product in page.object_list:
        certificate = product.current_certificate()
        rows.append(
            {
                "product": product,
                "certificate": certificate,
                "status": certificate.status_on(today) if certificate else "",
            }
        )
    return _page(request, province, "console/products.html", page=page, rows=rows, query=query)


@officer_view
@require_http_methods(["GET", "POST"])
def revoke(request: HttpRequest, province: Province, pk: int) -> HttpResponse:
    """Revoke a product's certificate: a form, a confirmation, then hidden in the shop at once."""
    product = get_object_or_404(
        policy.province_products(request.user, province).select_related("producer"), pk=pk
    )
    certificate = product.current_certificate()
    revocable = certificate is not None and certificate.status != Certificate.Status.REVOKED
    form = RevokeForm(request.POST or None)
    context: dict[str, Any] = {
        "product": product,
        "certificate": certificate,
        "revocable": revocable,
        "form": form,
    }
    if request.method == "POST":
        if not revocable:
            messages.info(request, _("This product has no certificate to revoke."))
            return redirect("console:products", province=province.slug)
        if not form.is_valid():
            return _page(request, province, "console/revoke.html", **context, status=400)
        if request.POST.get("confirmed") != "yes":
            return _page(request, province, "console/revoke.html", **context, confirm=True)
        user: Any = request.user
        reason = _("Decision %(number)s: %(reason)s") % {
            "number": form.cleaned_data["decision_number"],
            "reason": form.cleaned_data["reason"],
        }
        try:
            revoke_certificate(product, reason, actor=user.email[:200], user=user)
        except SaleorError:
            messages.error(
                request,
                _(
                    "The certificate is revoked, but the shop could not hide the product just "
                    "now. The nightly sweep hides it; to hide it at once, try again in a minute."
                ),
            )
        else:
            messages.success(
                request,
                _("The certificate of %(product)s is revoked; the shop no longer shows it.")
                % {"product": product.name},
            )
        return redirect("console:products", province=province.slug)
    return _page(request, province, "console/revoke.html", **context)


@officer_view
def expiring(request: HttpRequest, province: Province) -> HttpResponse:
    """Certificates ending in the next 30 days, then in 31 to 60 days."""
    today = validity.ocop_today()
    windows = expiring_soon(today, products=policy.province_products(request.user, province))
    ordered = sorted(windows)  # 30, 60
    groups = []
    shown: set[int] = set()
    for days in ordered:
        certificates = [c for c in windows[days] if c.pk not in shown]
        shown |= {c.pk for c in certificates}
        groups.append(
            {
                "days": days,
                "certificates": [(c, (c.valid_until - today).days) for c in certificates],
            }
        )
    return _page(
        request,
        province,
        "console/expiring.html",
        groups=groups,
        today=today,
        months=settings.OCOP_VALIDITY_MONTHS,
    )


@officer_view
def producers(request: HttpRequest, province: Province) -> HttpResponse:
    """The province's producers with their members and open invitations; inviting happens on
    the portal's members page (accounts' invitation flow)."""
    query = request.GET.get("q", "").strip()[:100]
    found = policy.province_producers(request.user, province)
    if query:
        found = found.filter(name__icontains=query)
    found = found.annotate(
        member_count=Count("members", distinct=True),
        open_invitations=Count(
            "invitations",
            filter=Q(invitations__used_at__isnull=True, invitations__expires_at__gt=timezone.now()),
            distinct=True,
        ),
    ).order_by("name", "pk")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    pending = (
        policy.province_invitations(request.user, province)
        .pending()
        .select_related("producer", "invited_by")[:20]
    )
    return _page(
        request, province, "console/producers.html", page=page, query=query, pending=pending
    )
