"""The staff's forms (a survey, a question, a file of addresses) and the respondent's form,
built from the survey's questions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kunskapsnod.regions.models import Organisation
from kunskapsnod.surveys.models import CHOICES_MAX, LIKERT_SCALE, Question, QuestionKind, Survey
from kunskapsnod.surveys.services import municipality_choices

FIELD_PREFIX = "q-"


class SurveyForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(Organisation.objects.none(), label=_("Förbund"))
    from_template = forms.BooleanField(
        label=_("Börja från mallen"),
        required=False,
        initial=True,
        help_text=_(
            "De tre standardfrågorna (känner till stödet, vad det tillfört kommunernas ordinarie arbete, "
            "om samverkan stärkts), en fritextfråga och bakgrund (kommun, sektor, roll)."
        ),
    )

    class Meta:
        model = Survey
        fields = ["organisation", "title", "year", "introduction", "open_link"]
        help_texts = {
            "open_link": _("En länk som vem som helst med länken kan svara via, utöver de personliga länkarna."),
            "introduction": _("Visas överst för den som svarar."),
        }

    def __init__(self, *args, associations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organisation"], self.fields["from_template"]
        else:
            self.fields["organisation"].queryset = associations
            if associations is not None and associations.count() == 1:
                self.fields["organisation"].initial = associations.first()
        self.fields["year"].widget = forms.NumberInput(attrs={"min": 2000, "max": 2100})


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Svarsalternativ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ett alternativ per rad (för Ett val och Flera val), högst %(max)s.") % {"max": CHOICES_MAX},
    )

    class Meta:
        model = Question
        fields = ["kind", "text", "help_text", "required", "choices_text"]
        fields += ["low_label", "high_label", "background", "key"]
        help_texts = {
            "key": _("Frågor med samma nyckel jämförs mellan åren. Lämnas tom: bildas av frågetexten."),
            "background": _("Resultaten delas upp på svaren (för Ett val och Kommun)."),
            "low_label": _("För Skala 1–5, t.ex. ”Instämmer inte alls”."),
            "high_label": _("För Skala 1–5, t.ex. ”Instämmer helt”."),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].required = False
        self.fields["choices_text"].initial = "\n".join(self.instance.choices or [])

    def save(self, commit=True):
        question = super().save(commit=False)
        question.choices = [line.strip() for line in self.cleaned_data["choices_text"].splitlines() if line.strip()]
        return question


class AddressFileForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med e-postadresser"),
        help_text=_(
            "CSV- eller textfil: en adress per rad, eller en kolumn med rubriken ”E-post”. "
            "Semikolon, komma eller tabb som avgränsare."
        ),
    )


class ConfirmAddressesForm(forms.Form):
    addresses = forms.CharField(widget=forms.HiddenInput)

    def address_list(self) -> list[str]:
        return [a for a in self.cleaned_data["addresses"].split() if a]


class ResponseForm(forms.Form):
    """One field per question, named ``q-<key>``; :meth:`answers` gives the services'
    shape (key → int, list of ints or text)."""

    def __init__(self, *args, survey: Survey, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[FIELD_PREFIX + question.key] = _field(survey, question)

    def answers(self) -> dict:
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(FIELD_PREFIX + question.key)
            if question.kind == QuestionKind.MULTIPLE:
                value = [int(v) for v in value or []]
            elif question.kind != QuestionKind.TEXT and value not in (None, ""):
                value = int(value)
            answers[question.key] = value
        return answers

    def add_answer_errors(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            self.add_error(FIELD_PREFIX + key, message)

    def rows(self):
        """(question, bound field) in order, for the template."""
        return [(q, self[FIELD_PREFIX + q.key]) for q in self.questions]


def _field(survey: Survey, question: Question) -> forms.Field:
    common = {"label": question.text, "required": question.required, "help_text": question.help_text}
    if question.kind == QuestionKind.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, **common)
    if question.kind == QuestionKind.MULTIPLE:
        return forms.TypedMultipleChoiceField(
            choices=list(enumerate(question.choices)), widget=forms.CheckboxSelectMultiple, coerce=int, **common
        )
    if question.kind == QuestionKind.MUNICIPALITY:
        choices = [("", _("Välj kommun"))] + [(str(pk), name) for pk, name in municipality_choices(survey)]
        return forms.ChoiceField(choices=choices, **common)
    if question.kind == QuestionKind.LIKERT:
        choices = [(str(v), _likert_label(question, v)) for v in LIKERT_SCALE]
    else:
        choices = [(str(i), label) for i, label in enumerate(question.choices)]
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)


def _likert_label(question: Question, value: int) -> str:
    end = {1: question.low_label, 5: question.high_label}.get(value)
    return f"{value} – {end}" if end else str(value)
