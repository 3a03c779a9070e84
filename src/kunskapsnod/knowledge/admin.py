"""The knowledge bank in Django's admin: to look, and to delete. Entries change only
through their workflow (knowledge/services.py) on the site's pages, so that no change
skips the permission rule, the node's review or the attachment checks; a delete (one or
"delete selected") goes through ``delete_entry``, which checks the rule and takes the
entry out of the search index in its transaction."""

from django.contrib import admin

from kunskapsnod.admin_writes import ScopedAdmin
from kunskapsnod.knowledge.models import Attachment, Entry
from kunskapsnod.knowledge.services import delete_entry


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ("name", "kind", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Entry)
class EntryAdmin(ScopedAdmin):
    owner_field = "owner"
    service_keyword = "entry"
    delete_service = staticmethod(delete_entry)
    list_display = ("title", "kind", "status", "owner", "published_at", "updated_at")
    list_filter = ("kind", "status")
    search_fields = ("title", "summary")
    list_select_related = ("owner",)
    inlines = [AttachmentInline]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
