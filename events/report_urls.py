"""The event report, under /<language>/province/events/ (its own namespace: the report is
``reports``' page, tests/reports/test_event_report_isolation.py walks these URLs)."""

from django.urls import path

from events import report_views

app_name = "event_reports"

urlpatterns = [
    path("<slug:slug>/report/", report_views.event_report, name="report"),
]
