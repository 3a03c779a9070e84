from django import forms
from django.utils.translation import gettext_lazy as _

from kunskapsnod.regions.permissions import writable_organisations
from kunskapsnod.workshops.models import MAX_DOTS, NoteKind


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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Municipalities first, then associations: the usual owners of a workshop.
        self.fields["organisation"].queryset = writable_organisations(user).order_by("-kind", "name")


class JoinCodeForm(forms.Form):
    kod = forms.CharField(label=_("Kod"), max_length=20, help_text=_("Sex tecken, t.ex. K7M2QX."))
