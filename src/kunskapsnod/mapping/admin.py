from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kunskapsnod.admin_writes import ScopedAdmin
from kunskapsnod.mapping import services
from kunskapsnod.mapping.models import (
    AnalysisModel,
    Classification,
    Item,
    Level,
    Priority,
    Source,
    Theme,
    ThemeMapping,
)
from kunskapsnod.search import services as search

PRESTUDY_FILE = "sjuharad-forstudie-2022.json"


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0


@admin.register(AnalysisModel)
class AnalysisModelAdmin(admin.ModelAdmin):
    list_display = ("version", "name", "created_from")
    inlines = [ThemeInline, LevelInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The search facets show the newest version's themes and levels, as after
        # create_model_version: a version added or renumbered here, or the newest one's
        # themes and levels edited, changes them for every document.
        model = form.instance
        others = AnalysisModel.objects.exclude(pk=model.pk).aggregate(newest=Max("version"))["newest"] or 0
        was_newest = change and form.initial.get("version", 0) > others
        if was_newest or model.version > others:
            search.reindex_all()


@admin.register(ThemeMapping)
class ThemeMappingAdmin(admin.ModelAdmin):
    list_display = ("old", "new")


@admin.action(
    description=format_lazy(
        _("Importera förstudien 2022 (data/{file}); ändrar inget som redan finns"), file=PRESTUDY_FILE
    )
)
def import_prestudy_action(modeladmin, request, queryset):
    path = settings.DATA_DIR / PRESTUDY_FILE
    try:
        data = services.read_document(path.name, path.read_bytes())
        summary = services.import_prestudy(actor=request.user, data=data)
    except (services.MappingError, services.PermissionDenied) as exc:
        modeladmin.message_user(request, str(exc), messages.ERROR)
        return
    modeladmin.message_user(request, gettext("Förstudien: %(summary)s") % {"summary": summary}, messages.SUCCESS)


@admin.register(Source)
class SourceAdmin(ScopedAdmin):
    owner_field = "municipality"
    list_display = ("municipality", "label", "date", "meeting", "workshop_ref")
    list_filter = ("municipality",)
    actions = [import_prestudy_action]

    def changelist_view(self, request, extra_context=None):
        # The import needs no selection: treat it as acting on all rows, so it also
        # runs when there are no sources yet.
        wants_import = request.method == "POST" and request.POST.get("action") == "import_prestudy_action"
        if wants_import and not request.POST.getlist(ACTION_CHECKBOX_NAME):
            post = request.POST.copy()
            post["select_across"] = "1"
            post.setlist(ACTION_CHECKBOX_NAME, ["0"])
            request.POST = post
        return super().changelist_view(request, extra_context)


@admin.register(Item)
class ItemAdmin(ScopedAdmin):
    owner_field = "municipality"
    service_keyword = "item"
    save_service = staticmethod(services.save_item)
    delete_service = staticmethod(services.delete_item)
    list_display = ("text", "kind", "municipality", "source", "parent")
    list_filter = ("kind", "municipality")
    search_fields = ("text",)
    raw_id_fields = ("parent", "source")


class ClassificationForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        version, level, themes = cleaned.get("model"), cleaned.get("level"), cleaned.get("themes") or []
        if version and level and any(row.model_id != version.pk for row in (level, *themes)):
            raise ValidationError(gettext("teman och nivå måste höra till den valda versionen av analysmodellen"))
        return cleaned


@admin.register(Classification)
class ClassificationAdmin(ScopedAdmin):
    """Edits a row in place through ``save_classification``, which re-indexes the item: an
    item's current classification is its theme and level facets in search."""

    form = ClassificationForm
    list_display = ("item", "model", "level", "is_current", "created_at")
    list_filter = ("model", "is_current")
    raw_id_fields = ("item", "derived_from")

    def owner(self, obj):
        return obj.item.municipality

    def save_model(self, request, obj, form, change):
        services.save_classification(actor=request.user, classification=obj, themes=list(form.cleaned_data["themes"]))

    def save_related(self, request, form, formsets, change):
        # The service has set the themes; saving the form's many-to-many again would only
        # repeat it. The model has no inlines.
        pass


@admin.register(Priority)
class PriorityAdmin(ScopedAdmin):
    owner_field = "municipality"
    list_display = ("text", "rank", "municipality", "source", "dots")
    list_filter = ("municipality",)
    raw_id_fields = ("parent", "need")
