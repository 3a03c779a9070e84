import datetime

from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kunskapsnod.knowledge.access import owner_choices
from kunskapsnod.knowledge.models import OWNER_KINDS, PROJECT_FIELDS, Entry, EntryKind, Status
from kunskapsnod.knowledge.register import Show
from kunskapsnod.mapping.access import latest_model
from kunskapsnod.mapping.models import Actor, Level, Theme
from kunskapsnod.regions.models import Organisation


def current_themes():
    model = latest_model()
    return Theme.objects.filter(model=model) if model else Theme.objects.none()


def current_levels():
    model = latest_model()
    return Level.objects.filter(model=model) if model else Level.objects.none()


class EntryFilterForm(forms.Form):
    """The list's filters (GET), also read by the JSON API."""

    kind = forms.ChoiceField(choices=[("", _("Alla"))] + EntryKind.choices, required=False, label=_("Typ"))
    theme = forms.ModelChoiceField(Theme.objects.none(), required=False, label=_("Tema"), empty_label=_("Alla"))
    level = forms.ModelChoiceField(Level.objects.none(), required=False, label=_("Nivå"), empty_label=_("Alla"))
    municipality = forms.ModelChoiceField(
        Organisation.objects.municipalities(),
        required=False,
        to_field_name="slug",
        label=_("Kommun"),
        empty_label=_("Alla"),
    )
    status = forms.ChoiceField(choices=[("", _("Alla"))] + Status.choices, required=False, label=_("Status"))

    def __init__(self, data=None, *, show_status: bool = False, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["theme"].queryset = current_themes()
        self.fields["level"].queryset = current_levels()
        if not show_status:
            del self.fields["status"]

    def filter(self, entries):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("kind"):
            entries = entries.filter(kind=data["kind"])
        if data.get("theme"):
            entries = entries.filter(themes=data["theme"])
        if data.get("level"):
            entries = entries.filter(level=data["level"])
        if data.get("municipality"):
            m = data["municipality"]
            entries = entries.filter(Q(owner=m) | Q(municipalities=m))
        if data.get("status"):
            entries = entries.filter(status=data["status"])
        return entries.distinct().order_by(F("published_at").desc(nulls_last=True), "-updated_at", "-pk")


class LinksField(forms.CharField):
    """Links as text, one per line: the address first, then an optional text."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        text = super().to_python(value)
        pairs = []
        for line in text.splitlines():
            url, _space, label = line.strip().partition(" ")
            if url:
                pairs.append((url, label.strip()))
        return pairs

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{url} {label}".strip() for url, label in value)
        return value


class EntryForm(forms.ModelForm):
    """Owners are limited to what the user may change, themes and level to the current
    analysis model, so a forged choice is refused by the form before the service refuses
    it again."""

    # The kind whose entries have the project fields (entry_form.js shows them for it).
    project_kind = EntryKind.PROJECT.value
    actors = forms.MultipleChoiceField(
        choices=Actor.choices, required=False, widget=forms.CheckboxSelectMultiple, label=_("Aktörer")
    )
    links = LinksField(
        required=False,
        label=_("Länkar"),
        help_text=_("En per rad: adressen först, sedan en text, t.ex. https://example.se/rapport Slutrapporten."),
    )

    class Meta:
        model = Entry
        fields = (
            "kind", "owner", "title", "summary", "body", "themes", "level", "target_group", "target_age",
            "actors", "municipalities", "contact_name", "contact_email", "contact_phone", "links",
            *PROJECT_FIELDS,
        )  # fmt: skip
        widgets = {
            "title": forms.TextInput(attrs={"maxlength": 200}),
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "themes": forms.CheckboxSelectMultiple,
            "municipalities": forms.CheckboxSelectMultiple,
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "budget": forms.NumberInput(attrs={"min": 0, "step": 1}),
            "modules": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "results": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "summary": _("Ett par meningar som visas i listan och i flödet."),
            "body": _("Markdown: **fet**, *kursiv*, # Rubrik, - punkt, [text](https://adress). HTML visas som text."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Whoever may edit an entry may change its owner, so the current owner is among these.
        owners = owner_choices(user)
        self.fields["owner"].queryset = owners
        if not self.instance.pk:
            own = owners.filter(pk=getattr(user, "organisation_id", None)).first()
            self.initial.setdefault("owner", own.pk if own else None)
        self.fields["themes"].queryset = current_themes()
        self.fields["level"].queryset = current_levels()
        self.fields["municipalities"].queryset = Organisation.objects.municipalities().order_by("name")
        self.fields["project_owner"].queryset = Organisation.objects.order_by("name")
        if self.instance.pk:
            self.initial["actors"] = self.instance.actor_values
            self.initial["links"] = [(link.url, link.label) for link in self.instance.links.all()]

    def common_fields(self):
        return [self[name] for name in self.fields if name not in PROJECT_FIELDS]

    def project_fields(self):
        return [self[name] for name in self.fields if name in PROJECT_FIELDS]

    def relations(self) -> dict:
        return {
            "themes": self.cleaned_data["themes"],
            "actors": self.cleaned_data["actors"],
            "municipalities": self.cleaned_data["municipalities"],
            "links": self.cleaned_data["links"],
        }


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("PDF, Word, Excel, PowerPoint eller OpenDocument. Filens innehåll avgör vilken typ den är."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp"},
        ),
    )


class DigestForm(forms.Form):
    """The period of a digest (GET); by default the last 30 days."""

    fran = forms.DateField(label=_("Från"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    till = forms.DateField(label=_("Till"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    MAX_DAYS = 3 * 366

    def period(self) -> tuple[datetime.date, datetime.date]:
        today = datetime.date.today()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        end = data.get("till") or today
        start = data.get("fran") or _days_before(end, 30)
        if start > end:
            start, end = end, start
        return max(start, _days_before(end, self.MAX_DAYS)), end


def _days_before(day: datetime.date, days: int) -> datetime.date:
    try:
        return day - datetime.timedelta(days=days)
    except OverflowError:  # a period typed as ending in year 1
        return datetime.date.min


class ProjectRegisterForm(forms.Form):
    """The project register's filters (GET), also read by its JSON twin and the export."""

    organisation = forms.ModelChoiceField(
        Organisation.objects.filter(kind__in=OWNER_KINDS).order_by("kind", "name"),
        required=False,
        to_field_name="slug",
        label=_("Kommun eller förbund"),
        empty_label=_("Alla"),
    )
    visa = forms.ChoiceField(choices=Show.CHOICES, required=False, label=_("Visa"))

    def selection(self) -> tuple[Organisation | None, str]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("organisation"), data.get("visa") or Show.RUNNING
