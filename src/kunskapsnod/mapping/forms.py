from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kunskapsnod.mapping.access import latest_model, writable_municipalities
from kunskapsnod.mapping.models import (
    Actor,
    AgeGroup,
    AnalysisModel,
    Item,
    Kind,
    Level,
    Priority,
    Scope,
    Source,
    Theme,
)
from kunskapsnod.regions.models import Meeting, Organisation
from kunskapsnod.text import parse_id


class ScopeForm(forms.Form):
    """Which municipalities and which model version a page is about (GET)."""

    version = forms.ModelChoiceField(
        AnalysisModel.objects.all(),
        required=False,
        to_field_name="version",
        label=_("Analysmodell"),
        empty_label=None,
    )
    association = forms.ModelChoiceField(
        Organisation.objects.associations(),
        required=False,
        to_field_name="slug",
        label=_("Kommunalförbund"),
        empty_label=_("Alla"),
    )
    municipality = forms.ModelChoiceField(
        Organisation.objects.municipalities(),
        required=False,
        to_field_name="slug",
        label=_("Kommun"),
        empty_label=_("Alla"),
    )

    def __init__(self, data=None, **kwargs):
        latest = latest_model()
        if data and not data.get("version") and latest:
            data = data.copy()
            data["version"] = str(latest.version)  # the page shows the version it uses
        super().__init__(data or None, **kwargs)
        self.fields["version"].initial = latest

    def data_or_empty(self) -> dict:
        return self.cleaned_data if self.is_bound and self.is_valid() else {}

    def model(self) -> AnalysisModel | None:
        return self.data_or_empty().get("version") or latest_model()

    def municipalities(self):
        """The chosen municipalities; None means all of them (no filter needed)."""
        data = self.data_or_empty()
        if data.get("municipality"):
            return Organisation.objects.filter(pk=data["municipality"].pk)
        if data.get("association"):
            return Organisation.objects.members_of(data["association"])
        return None

    def scope_label(self) -> str:
        data = self.data_or_empty()
        chosen = data.get("municipality") or data.get("association")
        return chosen.name if chosen else str(_("alla kommuner"))

    def query(self, **extra) -> str:
        """The scope as a query string, for links to the list behind a cell."""
        data = self.data_or_empty()
        params = {
            k: getattr(data.get(k), attr)
            for k, attr in (("version", "version"), ("association", "slug"), ("municipality", "slug"))
            if data.get(k)
        }
        model = self.model()
        if model and "version" not in params:
            params["version"] = model.version
        return urlencode({**params, **extra})


class ItemFilterForm(ScopeForm):
    kind = forms.ChoiceField(choices=[("", _("Alla"))] + Kind.choices, required=False, label=_("Typ"))
    theme = forms.ModelChoiceField(Theme.objects.none(), required=False, label=_("Tema"), empty_label=_("Alla"))
    level = forms.ModelChoiceField(Level.objects.none(), required=False, label=_("Nivå"), empty_label=_("Alla"))
    actor = forms.ChoiceField(choices=[("", _("Alla"))] + Actor.choices, required=False, label=_("Aktör"))
    scope = forms.ChoiceField(choices=[("", _("Alla"))] + Scope.choices, required=False, label=_("Lösning (behov)"))
    target_age = forms.ChoiceField(choices=[("", _("Alla"))] + AgeGroup.choices, required=False, label=_("Målgrupp"))
    source = forms.ModelChoiceField(
        Source.objects.select_related("municipality"), required=False, label=_("Källa"), empty_label=_("Alla")
    )
    unclassified = forms.BooleanField(required=False, label=_("Bara oklassificerade"))
    q = forms.CharField(required=False, label=_("Fritext"), max_length=200)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        version = parse_id((data or {}).get("version"))
        model = AnalysisModel.objects.filter(version=version).first() if version is not None else None
        model = model or latest_model()
        self.fields["source"].label_from_instance = lambda s: f"{s.municipality}: {s}"
        self.fields["theme"].queryset = Theme.objects.filter(model=model)
        self.fields["level"].queryset = Level.objects.filter(model=model)

    def filter(self, items):
        data = self.data_or_empty()
        if self.municipalities() is not None:
            items = items.filter(municipality__in=self.municipalities())
        model = self.model()
        if data.get("kind"):
            items = items.filter(kind=data["kind"])
        current = {"classifications__is_current": True, "classifications__model": model}
        if data.get("theme"):
            items = items.filter(**current, classifications__themes=data["theme"])
        if data.get("level"):
            items = items.filter(**current, classifications__level=data["level"])
        if data.get("actor"):
            items = items.filter(actor_links__actor=data["actor"])
        if data.get("source"):
            items = items.filter(source=data["source"])
        for field in ("scope", "target_age"):
            if data.get(field):
                items = items.filter(**{field: data[field]})
        if data.get("unclassified") and model:
            items = items.unclassified_in(model)
        if data.get("q"):
            items = items.filter(Q(text__icontains=data["q"]) | Q(parts__text__icontains=data["q"]))
        return items.distinct()


class ItemForm(forms.ModelForm):
    """Choices are limited to what the user may change, so a forged municipality is
    refused by the form before the service refuses it again."""

    actors = forms.MultipleChoiceField(
        choices=Actor.choices, required=False, widget=forms.CheckboxSelectMultiple, label=_("Aktörer")
    )

    meeting = forms.ModelChoiceField(
        Meeting.objects.none(),
        required=False,
        label=_("Eller: från mötet"),
        help_text=_("Välj ett registrerat möte i stället för en källa; lämna båda tomma om posten matas in för hand."),
        empty_label=_("Välj möte …"),
    )

    class Meta:
        model = Item
        fields = ("kind", "text", "municipality", "source", "meeting", "parent", "target_age", "scope")
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "maxlength": 2000})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = writable_municipalities(user)
        self.fields["municipality"].queryset = municipalities
        self.fields["source"].queryset = Source.objects.filter(municipality__in=municipalities).select_related(
            "municipality"
        )
        self.fields["source"].label_from_instance = lambda s: f"{s.municipality}: {s}"
        self.fields["meeting"].queryset = Meeting.objects.filter(municipality__in=municipalities).select_related(
            "municipality"
        )
        parents = Item.objects.top_level().filter(municipality__in=municipalities).select_related("municipality")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda i: f"{i.municipality}: {i.get_kind_display()} – {i}"
        self.fields["scope"].help_text = _("Bara för behov.")
        if self.instance.pk:
            self.initial["actors"] = self.instance.actor_values

    def clean(self):
        data = super().clean()
        if data.get("kind") != Kind.NEED:
            data["scope"] = ""  # only needs are internal or sub-regional
        meeting, municipality = data.get("meeting"), data.get("municipality")
        if meeting and municipality and meeting.municipality_id != municipality.pk:
            self.add_error("meeting", _("Mötet hölls med en annan kommun."))
        return data


class ClassifyForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        Theme.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Tema (ett eller flera)")
    )
    level = forms.ModelChoiceField(Level.objects.none(), widget=forms.RadioSelect, label=_("Nivå"), empty_label=None)

    def __init__(self, *args, model: AnalysisModel, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = model
        self.fields["themes"].queryset = model.themes.all()
        self.fields["level"].queryset = model.levels.all()


class BulkClassifyForm(ClassifyForm):
    items = forms.ModelMultipleChoiceField(
        Item.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Poster att klassificera")
    )

    def __init__(self, *args, model, items, **kwargs):
        super().__init__(*args, model=model, **kwargs)
        self.fields["items"].queryset = items


class PriorityClassifyForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        Theme.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Tema (ett eller flera)")
    )
    priorities = forms.ModelMultipleChoiceField(
        Priority.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Prioriteringar")
    )

    def __init__(self, *args, model, priorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = model.themes.all()
        self.fields["priorities"].queryset = priorities


class ModelVersionForm(forms.Form):
    """A new version from an old one: each old theme and level gets a name field (same
    name keeps, new name renames, one name for several merges, empty removes)."""

    name = forms.CharField(label=_("Namn på den nya versionen"), max_length=200)
    notes = forms.CharField(label=_("Vad ändrades och varför"), required=False, widget=forms.Textarea)
    new_themes = forms.CharField(
        label=_("Nya teman (ett per rad)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    new_levels = forms.CharField(
        label=_("Nya nivåer (en per rad)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, base: AnalysisModel, **kwargs):
        super().__init__(*args, **kwargs)
        for theme in base.themes.all():
            self.fields[f"theme_{theme.pk}"] = forms.CharField(
                label=_("Tema: %(name)s") % {"name": theme.name},
                initial=theme.name,
                required=False,
                max_length=200,
                help_text=_("Lämna tomt för att ta bort temat; samma namn på flera teman slår ihop dem."),
            )
        for level in base.levels.all():
            self.fields[f"level_{level.pk}"] = forms.CharField(
                label=_("Nivå: %(name)s") % {"name": level.name}, initial=level.name, required=False, max_length=200
            )

    def names(self, prefix: str) -> dict[int, str]:
        return {
            int(key.removeprefix(prefix)): value for key, value in self.cleaned_data.items() if key.startswith(prefix)
        }

    def added(self, field: str) -> list[str]:
        return [line for line in self.cleaned_data[field].splitlines() if line.strip()]


class VersionMappingForm(forms.Form):
    """For each theme and level of the earlier version: where it went in this one."""

    def __init__(self, *args, target: AnalysisModel, **kwargs):
        super().__init__(*args, **kwargs)
        base = target.created_from
        self.theme_fields, self.level_fields = [], []
        for theme in base.themes.all():
            name = f"theme_{theme.pk}"
            self.fields[name] = forms.ModelMultipleChoiceField(
                target.themes.all(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=_("%(name)s (v%(v)s) blev") % {"name": theme.name, "v": base.version},
                initial=[m.new_id for m in theme.mapped_to.filter(new__model=target)],
            )
            self.theme_fields.append(name)
        for level in base.levels.all():
            name = f"level_{level.pk}"
            current = level.mapped_to.filter(new__model=target).first()
            self.fields[name] = forms.ModelChoiceField(
                target.levels.all(),
                required=False,
                empty_label=_("Ingen motsvarighet"),
                label=_("Nivån %(name)s (v%(v)s) blev") % {"name": level.name, "v": base.version},
                initial=current.new_id if current else None,
            )
            self.level_fields.append(name)

    def theme_map(self) -> dict[int, list[int]]:
        return {int(n.removeprefix("theme_")): [t.pk for t in self.cleaned_data[n]] for n in self.theme_fields}

    def level_map(self) -> dict[int, int | None]:
        return {
            int(n.removeprefix("level_")): (self.cleaned_data[n].pk if self.cleaned_data[n] else None)
            for n in self.level_fields
        }


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil (.json, .csv eller .xlsx)"),
        help_text=_(
            "Samma format som exporten. Allt kontrolleras innan något sparas; poster som redan finns "
            "uppdateras, inget tas bort."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Filen är större än %(size)s; dela upp den i flera filer.") % {"size": filesizeformat(limit)}
            )
        return upload


class PriorityNeedForm(forms.Form):
    need = forms.ModelChoiceField(
        Item.objects.none(),
        required=False,
        label=_("Behovet som prioriteringen avser"),
        empty_label=_("Inget (ta bort kopplingen)"),
    )

    def __init__(self, *args, priority: Priority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = Item.objects.needs().filter(municipality=priority.municipality_id)
        self.fields["need"].initial = priority.need_id
