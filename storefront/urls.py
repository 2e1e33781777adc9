from django.urls import path

from storefront import cart, checkout_views, views

app_name = "storefront"
urlpatterns = [
    path("", views.choose_channel, name="choose_channel"),
    path("approximate/", views.approximate_prices, name="approximate"),
    path("<slug:channel>/", views.home, name="home"),
    path("<slug:channel>/products/", views.products, name="products"),
    path("<slug:channel>/products/<slug:slug>/", views.product, name="product"),
    path("<slug:channel>/provinces/<slug:slug>/", views.province, name="province"),
    path("<slug:channel>/producers/<slug:slug>/", views.producer, name="producer"),
    path("<slug:channel>/ocop-stars/", views.stars, name="stars"),
    path("<slug:channel>/cart/", cart.cart, name="cart"),
    path("<slug:channel>/cart/add/", cart.add, name="cart_add"),
    path("<slug:channel>/cart/update/", cart.update, name="cart_update"),
    path("<slug:channel>/cart/remove/", cart.remove, name="cart_remove"),
    path("<slug:channel>/checkout/", checkout_views.start, name="checkout"),
    path("<slug:channel>/checkout/email/", checkout_views.email, name="checkout_email"),
    path("<slug:channel>/checkout/address/", checkout_views.shipping, name="checkout_shipping"),
    path("<slug:channel>/checkout/delivery/", checkout_views.delivery, name="checkout_delivery"),
    path("<slug:channel>/checkout/billing/", checkout_views.billing, name="checkout_billing"),
    path("<slug:channel>/checkout/payment/", checkout_views.payment, name="checkout_payment"),
    path("<slug:channel>/checkout/pay/cod/", checkout_views.pay_cod, name="checkout_pay_cod"),
    path(
        "<slug:channel>/checkout/pay/stripe/", checkout_views.pay_stripe, name="checkout_pay_stripe"
    ),
    path(
        "<slug:channel>/checkout/pay/stripe/return/",
        checkout_views.stripe_return,
        name="checkout_stripe_return",
    ),
    path("<slug:channel>/orders/<int:number>/", checkout_views.order, name="order"),
    path("<slug:channel>/orders/", checkout_views.order_lookup, name="order_lookup"),
]
