from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from config.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("saleor/", include("saleor_api.urls")),
]
urlpatterns += i18n_patterns(
    path("", include("storefront.urls")),
    prefix_default_language=True,
)
