import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from kunskapsnod.regions.models import GEOGRAPHIC_KINDS, Group, Meeting, Organisation, OrganisationKind, Person
from kunskapsnod.regions.permissions import writable_organisations
from kunskapsnod.regions.services import ORGANISATION_EDITABLE_FIELDS


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("webbplats"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ORGANISATION_EDITABLE_FIELDS


class ActorForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Typ"),
        choices=[("", "---------")] + [(k.value, k.label) for k in OrganisationKind if k not in GEOGRAPHIC_KINDS],
    )
    parent = forms.ModelChoiceField(Organisation.objects.none(), label=_("Ingår i"))
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea, required=False, max_length=5000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = writable_organisations(user).order_by("name")


class MeetingForm(forms.ModelForm):
    """Organisers are limited to what the user may change, so a forged choice is
    refused by the form before the service refuses it again."""

    class Meta:
        model = Meeting
        fields = ("date", "topic", "organiser", "municipality", "group", "participant_count", "attendees", "notes")
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "attendees": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = writable_organisations(user).order_by("name")
        # A meeting shows on its municipality's page, so only municipalities in scope.
        self.fields["municipality"].queryset = writable_organisations(user).municipalities().order_by("name")
        self.fields["attendees"].queryset = Person.objects.select_related("organisation")
        self.fields["attendees"].required = False
        if not self.fields["attendees"].queryset.exists():
            self.fields["attendees"].help_text = _(
                "Inga tjänstepersoner är registrerade ännu; registrera dem här nedanför."
            )


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ("name", "kind", "owner", "description", "members")
        widgets = {"members": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = writable_organisations(user).order_by("name")
        self.fields["members"].queryset = Person.objects.select_related("organisation")
        self.fields["members"].required = False


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ("name", "title", "email", "organisation")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = writable_organisations(user).order_by("name")
        if user.organisation_id and not self.initial.get("organisation"):
            self.initial["organisation"] = user.organisation_id


# The meeting form registers a missing official in place (MeetingForm + this, prefixed).
NEW_ATTENDEE_PREFIX = "ny-deltagare"


def new_attendee_form(data=None, *, user) -> PersonForm:
    """The person form inside the meeting form. Its fields carry no `required` attribute:
    they sit in a closed <details> that the browser would otherwise refuse to submit the
    meeting past; the server still requires a name when a person is added."""
    return PersonForm(data, prefix=NEW_ATTENDEE_PREFIX, user=user, use_required_attribute=False)


def meeting_draft(data) -> dict:
    """The meeting's fields as typed (a POST), as initial values of an unbound form: the
    meeting form is shown again, unsaved and without errors, after adding an official."""
    return {
        name: data.getlist(name) if name == "attendees" else data.get(name)
        for name in MeetingForm._meta.fields
        if name in data
    }


class PeriodForm(forms.Form):
    association = forms.ModelChoiceField(
        Organisation.objects.associations(), required=False, label=_("Kommunalförbund"), to_field_name="slug"
    )
    start = forms.DateField(required=False, label=_("Från och med"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, label=_("Till och med"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].empty_label = _("Alla kommunalförbund")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("Slutdatum kan inte vara före startdatum."))
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The chosen period; by default everything recorded up to today."""
        data = self.cleaned_data if self.is_valid() else {}
        today = datetime.date.today()
        first = Meeting.objects.order_by("date").values_list("date", flat=True).first()
        return data.get("start") or min(first or today, today), data.get("end") or today
