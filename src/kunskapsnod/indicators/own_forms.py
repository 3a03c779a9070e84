"""Forms of the own indicators' staff pages; the services validate again and write."""

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kunskapsnod.indicators.models import OWN_PREFIX, OWN_THEME, Indicator
from kunskapsnod.indicators.services.own import own_code
from kunskapsnod.regions.models import Organisation

DIRECTIONS = [
    ("hogre", _("Högre är bättre")),
    ("lagre", _("Lägre är bättre")),
    ("", _("Varken eller (ingen rangordning)")),
]
_DIRECTION_VALUES = {"hogre": True, "lagre": False, "": None}


class AssociationField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class OwnIndicatorForm(forms.Form):
    code = forms.CharField(
        label=_("Kod"),
        max_length=Indicator._meta.get_field("code").max_length,
        help_text=format_lazy(
            _(
                "Till exempel CAN-ALKOHOL-AK9; sparas som {prefix}CAN-ALKOHOL-AK9 så att den aldrig "
                "kan förväxlas med ett Kolada-id. Koden går inte att ändra efteråt."
            ),
            prefix=OWN_PREFIX,
        ),
    )
    owner = AssociationField(
        label=_("Kommunalförbund"), queryset=Organisation.objects.none(), empty_label=_("Välj förbund")
    )
    title = forms.CharField(label=_("Titel"), max_length=400)
    unit = forms.CharField(
        label=_("Enhet"), max_length=100, required=False, help_text=_("Till exempel andel (%) eller antal.")
    )
    direction = forms.ChoiceField(label=_("Riktning"), choices=DIRECTIONS, required=False)
    source = forms.CharField(
        label=_("Källa"),
        max_length=300,
        help_text=_("Visas som ”Källa: …” under varje diagram och tabell, t.ex. CAN:s drogvaneundersökning."),
    )
    description = forms.CharField(label=_("Definition"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    contact = forms.CharField(
        label=_("Kontakt"), max_length=300, required=False, help_text=_("Vem som svarar på frågor.")
    )
    theme = forms.CharField(
        label=_("Tema"), max_length=100, required=False, help_text=format_lazy(_("Tomt: {theme}."), theme=_(OWN_THEME))
    )

    def __init__(self, data=None, *, owners: list[Organisation], indicator: Indicator | None = None):
        initial = _initial(indicator) if indicator else {}
        super().__init__(data, initial=initial)
        if indicator is not None:
            del self.fields["code"], self.fields["owner"]
        elif len(owners) == 1:
            del self.fields["owner"]
            self.owner = owners[0]
        else:
            self.fields["owner"].queryset = Organisation.objects.filter(pk__in=[o.pk for o in owners]).order_by("name")

    def clean_code(self):
        return own_code(self.cleaned_data["code"])

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["higher_is_better"] = _DIRECTION_VALUES[data.pop("direction") or ""]
        if "owner" not in self.fields and hasattr(self, "owner"):
            data["owner"] = self.owner
        return data


def _initial(indicator: Indicator) -> dict:
    direction = {True: "hogre", False: "lagre", None: ""}[indicator.higher_is_better]
    fields = ("title", "unit", "source", "description", "contact", "theme")
    return {"direction": direction, **{name: getattr(indicator, name) for name in fields}}


class OwnValuesForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med värden (CSV eller Excel)"),
        help_text=_(
            "Kolumnerna kpi, municipality_id, period, gender, value och gärna status och source, "
            "som i Koladas CSV-import; semikolon och decimalkomma som svenska Excel skriver går bra."
        ),
    )

    def clean_file(self):
        upload, limit = self.cleaned_data["file"], settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                gettext("Filen är större än %(size)s MB.") % {"size": f"{limit / (1024 * 1024):.0f}"}
            )
        return upload
