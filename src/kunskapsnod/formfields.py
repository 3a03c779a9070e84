"""Every drop-down of every form says what to do when nothing is chosen ("Välj kommun …")
instead of Django's "---------".

Django has no setting for the blank choice's label: a ModelChoiceField takes
``empty_label="---------"`` and a model field with choices offers ``BLANK_CHOICE_DASH``.
So, once at start-up (:func:`install`, from ``AccountsConfig.ready``), every form's
``__init__`` relabels what is still the dash after the form has set itself up; a form that
names its own empty choice ("Alla kommuner" in a filter) keeps it. This covers every app's
forms, the admin's and the ones not written yet; tests/test_select_labels.py walks every
page and fails on a dashed choice."""

import functools

from django import forms
from django.utils.translation import gettext as _

DASH = "---------"


def label_empty_choices(form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField) and field.empty_label == DASH:
            field.empty_label = choose(field.label or name)
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            choices = list(field.choices)
            if any(value == "" and label == DASH for value, label in choices):
                label = choose(field.label or name)
                field.choices = [(value, label if value == "" and text == DASH else text) for value, text in choices]


def choose(label) -> str:
    """ "Välj kommun …" for a field labelled "Kommun" (an abbreviation such as KAA keeps its case)."""
    text = str(label).strip().rstrip(":")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return _("Välj %(what)s …") % {"what": text}


def install() -> None:
    init = forms.BaseForm.__init__
    if getattr(init, "labels_empty_choices", False):
        return

    @functools.wraps(init)
    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        label_empty_choices(self)

    __init__.labels_empty_choices = True  # type: ignore[attr-defined]
    forms.BaseForm.__init__ = __init__  # type: ignore[method-assign]
