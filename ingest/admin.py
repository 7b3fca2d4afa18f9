"""Admin for ingest runs and the audit trail (the audit trail is read-only)."""

from django.contrib import admin
from django.http import HttpRequest

from ingest.models import AuditEvent, IngestRun


@admin.register(IngestRun)
class IngestRunAdmin(admin.ModelAdmin):
    list_display = [
        "original_filename",
        "status",
        "progress",
        "stage",
        "disclosure",
        "created_by",
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["original_filename", "sha256"]
    readonly_fields = ["sha256", "issues", "line_count", "started_at", "finished_at", "created_at"]
    raw_id_fields = ["disclosure"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "target", "run", "disclosure"]
    list_filter = ["action"]
    search_fields = ["action", "target"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
