from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from catalog_sync.api import graphql_view
from config.health import healthz
from storefront.views import sitemap

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("saleor/", include("saleor_app.urls")),
    path("payments/", include("payments.urls")),
    path("api/graphql", graphql_view, name="registry-graphql"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, name="sitemap"),
    # The QR code on a package points here: no language prefix, the visitor's language is used.
    path("", include("traceability.urls")),
]
urlpatterns += i18n_patterns(
    # The producers' side (/vi/portal/; a bare /portal/ is sent to the visitor's language), before
    # the storefront, whose /<channel>/ would take "portal" for a channel.
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("portal/", include("portal.urls")),
    # Province events: the officers' pages (before the province console's "province/"), and each
    # event's landing page /<channel>/events/<slug>/ (before the storefront's "<channel>/").
    path("province/events/", include("events.report_urls")),
    path("province/events/", include("events.urls")),
    path("", include("events.public_urls")),
    path("province/", include("console.urls")),
    path("", include("storefront.urls")),
    prefix_default_language=True,
)
