"""The producers' portal: each view asks accounts.policy what the user may reach, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts import policy
from accounts.forms import InvitationForm
from accounts.models import Invitation
from accounts.services import InvitationNotSent, invite
from catalog_sync import validity
from catalog_sync.models import AuditEvent, Certificate, OcopProduct, Producer
from catalog_sync.public import PublicStatus, public_status
from catalog_sync.services import store_layout
from portal.forms import ListingForm, ShipForm
from portal.services import save_listing
from saleor_api import gateway
from saleor_api.connection import get_client
from saleor_api.errors import SaleorError
from saleor_api.types import LineToShip

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
        {**context, "form": form, "listing": listing, "layout": layout},
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
