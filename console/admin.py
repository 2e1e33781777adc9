from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from console.models import ListUpload


@admin.register(ListUpload)
class ListUploadAdmin(admin.ModelAdmin):
    """Lists uploaded in the province console: read-only here (the console plans and applies)."""

    list_display = ["original_name", "province", "status", "uploaded_by", "created_at", "run"]
    list_filter = ["status", "province"]
    search_fields = ["original_name", "province", "decision_number"]
    readonly_fields = [f.name for f in ListUpload._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
