from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kunskapsnod.indicators.models import ImportBatch, Indicator, Value, ValueRevision


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """Kolada's KPIs come from the metadata load; own indicators are defined, changed and
    filled on their staff pages (/statistik/egna/), whose services check the owner and
    audit. Here an own indicator is read only, and nothing is added."""

    list_display = ("code", "title", "source_name", "owner", "in_default_set", "theme", "higher_is_better")
    list_filter = ("in_default_set", "higher_is_better", "municipality_type", "in_kolada", "owner")
    list_select_related = ("owner",)
    search_fields = ("code", "title")
    ordering = ("-in_default_set", "sort_order", "code")

    @admin.display(description=_("källa"))
    def source_name(self, obj):
        return obj.source_name

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj is not None and obj.is_own)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_own)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("started_at", "source", "created", "updated", "unchanged", "skipped", "actor")
    readonly_fields = ("started_at", "finished_at", "created", "updated", "unchanged", "skipped")


@admin.register(Value)
class ValueAdmin(admin.ModelAdmin):
    """Read-only: values change only through the importer, which keeps their history."""

    list_display = ("indicator", "area", "period", "gender", "value", "status", "fetched_at")
    list_filter = ("gender", "period")
    list_select_related = ("indicator", "area")
    search_fields = ("indicator__code", "area__name", "area__kolada_id")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ValueRevision)
class ValueRevisionAdmin(admin.ModelAdmin):
    list_display = ("value_row", "previous_value", "previous_status", "changed_at", "batch")
    list_select_related = ("value_row", "batch")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
