"""What the catalogue sync tells the rest of the project."""

from django.dispatch import Signal

# Sent after a sync, a sweep or a revocation wrote to Saleor (kwargs: run, the SyncRun or None).
catalogue_changed = Signal()
