from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("invitation/<str:token>/", views.accept_invitation, name="invitation"),
]
