from django import forms
from django.utils.translation import gettext_lazy as _

from kunskapsnod.accounts.activity import ACTION_CHOICES
from kunskapsnod.accounts.models import User
from kunskapsnod.accounts.services import audited_model_choices


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(User.objects.order_by("username"), required=False, label=_("Användare"))
    model = forms.ChoiceField(required=False, label=_("Typ av uppgift"))
    action = forms.TypedChoiceField(
        choices=[("", _("Alla händelser")), *ACTION_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Händelse"),
    )
    date_from = forms.DateField(required=False, label=_("Från och med"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label=_("Till och med"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("Alla typer")), *audited_model_choices()]
        self.fields["actor"].empty_label = _("Alla användare")
