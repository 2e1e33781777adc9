"""The producers' portal: each view asks accounts.policy what the user may reach, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import policy
from accounts.forms import InvitationForm
from accounts.models import Invitation
from accounts.services import InvitationNotSent, invite
from catalog_sync import validity
from catalog_sync.models import AuditEvent, Certificate, OcopProduct, Producer
from catalog_sync.public import PublicStatus, public_status
from catalog_sync.services import store_layout
from portal import photos, uploads
from portal.forms import ListingForm, ShipForm
from portal.services import save_listing
from saleor_api import gateway
from saleor_api.connection import get_client
from saleor_api.errors import SaleorError
from saleor_api.types import LineToShip, Listing
from traceability.fonts import LabelFontMissing
from traceability.labels import labels_for
from traceability.models import ScanCount
from traceability.render import label_pdf, label_svg, sheet_pdf
from traceability.scans import scan_counts

PAGE_SIZE = 30
SAVED_FIELDS = {
    "description": gettext_lazy("description"),
    "translations": gettext_lazy("translations"),
    "prices": gettext_lazy("prices"),
    "stock": gettext_lazy("stock"),
    "weight_grams": gettext_lazy("weight"),
}


WARNING_DAYS = 60  # the first certificate mail goes this many days before the end


@dataclass(frozen=True)
class Row:
    product: OcopProduct
    certificate: Certificate | None
    status: PublicStatus | None
    ends_in: int | None = None  # days left, when the certificate ends within WARNING_DAYS


def _rows(products: list[OcopProduct]) -> list[Row]:
    today = validity.ocop_today()
    rows = []
    for product in products:
        certificate = product.current_certificate()
        status = public_status(certificate, today) if certificate else None
        ends_in = None
        if certificate is not None and status is PublicStatus.VALID:
            left = (certificate.valid_until - today).days
            ends_in = left if left <= WARNING_DAYS else None
        rows.append(Row(product, certificate, status, ends_in))
    return rows


@login_required
def home(request: HttpRequest) -> HttpResponse:
    products = policy.editable_products(request.user).select_related("producer").order_by("name")
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/home.html",
        {
            "page": page,
            "rows": _rows(list(page.object_list)),
            "member": policy.member_of(request.user),
            "can_invite": policy.can_invite(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def product(request: HttpRequest, pk: int) -> HttpResponse:
    listing_product = get_object_or_404(
        policy.editable_products(request.user).select_related("producer"), pk=pk
    )
    [row] = _rows([listing_product])
    context = {"row": row, "product": listing_product}
    if not listing_product.saleor_product_id:
        return render(request, "portal/product.html", {**context, "not_in_shop": True})
    try:
        client = get_client()
        layout = store_layout(client)
        listing = gateway.get_listing(client, layout, listing_product.saleor_product_id)
    except SaleorError:
        return render(request, "portal/product.html", {**context, "unreachable": True}, status=503)
    if listing is None:
        return render(request, "portal/product.html", {**context, "not_in_shop": True})
    form = ListingForm(request.POST or None, listing=listing, layout=layout)
    if request.method == "POST":
        if form.is_valid():
            try:
                written = save_listing(
                    client, layout, request.user, listing_product, listing, form.edit()
                )
            except SaleorError:
                messages.error(
                    request,
                    _(
                        "The shop could not save your changes just now. Nothing you typed is "
                        "lost: press Save again in a minute."
                    ),
                )
            else:
                if written:
                    messages.success(
                        request,
                        _("Saved: %(fields)s. The shop shows it within a minute.")
                        % {"fields": ", ".join(str(SAVED_FIELDS[f]) for f in written)},
                    )
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect("portal:product", pk=listing_product.pk)
        else:
            messages.error(request, _("Please correct what is marked in red below."))
    return render(
        request,
        "portal/product.html",
        {
            **context,
            "form": form,
            "listing": listing,
            "layout": layout,
            "s3_uploads": uploads.enabled(),
            "max_photo_mb": int(settings.PORTAL_PHOTO_MAX_BYTES) // (1024 * 1024),
        },
    )


@login_required
def producers(request: HttpRequest) -> HttpResponse:
    """Producers the user oversees (staff, a province officer), to invite their members."""
    visible = policy.visible_producers(request.user).order_by("name")
    page = Paginator(visible, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/producers.html",
        {"page": page, "can_invite": policy.can_invite(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, pk: int) -> HttpResponse:
    """A producer's members and invitations; staff and its province's officer invite here."""
    producer = get_object_or_404(policy.visible_producers(request.user), pk=pk)
    may_invite = policy.invitable_producers(request.user).filter(pk=pk).exists()
    if request.method == "POST" and not may_invite:
        raise Http404
    form = InvitationForm(request.POST or None) if may_invite else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            invitation = invite(
                request.user,
                producer,
                form.cleaned_data["email"],
                language=form.cleaned_data["language"],
                base_url=request.build_absolute_uri("/"),
            )
        except InvitationNotSent:
            messages.error(
                request,
                _(
                    "The email could not be sent just now, so no invitation was made. "
                    "Try again in a few minutes."
                ),
            )
            return _members_page(request, producer, form, status=503)
        messages.success(
            request,
            _("Invitation sent to %(email)s. The link works once, for %(days)s days.")
            % {"email": invitation.email, "days": Invitation.lifetime().days},
        )
        return redirect("portal:members", pk=invitation.producer_id)
    return _members_page(request, producer, form)


def _members_page(
    request: HttpRequest, producer: Producer, form: InvitationForm | None, status: int = 200
) -> HttpResponse:
    """The producer's members, its unused invitations and the invitation form."""
    return render(
        request,
        "portal/members.html",
        {
            "producer": producer,
            "members": producer.members.select_related("user").order_by("joined_at"),
            "invitations": producer.invitations.filter(used_at__isnull=True),
            "form": form,
        },
        status=status,
    )


def _lines_of(user: Any) -> tuple[list[LineToShip], dict[str, OcopProduct]]:
    products = {
        p.saleor_product_id: p for p in policy.editable_products(user).exclude(saleor_product_id="")
    }
    return gateway.order_lines_of(get_client(), products), products


@login_required
def orders(request: HttpRequest) -> HttpResponse:
    """The order lines of the user's own products: to ship first, then those sent."""
    try:
        lines, _products = _lines_of(request.user)
    except SaleorError:
        return render(request, "portal/orders.html", {"unreachable": True}, status=503)
    return render(
        request,
        "portal/orders.html",
        {
            "to_ship": [line for line in lines if line.to_ship and line.paid],
            "sent": [line for line in lines if not line.to_ship],
            "form": ShipForm(),
        },
    )


@login_required
@require_http_methods(["POST"])
def ship(request: HttpRequest, order_id: str, line_id: str) -> HttpResponse:
    """Mark a line of one of the user's own products sent, with the carrier and tracking."""
    try:
        lines, products = _lines_of(request.user)
    except SaleorError:
        messages.error(
            request, _("The shop's catalogue does not answer just now. Try again in a minute.")
        )
        return redirect("portal:orders")
    line = next((x for x in lines if x.order_id == order_id and x.line_id == line_id), None)
    if line is None:
        raise Http404
    form = ShipForm(request.POST)
    if not form.is_valid() or not line.to_ship or not line.paid:
        messages.error(request, _("Type the carrier and the tracking number."))
        return redirect("portal:orders")
    tracking = f"{form.cleaned_data['carrier']} {form.cleaned_data['tracking']}".strip()
    user: Any = request.user
    try:
        gateway.ship_line(get_client(), store_layout(get_client()), line, tracking)
    except SaleorError as exc:
        AuditEvent.objects.create(
            product=products[line.product_id],
            action=AuditEvent.Action.FAILED,
            reason=f"portal: order {line.order_number} not marked sent: {exc}"[:1000],
            actor=user.email[:200],
            user=user,
        )
        messages.error(request, _("The shop could not save this just now. Try again in a minute."))
        return redirect("portal:orders")
    AuditEvent.objects.create(
        product=products[line.product_id],
        action=AuditEvent.Action.SHIPPED,
        reason=f"portal: order {line.order_number}, {line.to_ship} sent"[:1000],
        actor=user.email[:200],
        user=user,
        before={"order": line.order_number, "quantity_fulfilled": line.quantity_fulfilled},
        after={
            "order": line.order_number,
            "quantity_fulfilled": line.quantity,
            "tracking": tracking,
        },
    )
    messages.success(
        request,
        _("Order %(number)s marked sent. The buyer sees the tracking number on their order page.")
        % {"number": line.order_number},
    )
    return redirect("portal:orders")


# --- Photos ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Editing:
    product: OcopProduct
    client: Any
    listing: Listing


def _editing(request: HttpRequest, pk: int) -> _Editing:
    """The user's product and its listing in Saleor; 404 outside the user's scope, SaleorError
    when Saleor does not answer."""
    product = get_object_or_404(policy.editable_products(request.user), pk=pk)
    if not product.saleor_product_id:
        raise Http404
    client = get_client()
    listing = gateway.get_listing(client, store_layout(client), product.saleor_product_id)
    if listing is None:
        raise Http404
    return _Editing(product, client, listing)


def _photo_of(editing: _Editing, media_id: str) -> None:
    """404 unless the photo is one of this product's (another product's photo does not exist)."""
    if media_id not in {photo.id for photo in editing.listing.photos}:
        raise Http404


SHOP_DOWN = gettext_lazy(
    "The shop could not save this just now. Nothing is lost: try again in a minute."
)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _added_message(request: HttpRequest, count: int) -> None:
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s photo added. The shop shows it within a minute.",
                "%(count)s photos added. The shop shows them within a minute.",
                count,
            )
            % {"count": count},
        )


@login_required
@require_http_methods(["POST"])
def photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Photos sent to the shop itself (no S3 configured, or no JavaScript): the same checks."""
    try:
        editing = _editing(request, pk)
    except SaleorError:
        messages.error(request, str(SHOP_DOWN))
        return redirect("portal:product", pk=pk)
    files = request.FILES.getlist("photos")
    if not files:
        messages.error(request, _("Choose or take a photo first."))
        return redirect("portal:product", pk=pk)
    if len(files) > photos.MAX_FILES:
        messages.error(
            request, _("Send at most %(count)s photos at a time.") % {"count": photos.MAX_FILES}
        )
        return redirect("portal:product", pk=pk)
    images = []
    limit = int(settings.PORTAL_PHOTO_MAX_BYTES)
    for upload in files:
        try:
            if upload.size is not None and upload.size > limit:
                data = b"\0" * (limit + 1)  # refused by size without being read
            else:
                data = upload.read(limit + 1)
            images.append(
                photos.prepared_photo(data, upload.name or "", photos.default_alt(editing.product))
            )
        except photos.PhotoRefused as refused:
            messages.error(request, str(refused))
    try:
        added = photos.add_photos(
            editing.client, request.user, editing.product, editing.listing, images
        )
    except SaleorError:
        messages.error(request, str(SHOP_DOWN))
        return redirect("portal:product", pk=pk)
    _added_message(request, len(added))
    return redirect(reverse("portal:product", args=[pk]) + "#photos")


@login_required
@require_http_methods(["POST"])
def photo_presign(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the phone sends one photo (a presigned S3 POST) and the token to claim it."""
    product = get_object_or_404(policy.editable_products(request.user), pk=pk)
    if not uploads.enabled():
        raise Http404
    try:
        post = uploads.presign(
            product.pk, int(request.user.pk or 0), request.POST.get("content_type", "")
        )
    except photos.PhotoRefused as refused:
        messages.error(request, str(refused))
        return JsonResponse({"error": str(refused)}, status=400)
    return JsonResponse({"url": post.url, "fields": post.fields, "token": post.token})


@login_required
@require_http_methods(["POST"])
def photo_uploaded(request: HttpRequest, pk: int) -> HttpResponse:
    """A photo the phone put in S3: read back, checked, cleaned and added to the product."""
    product = get_object_or_404(policy.editable_products(request.user), pk=pk)
    key = uploads.claim(request.POST.get("token", ""), product.pk, int(request.user.pk or 0))
    if key is None or not uploads.enabled():
        raise Http404
    try:
        editing = _editing(request, pk)
        data = uploads.take(key)
        image = photos.prepared_photo(
            data, request.POST.get("name", ""), photos.default_alt(editing.product)
        )
        photos.add_photos(editing.client, request.user, editing.product, editing.listing, [image])
    except photos.PhotoRefused as refused:
        messages.error(request, str(refused))
        return JsonResponse({"error": str(refused)}, status=400)
    except (SaleorError, uploads.UploadStoreDown):
        messages.error(request, str(SHOP_DOWN))
        return JsonResponse({"error": str(SHOP_DOWN)}, status=503)
    _added_message(request, 1)
    return JsonResponse({"added": 1})


@login_required
@require_http_methods(["POST"])
def photo_move(request: HttpRequest, pk: int, media_id: str) -> HttpResponse:
    try:
        editing = _editing(request, pk)
        _photo_of(editing, media_id)
        step = -1 if request.POST.get("direction") == "earlier" else 1
        if photos.move_photo(
            editing.client, request.user, editing.product, editing.listing, media_id, step
        ):
            messages.success(request, _("Photo moved. The first photo is the one shown in lists."))
    except SaleorError:
        messages.error(request, str(SHOP_DOWN))
    return redirect(reverse("portal:product", args=[pk]) + "#photos")


@login_required
@require_http_methods(["POST"])
def photo_delete(request: HttpRequest, pk: int, media_id: str) -> HttpResponse:
    try:
        editing = _editing(request, pk)
        _photo_of(editing, media_id)
        photos.delete_photo(
            editing.client, request.user, editing.product, editing.listing, media_id
        )
    except SaleorError:
        messages.error(request, str(SHOP_DOWN))
    else:
        messages.success(request, _("Photo deleted."))
    return redirect(reverse("portal:product", args=[pk]) + "#photos")


@login_required
@require_http_methods(["POST"])
def photo_alt(request: HttpRequest, pk: int, media_id: str) -> HttpResponse:
    try:
        editing = _editing(request, pk)
        _photo_of(editing, media_id)
        alt = request.POST.get("alt", "").strip()
        if not alt:
            messages.error(request, _("Say in a few words what the photo shows."))
        elif photos.set_photo_alt(
            editing.client, request.user, editing.product, editing.listing, media_id, alt
        ):
            messages.success(request, _("The photo's description is saved."))
    except SaleorError:
        messages.error(request, str(SHOP_DOWN))
    return redirect(reverse("portal:product", args=[pk]) + "#photos")


# --- Labels and scans --------------------------------------------------------------------------

SCAN_DAYS = 30


def _label_language() -> str:
    """Labels are printed in the portal's language (the shop's languages all have one)."""
    return get_language() or "vi"


@login_required
def labels(request: HttpRequest) -> HttpResponse:
    """The user's products with a label to download each, and all of them on A4 sheets."""
    products = policy.editable_products(request.user).select_related("producer")
    batch = labels_for(products, language=_label_language())
    pks = dict(products.values_list("code", "pk"))
    rows = [(one, pks[one.code]) for one in batch.labels]
    return render(request, "portal/labels.html", {"batch": batch, "rows": rows})


@login_required
def labels_sheet(request: HttpRequest) -> HttpResponse:
    batch = labels_for(
        policy.editable_products(request.user).select_related("producer"),
        language=_label_language(),
    )
    if not batch.labels:
        messages.error(
            request, _("No product has a valid certificate: there is no label to print.")
        )
        return redirect("portal:labels")
    try:
        pdf = sheet_pdf(batch.labels, title=_("OCOP labels"))
    except LabelFontMissing:
        messages.error(request, _("The labels cannot be drawn just now. Tell the shop's staff."))
        return redirect("portal:labels")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="ocop-labels.pdf"'
    return response


@login_required
def label(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """One product's label, as a PDF at the label's size or an SVG."""
    products = policy.editable_products(request.user).filter(pk=pk)
    product = get_object_or_404(products)
    if fmt not in ("pdf", "svg"):
        raise Http404
    batch = labels_for(products, language=_label_language())
    if not batch.labels:
        messages.error(
            request,
            _("%(name)s has no label: its certificate is not valid today.")
            % {"name": product.name},
        )
        return redirect("portal:labels")
    [one] = batch.labels
    try:
        if fmt == "pdf":
            response = HttpResponse(label_pdf(one), content_type="application/pdf")
        else:
            response = HttpResponse(label_svg(one), content_type="image/svg+xml")
    except LabelFontMissing:
        messages.error(request, _("The labels cannot be drawn just now. Tell the shop's staff."))
        return redirect("portal:labels")
    response["Content-Disposition"] = f'attachment; filename="ocop-label-{one.code}.{fmt}"'
    return response


@dataclass(frozen=True)
class ScanRow:
    product: OcopProduct
    days: list[int]  # scans per day, oldest first, the last SCAN_DAYS days
    week: int
    month: int
    total: int

    @property
    def sparkline(self) -> str:
        """The points of a 120×24 polyline of the days' counts."""
        top = max(self.days) or 1
        step = 120 / max(len(self.days) - 1, 1)
        return " ".join(
            f"{i * step:.1f},{22 - 20 * count / top:.1f}" for i, count in enumerate(self.days)
        )


@login_required
def scans(request: HttpRequest) -> HttpResponse:
    """How often each of the user's products' QR codes was scanned: 7 and 30 days, in all."""
    products = list(policy.editable_products(request.user).order_by("name")[:200])
    today = validity.ocop_today()
    start = today - timedelta(days=SCAN_DAYS - 1)
    queryset = policy.editable_products(request.user).filter(pk__in=[p.pk for p in products])
    per_day: dict[tuple[str, Any], int] = {
        (row.product_code, row.day): row.count for row in scan_counts(queryset, start, today)
    }
    totals = dict(
        ScanCount.objects.filter(product__in=queryset)
        .values_list("product_id")
        .annotate(total=Sum("count"))
        .values_list("product_id", "total")
    )
    rows = []
    for product in products:
        days = [per_day.get((product.code, start + timedelta(days=i)), 0) for i in range(SCAN_DAYS)]
        rows.append(
            ScanRow(product, days, sum(days[-7:]), sum(days), int(totals.get(product.pk) or 0))
        )
    rows.sort(key=lambda row: (-row.month, -row.total, row.product.name))
    return render(
        request,
        "portal/scans.html",
        {"rows": rows, "days": SCAN_DAYS, "start": start, "today": today},
    )
