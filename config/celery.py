"""The Celery app: worker and beat read their configuration from Django settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("ocop_shop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
