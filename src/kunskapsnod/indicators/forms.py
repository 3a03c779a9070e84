"""GET filter forms of the statistics pages. Every field has a working default, so an
unbound or partly invalid form still yields a page."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kunskapsnod.indicators.analysis.common import ALL_GENDERS, GENDERS, gender_label, parse_gender
from kunskapsnod.indicators.analysis.comparison import MAX_AREAS, MAX_INDICATORS
from kunskapsnod.indicators.analysis.ranking import SORT_KEYS
from kunskapsnod.indicators.widgets import CheckboxList, PlainChoiceIterator, RadioList
from kunskapsnod.regions.models import Organisation
from kunskapsnod.text import is_ascii_digits


def _indicator_choices(indicators):
    return [(i.code, f"{i.code} {i.title}") for i in indicators]


def _slugs(queryset, values):
    """Kolada ids among ``values`` (``1490``) as the slugs the choices use (``boras``), so that
    every filter takes a municipality as its URL does: by slug or by Kolada id."""
    ids = [v for v in values if isinstance(v, str) and is_ascii_digits(v)]
    if not ids:
        return values
    by_id = dict(queryset.filter(kolada_id__in=ids).values_list("kolada_id", "slug"))
    return [by_id.get(v, v) for v in values]


class MunicipalityField(forms.ModelMultipleChoiceField):
    """Municipalities (or associations) by slug or Kolada id, as checkboxes: the statistics
    pages' pickers add a search box to them with JavaScript (static/indicators/statistik.js)."""

    widget = CheckboxList
    iterator = PlainChoiceIterator

    def label_from_instance(self, obj):
        return obj.name

    def clean(self, value):
        return super().clean(_slugs(self.queryset, value) if isinstance(value, (list, tuple)) else value)

    def bound_data(self, data, initial):
        return _slugs(self.queryset, data) if isinstance(data, (list, tuple)) else data


class AssociationChoiceField(forms.ModelChoiceField):
    iterator = PlainChoiceIterator


class OneMunicipalityField(forms.ModelChoiceField):
    """One municipality by slug or Kolada id."""

    iterator = PlainChoiceIterator

    def to_python(self, value):
        return super().to_python(_slugs(self.queryset, [value])[0] if isinstance(value, str) else value)


class GenderRadios(RadioList):
    def value_from_datadict(self, data, files, name):
        # ?gender= (the JSON twins' name) is read too: a page and its twin take the same query.
        return data.get(name, data.get("gender"))


class GenderField(forms.ChoiceField):
    """Totalt / Flickor / Pojkar as a radio group (``kon`` = T, K, M), and "Alla" where a
    chart draws one line per gender. Never invalid: anything else reads as Totalt."""

    widget = GenderRadios

    def __init__(self, *, allow_all: bool = False, **kwargs):
        # Labels evaluated when the form is rendered, in the request's language.
        choices = [(g, lazy(gender_label, str)(g)) for g in GENDERS]
        if allow_all:
            choices.append((ALL_GENDERS, _("Alla (en linje per kön)")))
        self.allow_all = allow_all
        super().__init__(label=_("Kön"), choices=choices, required=False, initial=GENDERS[0], **kwargs)

    def clean(self, value):
        return parse_gender(value, allow_all=self.allow_all)

    def bound_data(self, data, initial):
        # A page asked for without ``kon`` shows Totalt chosen, not an empty radio group.
        return parse_gender(data, allow_all=self.allow_all)


class GenderForm(forms.Form):
    """The gender switch of a page without other filters (the profile, the trend)."""

    kon = GenderField()

    def __init__(self, data=None, *, allow_all: bool = False):
        super().__init__(data)
        if allow_all:
            self.fields["kon"] = GenderField(allow_all=True)

    @property
    def gender(self) -> str:
        return self.cleaned_data["kon"] if self.is_bound and self.is_valid() else GENDERS[0]


class RankingForm(forms.Form):
    year = forms.TypedChoiceField(label=_("År"), coerce=int, required=False)
    kon = GenderField()
    forbund = AssociationChoiceField(
        label=_("Kommunalförbund"),
        queryset=Organisation.objects.associations(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alla kommuner"),
    )
    sort = forms.ChoiceField(choices=[(k, k) for k in SORT_KEYS], required=False, widget=forms.HiddenInput)
    dir = forms.ChoiceField(choices=[("asc", "asc"), ("desc", "desc")], required=False, widget=forms.HiddenInput)
    kommun = MunicipalityField(
        label=_("Kommuner i tidsserien"),
        queryset=Organisation.objects.municipalities(),
        to_field_name="slug",
        required=False,
    )

    def __init__(self, data=None, *, periods: list[int], with_municipalities=True):
        super().__init__(data)
        self.fields["year"].choices = [(p, p) for p in periods]
        if not with_municipalities:
            del self.fields["kommun"]

    def value(self, name, default=None):
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get(name) or default
        return default


class CompareForm(forms.Form):
    nyckeltal = forms.MultipleChoiceField(label=_("Nyckeltal"), required=False, widget=CheckboxList)
    kon = GenderField(allow_all=True)
    kommun = MunicipalityField(
        label=_("Kommuner"),
        queryset=Organisation.objects.municipalities(),
        to_field_name="slug",
        required=False,
    )
    forbund = MunicipalityField(
        label=_("Kommunalförbund (medel av medlemmarna, beräknat)"),
        queryset=Organisation.objects.associations(),
        to_field_name="slug",
        required=False,
    )
    lan = forms.BooleanField(label="Västra Götaland (Kolada)", required=False)
    riket = forms.BooleanField(label=_("Riket (Kolada)"), required=False)

    def __init__(self, data=None, *, indicators):
        super().__init__(data)
        self.fields["nyckeltal"].choices = _indicator_choices(indicators)

    def clean_nyckeltal(self):
        codes = self.cleaned_data["nyckeltal"]
        if len(codes) > MAX_INDICATORS:
            raise forms.ValidationError(gettext("Välj högst %(n)s nyckeltal.") % {"n": MAX_INDICATORS})
        return codes

    def clean(self):
        data = super().clean()
        count = len(data.get("kommun") or []) + len(data.get("forbund") or [])
        if count > MAX_AREAS:
            raise forms.ValidationError(gettext("Välj högst %(n)s kommuner och förbund.") % {"n": MAX_AREAS})
        return data


class SimilarForm(forms.Form):
    struktur = forms.MultipleChoiceField(
        label=_("Strukturprofil (nyckeltal som jämförs)"),
        required=False,
        widget=CheckboxList,
        help_text=_("Förval: de socioekonomiska nyckeltalen i uppsättningen som har värden. Inget valt ger förvalet."),
    )
    utfall = forms.ChoiceField(label=_("Utfall att jämföra"), required=False)

    def __init__(self, data=None, *, indicators):
        super().__init__(data)
        self.fields["struktur"].choices = _indicator_choices(indicators)
        self.fields["utfall"].choices = _indicator_choices([i for i in indicators if i.higher_is_better is not None])


class MunicipalityChoiceForm(forms.Form):
    kommun = OneMunicipalityField(
        label=_("Kommun"),
        queryset=Organisation.objects.municipalities(),
        to_field_name="slug",
        empty_label=None,
    )
