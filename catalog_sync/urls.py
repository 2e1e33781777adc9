from django.urls import path

from catalog_sync import views

app_name = "catalog_sync"
urlpatterns = [
    path("verify/<str:code>", views.verify_certificate, name="verify"),
]
