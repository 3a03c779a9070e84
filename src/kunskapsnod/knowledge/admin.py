"""The knowledge bank in Django's admin: to look, not to write. Entries change only
through their workflow (knowledge/services.py) on the site's pages, so that no change
skips the permission rule, the node's review or the attachment checks."""

from django.contrib import admin

from kunskapsnod.knowledge.models import Attachment, Entry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ("name", "kind", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "status", "owner", "published_at", "updated_at")
    list_filter = ("kind", "status")
    search_fields = ("title", "summary")
    list_select_related = ("owner",)
    inlines = [AttachmentInline]
