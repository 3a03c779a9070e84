from django import forms
from django.utils.translation import gettext_lazy as _

from kunskapsnod.followup.access import organiser_choices
from kunskapsnod.followup.models import Activity, ActorGroup, Event, ReportText
from kunskapsnod.followup.services.plans import member_priorities
from kunskapsnod.followup.terms import focus_areas
from kunskapsnod.regions.models import Organisation

DATE = {"type": "date"}


def _date_widget():
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


class ActivityForm(forms.ModelForm):
    """The choices are the association's: its members and their prioritised needs."""

    focus_area = forms.ChoiceField(label=_("Fokusområde"), required=False)

    class Meta:
        model = Activity
        fields = (
            "title",
            "description",
            "focus_area",
            "strategy",
            "priorities",
            "municipalities",
            "responsible",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "status",
            "outcome",
        )
        widgets = {
            "priorities": forms.CheckboxSelectMultiple,
            "municipalities": forms.CheckboxSelectMultiple,
            "planned_start": _date_widget(),
            "planned_end": _date_widget(),
            "actual_start": _date_widget(),
            "actual_end": _date_widget(),
        }

    def __init__(self, *args, association: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].choices = [("", ""), *[(name, name) for name in focus_areas()]]
        current = self.instance.focus_area if self.instance else ""
        if current and current not in focus_areas():  # a name from an older model stays choosable
            self.fields["focus_area"].choices.append((current, current))
        self.fields["priorities"].queryset = member_priorities(association).order_by("municipality__name", "rank")
        self.fields["priorities"].label_from_instance = lambda p: f"{p.municipality.name}: {p.rank}. {p.text}"
        self.fields["municipalities"].queryset = Organisation.objects.members_of(association)

    def clean(self):
        data = super().clean()
        for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
            if data.get(start) and data.get(end) and data[end] < data[start]:
                self.add_error(end, _("Slutet kan inte ligga före starten."))
        return data


class DecideForm(forms.Form):
    decided_on = forms.DateField(label=_("Beslutsdatum"), widget=_date_widget())
    decided_by = forms.CharField(label=_("Beslutat av"), max_length=200, required=False, initial="Styrgruppen")


class PlanViewForm(forms.Form):
    VIEWS = (
        ("lista", _("Alla aktiviteter")),
        ("fokus", _("Per fokusområde")),
        ("strategi", _("Per strategi")),
        ("kvartal", _("Per kvartal")),
        ("behov", _("Prioriterade behov utan aktivitet")),
    )
    visa = forms.ChoiceField(label=_("Visa"), choices=VIEWS, required=False)

    def view(self) -> str:
        return (self.cleaned_data.get("visa") or "lista") if self.is_valid() else "lista"


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ("title", "kind", "date", "organiser", "place", "notes")
        widgets = {"date": _date_widget()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organiser_choices(user)


class ParticipantFileForm(forms.Form):
    file = forms.FileField(
        label=_("Deltagarlista (CSV eller Excel)"),
        help_text=_(
            "Som registreringsverktyget exporterar den: kolumner för namn, e-post, organisation, kommun och "
            "roll. Semikolon eller komma, UTF-8 eller Windows-1252."
        ),
    )


class ReportTextForm(forms.ModelForm):
    class Meta:
        model = ReportText
        fields = ("foreword", "conclusions")
        widgets = {"foreword": forms.Textarea(attrs={"rows": 8}), "conclusions": forms.Textarea(attrs={"rows": 8})}


def resolution_fields(unknown) -> dict[str, forms.Field]:
    """One actor-group choice (and an optional municipality) per unknown organisation,
    named by position so that a name with any characters makes a safe field name."""
    fields: dict[str, forms.Field] = {}
    municipalities = Organisation.objects.municipalities().order_by("name")
    for index, item in enumerate(unknown):
        fields[f"grupp_{index}"] = forms.ChoiceField(
            label=_("Aktörsgrupp för ”%(name)s”") % {"name": item.name},
            choices=[(g.value, g.label) for g in ActorGroup if g != ActorGroup.UNKNOWN],
            initial=item.guess if item.guess != ActorGroup.UNKNOWN else ActorGroup.OTHER,
        )
        fields[f"kommun_{index}"] = forms.ModelChoiceField(
            label=_("Kommun för ”%(name)s” (om någon)") % {"name": item.name},
            queryset=municipalities,
            required=False,
        )
    return fields


class ConfirmImportForm(forms.Form):
    keep_good_rows = forms.BooleanField(label=_("Spara de felfria raderna trots felen"), required=False)

    def __init__(self, *args, unknown, **kwargs):
        super().__init__(*args, **kwargs)
        self.unknown = unknown
        self.fields.update(resolution_fields(unknown))

    def resolutions(self):
        from kunskapsnod.followup.services import Match

        found = {}
        for index, item in enumerate(self.unknown):
            municipality = self.cleaned_data.get(f"kommun_{index}")
            found[item.key] = Match(
                None, municipality.pk if municipality else None, self.cleaned_data[f"grupp_{index}"]
            )
        return found
