from django.urls import path

from traceability import views

app_name = "traceability"
urlpatterns = [
    path("verify/", views.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>", views.verify_certificate, name="verify"),
]
