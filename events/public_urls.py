"""The public side of events: /<language>/<channel>/events/<slug>/ and its share image. Included
before the storefront, whose <channel>/ patterns would not match it but whose channel check would."""

from django.urls import path

from events import public_views

app_name = "event_pages"

urlpatterns = [
    path("<slug:channel>/events/<slug:slug>/", public_views.landing, name="landing"),
    path("<slug:channel>/events/<slug:slug>/share.png", public_views.share, name="share_image"),
]
