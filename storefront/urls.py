from django.urls import path

from storefront import views

app_name = "storefront"
urlpatterns = [
    path("", views.choose_channel, name="choose_channel"),
    path("<slug:channel>/", views.home, name="home"),
    path("<slug:channel>/products/", views.products, name="products"),
    path("<slug:channel>/products/<slug:slug>/", views.product, name="product"),
    path("<slug:channel>/provinces/<slug:slug>/", views.province, name="province"),
    path("<slug:channel>/producers/<slug:slug>/", views.producer, name="producer"),
    path("<slug:channel>/ocop-stars/", views.stars, name="stars"),
]
