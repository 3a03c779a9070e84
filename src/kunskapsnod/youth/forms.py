"""Forms of the youth module. Free-text fields carry a warning of what must not be
written there (``FREE_TEXT_WARNING``), shown as their help text."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kunskapsnod.youth.models import (
    Consent,
    ConsentTopic,
    ContactAttempt,
    Gender,
    KaaStatus,
    Measure,
    Module,
    Outcome,
    SchoolThreshold,
)

FREE_TEXT_WARNING = _(
    "Skriv bara det som behövs för planen. Skriv inte om hälsa, diagnoser, religion, etnicitet, "
    "sexualitet, brott eller orsaker till frånvaro här: sådant kräver ett dokumenterat samtycke och "
    "skrivs då under ”Känsliga uppgifter”. Den unga kan begära ut allt som står här."
)
DATE = forms.DateInput(attrs={"type": "date"})


class MunicipalityChoiceForm(forms.Form):
    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"] = forms.ModelChoiceField(
            municipalities, label=_("Kommun"), initial=municipalities.first(), empty_label=None
        )


class PersonForm(MunicipalityChoiceForm):
    identity_number = forms.CharField(
        label=_("Personnummer eller samordningsnummer"), max_length=20,
        help_text=_("ÅÅÅÅMMDD-NNNN. Lagras krypterat och visas bara för kommunens ungdomssamordnare."),
    )  # fmt: skip
    name = forms.CharField(label=_("Namn"), max_length=200)
    gender = forms.ChoiceField(
        label=_("Kön"), choices=[("", _("Juridiskt kön enligt personnumret")), *Gender.choices], required=False
    )
    last_school = forms.CharField(label=_("Senaste skola"), max_length=200, required=False)
    in_kaa = forms.BooleanField(label=_("Registrera i KAA-registret"), required=False, initial=True)


class KaaForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=KaaStatus.choices)
    registered_on = forms.DateField(label=_("Registrerad"), widget=DATE)
    ended_on = forms.DateField(label=_("Avslutad"), widget=DATE, required=False)
    goal = forms.CharField(label=_("Mål"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=2000, help_text=FREE_TEXT_WARNING)  # fmt: skip
    plan = forms.CharField(label=_("Plan"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                           max_length=5000, help_text=FREE_TEXT_WARNING)  # fmt: skip


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["responsible", "description", "starts_on", "ends_on", "end_reason", "follow_up_on"]
        widgets = {
            "starts_on": DATE, "ends_on": DATE, "follow_up_on": DATE,
            "description": forms.Textarea(attrs={"rows": 2}),
        }  # fmt: skip
        help_texts = {"description": FREE_TEXT_WARNING}


class ContactForm(forms.ModelForm):
    class Meta:
        model = ContactAttempt
        fields = ["date", "channel", "reached", "note"]
        widgets = {"date": DATE, "note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"note": FREE_TEXT_WARNING}


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["topic", "given_on", "given_by", "documentation"]
        widgets = {"given_on": DATE}
        help_texts = {
            "documentation": _("T.ex. ”Underskriven blankett, diarienummer …”. Utan dokumentation sparas inget.")
        }


class SensitiveNoteForm(forms.Form):
    topic = forms.ChoiceField(label=_("Gäller"), choices=ConsentTopic.choices)
    text = forms.CharField(
        label=_("Anteckning"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000,
        help_text=_("Bara med ett dokumenterat samtycke som gäller detta. Gallras efter den tid som är satt."),
    )  # fmt: skip


class EnrolForm(forms.Form):
    module = forms.ChoiceField(label=_("Modul"), choices=Module.choices)
    started_on = forms.DateField(label=_("Start"), widget=DATE)

    def __init__(self, *args, organisations, scales, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = forms.ModelChoiceField(organisations, label=_("Anordnare"), empty_label=None)
        self.fields["scale"] = forms.ModelChoiceField(scales, label=_("Stegskala"), empty_label=None)


class StepForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DATE)

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"] = forms.ModelChoiceField(steps, label=_("Nytt steg"), empty_label=None)


class EndEnrolmentForm(forms.Form):
    ended_on = forms.DateField(label=_("Avslutad"), widget=DATE)
    outcome = forms.ChoiceField(label=_("Utfall vid avslut"), choices=Outcome.choices)


class ScaleForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=120)
    steps = forms.CharField(
        label=_("Steg, ett per rad, lägst först"), widget=forms.Textarea(attrs={"rows": 6}), max_length=2000
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = forms.ModelChoiceField(owners, label=_("Organisation"), empty_label=None)


class UploadForm(MunicipalityChoiceForm):
    file = forms.FileField(label=_("Fil (CSV i UTF-8 eller Excel .xlsx)"))


class ThresholdForm(forms.ModelForm):
    class Meta:
        model = SchoolThreshold
        fields = ["school", "total_percent", "invalid_percent", "rise_points", "combined_percent",
                  "combined_failed", "failed_courses"]  # fmt: skip


class FlagFollowUpForm(forms.Form):
    investigation_opened_on = forms.DateField(label=_("Utredning inledd"), widget=DATE, required=False)
    home_informed_on = forms.DateField(label=_("Hemkommunen informerad"), widget=DATE, required=False)


class PeriodForm(forms.Form):
    """The dashboard's filter: organisation, module and period (GET)."""

    module = forms.ChoiceField(label=_("Modul"), choices=[("", _("Alla moduler")), *Module.choices], required=False)
    start = forms.DateField(label=_("Från"), widget=DATE, required=False)
    end = forms.DateField(label=_("Till"), widget=DATE, required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = forms.ModelChoiceField(
            organisations, label=_("Organisation"), required=False, empty_label=None
        )


class HalfYearForm(MunicipalityChoiceForm):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(
        label=_("Halvår"), choices=[(1, _("Första (jan–jun)")), (2, _("Andra (jul–dec)"))], coerce=int
    )


class GrantForm(MunicipalityChoiceForm):
    username = forms.CharField(label=_("Användarnamn"), max_length=150)


# The page's words for the two decisions (``Resolution`` values in the database).
RESOLVE_CHOICES = {"behall": "ours", "lista": "list"}


class ResolveForm(forms.Form):
    """One decision on one or more import conflicts: keep our value or take the list's.
    ``konflikt`` (the "all the same way" form) is limited to the user's open conflicts."""

    val = forms.ChoiceField(
        label=_("Beslut"),
        choices=[("behall", _("Behåll vårt värde")), ("lista", _("Ta listans värde"))],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, conflicts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if conflicts is not None:
            self.fields["konflikt"] = forms.ModelMultipleChoiceField(conflicts, widget=forms.MultipleHiddenInput)

    def choice(self) -> str:
        return RESOLVE_CHOICES[self.cleaned_data["val"]]
