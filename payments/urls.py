from django.urls import path

from payments import views

app_name = "payments"
urlpatterns = [
    path("saleor/gateway-initialize/", views.gateway_initialize, name="gateway-initialize"),
    path(
        "saleor/transaction-initialize/",
        views.transaction_initialize,
        name="transaction-initialize",
    ),
    path("saleor/transaction-process/", views.transaction_process, name="transaction-process"),
    path("saleor/transaction-charge/", views.transaction_charge, name="transaction-charge"),
    path("saleor/transaction-refund/", views.transaction_refund, name="transaction-refund"),
    path("saleor/transaction-cancel/", views.transaction_cancel, name="transaction-cancel"),
    path("stripe/webhook", views.stripe_webhook, name="stripe-webhook"),
]
