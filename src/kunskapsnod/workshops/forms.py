from django import forms
from django.utils.translation import gettext_lazy as _

from kunskapsnod.mapping.access import latest_model
from kunskapsnod.regions.permissions import writable_organisations
from kunskapsnod.workshops.models import MAX_DOTS, NoteKind, SortBy


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    organisation = forms.ModelChoiceField(
        label=_("Kommun eller nätverk"),
        queryset=None,
        help_text=_(
            "När organisationen är en kommun kan du granska resultatet och spara det som kommunens prioriterade behov."
        ),
    )
    dots_per_participant = forms.IntegerField(
        label=_("Pluppar per deltagare"),
        min_value=1,
        max_value=MAX_DOTS,
        initial=5,
    )
    note_kind = forms.ChoiceField(label=_("Lapparna gäller"), choices=NoteKind.choices, initial=NoteKind.NEED)
    # Not required: a form posted without it (an older page, a script) sorts by level.
    sort_by = forms.ChoiceField(
        label=_("Sortera lapparna"),
        choices=SortBy.choices,
        initial=SortBy.LEVEL,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Municipalities first, then associations: the usual owners of a workshop.
        self.fields["organisation"].queryset = writable_organisations(user).order_by("-kind", "name")
        set_sort_by_choices(self.fields["sort_by"])

    def clean_sort_by(self) -> str:
        return self.cleaned_data["sort_by"] or SortBy.LEVEL


def set_sort_by_choices(field: forms.ChoiceField) -> None:
    """Say which analysis model's themes become the columns; without one, by level only."""
    model = latest_model()
    if model is None:
        field.choices = [(SortBy.LEVEL.value, SortBy.LEVEL.label)]
        field.help_text = _("Det finns ingen analysmodell med teman ännu, så lapparna sorteras efter nivå.")
    else:
        field.help_text = _(
            "Efter tema blir kolumnerna temana i %(model)s. Det går att ändra tills sorteringen börjar."
        ) % {"model": model}


class SortByForm(forms.Form):
    sort_by = forms.ChoiceField(label=_("Sortera lapparna"), choices=SortBy.choices, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_sort_by_choices(self.fields["sort_by"])


class JoinCodeForm(forms.Form):
    kod = forms.CharField(label=_("Kod"), max_length=20, help_text=_("Sex tecken, t.ex. K7M2QX."))
