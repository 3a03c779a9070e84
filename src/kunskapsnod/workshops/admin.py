from django.contrib import admin

from kunskapsnod.admin_writes import ScopedAdmin
from kunskapsnod.workshops.models import Note, Workshop


class NoteInline(admin.TabularInline):
    model = Note
    # The theme is read-only: a board sorted by theme sets it through its service, which
    # keeps it to the workshop's analysis model version.
    fields = ["text", "placement", "theme", "hidden", "merged_into"]
    readonly_fields = ["theme", "merged_into"]
    extra = 0


@admin.register(Workshop)
class WorkshopAdmin(ScopedAdmin):
    list_display = ["title", "organisation", "join_code", "phase", "created_at"]
    list_filter = ["phase", "note_kind"]
    search_fields = ["title", "join_code", "organisation__name"]
    readonly_fields = ["join_code", "created_at", "closed_at", "results_saved_at"]
    inlines = [NoteInline]
