"""The event form: names in the shop's languages, Vietnam-time dates, products, discount, theme."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog_sync import validity
from catalog_sync.models import OcopProduct
from catalog_sync.public import certified_on
from events.models import Event
from portal.forms import PriceField
from saleor_api import blueprint as bp
from themes.selection import theme_choices

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
RESERVED_SLUGS = {"new"}  # the officer pages' own addresses
LANGUAGE_LABELS = (
    ("name_vi", _("Name in Vietnamese")),
    ("name_en", _("Name in English")),
    ("name_fr", _("Name in French")),
    ("name_zh_hans", _("Name in Chinese (simplified)")),
    ("name_ko", _("Name in Korean")),
    ("name_ja", _("Name in Japanese")),
)


def vietnam() -> ZoneInfo:
    return ZoneInfo(settings.OCOP_TIMEZONE)


class VietnamDateTimeField(forms.DateTimeField):
    """A date and time typed in Vietnam time (whatever the server's zone), stored aware."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"], **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime) and timezone.is_aware(value):
            return value.astimezone(vietnam()).strftime(DATETIME_FORMAT)
        return value

    def to_python(self, value: Any) -> datetime | None:
        with timezone.override(vietnam()):
            return super().to_python(value)


class ProductChoices(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: OcopProduct) -> str:
        return f"{obj.name} — {obj.producer.name}"


def eligible_products(event: Event | None, province_key: str | None) -> QuerySet[OcopProduct]:
    """What an event may feature: products certified today (or on its first day, if later) in
    its province, any province for a national event (``province_key`` None); the products it
    already has stay choosable so an edit does not drop them silently."""
    day = validity.ocop_today()
    if event is not None and event.starts_at:
        day = max(day, validity.ocop_today(event.starts_at))
    products = certified_on(day, province_key).select_related("producer")
    if event is not None and event.pk:
        kept = event.featured().values_list("product_id", flat=True)
        products = OcopProduct.objects.filter(
            pk__in=products.values("pk")
        ) | OcopProduct.objects.filter(pk__in=kept)
        products = products.select_related("producer")
    return products.order_by("province", "name")


class EventForm(forms.ModelForm):
    starts_at = VietnamDateTimeField(label=_("Starts (Vietnam time)"))
    ends_at = VietnamDateTimeField(label=_("Ends (Vietnam time)"))
    theme = forms.ChoiceField(label=_("Theme"), choices=())
    discount_kind = forms.ChoiceField(
        label=_("Discount"),
        widget=forms.RadioSelect,
        choices=(
            ("none", _("No discount")),
            ("percentage", _("A percentage off every product")),
            ("fixed", _("A fixed amount off every product, per currency")),
        ),
        initial="none",
    )
    discount_percent = forms.DecimalField(
        label=_("Percentage off"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal("90"),
        decimal_places=2,
    )
    products = ProductChoices(label=_("Featured products"), queryset=OcopProduct.objects.none())

    class Meta:
        model = Event
        fields = [
            "slug",
            "name_vi",
            "name_en",
            "name_fr",
            "name_zh_hans",
            "name_ko",
            "name_ja",
            "starts_at",
            "ends_at",
            "theme",
            "discount_kind",
            "discount_percent",
        ]

    def __init__(
        self, *args: Any, province_key: str | None, province: str, national: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.province_key = province_key
        self.province = province
        self.national = national
        for name, label in LANGUAGE_LABELS:
            self.fields[name].label = label
        self.fields["name_vi"].required = True
        self.fields["slug"].label = _("Address of its page")
        self.fields["slug"].help_text = _(
            "Lower-case letters, digits and hyphens; it cannot change later."
        )
        if self.instance.pk:
            del self.fields["slug"]  # the page's address and Saleor's names hang on it
        cast(forms.ChoiceField, self.fields["theme"]).choices = theme_choices()
        for channel in bp.CHANNELS:
            self.fields[f"discount_{channel.slug}"] = PriceField(
                currency=channel.currency,
                label=_("Amount off in %(currency)s") % {"currency": channel.currency},
                initial=self.instance.discount_amounts.get(channel.slug)
                if self.instance.pk
                else None,
            )
        cast(ProductChoices, self.fields["products"]).queryset = eligible_products(
            self.instance if self.instance.pk else None, None if national else province_key
        )
        if self.instance.pk:
            self.fields["products"].initial = list(
                self.instance.featured().values_list("product_id", flat=True)
            )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is taken by the shop; choose another."))
        if Event.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Another event has this address; choose another."))
        return str(slug)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        kind = data.get("discount_kind")
        if kind == "percentage" and not data.get("discount_percent"):
            self.add_error("discount_percent", _("Type the percentage off, e.g. 10."))
        amounts = {
            channel.slug: data.get(f"discount_{channel.slug}")
            for channel in bp.CHANNELS
            if data.get(f"discount_{channel.slug}")
        }
        if kind == "fixed" and not amounts:
            self.add_error(
                f"discount_{bp.CHANNELS[0].slug}",
                _("Type the amount off in at least one currency."),
            )
        data["discount_amounts"] = {slug: str(amount) for slug, amount in amounts.items()}
        return data

    def save(self, commit: bool = True) -> Event:
        event: Event = super().save(commit=False)
        data = self.cleaned_data
        event.is_national = self.national
        event.province = "" if self.national else self.province
        event.province_key = "" if self.national else (self.province_key or "")
        kind = data["discount_kind"]
        event.discount_percent = data.get("discount_percent") if kind == "percentage" else None
        event.discount_amounts = data["discount_amounts"] if kind == "fixed" else {}
        event.saleor_state = Event.SaleorState.PENDING
        event.save()
        self._save_products(event, list(data["products"]))
        return event

    def _save_products(self, event: Event, products: list[OcopProduct]) -> None:
        from events.models import EventProduct

        chosen = {product.pk: index for index, product in enumerate(products)}
        event.entries.filter(removed_at__isnull=True).exclude(product_id__in=chosen).delete()
        for product_id, position in chosen.items():
            EventProduct.objects.update_or_create(
                event=event,
                product_id=product_id,
                defaults={"position": position, "removed_at": None, "removed_reason": ""},
            )
